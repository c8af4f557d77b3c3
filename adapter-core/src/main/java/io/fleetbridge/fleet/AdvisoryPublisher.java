package io.fleetbridge.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.TimeoutException;

/**
 * Publishes age advisories to JetStream and waits for each acknowledgement, retrying with the
 * same {@code Nats-Msg-Id} (the advisory's derived id), as the Stream Replicator does with
 * {@code reliable: true} (ten tries, {@code advisor/advisor.go}). Unlike there, the id is the
 * same for the same event from any tracker, so retries and twin trackers are stored once.
 *
 * <p>{@link #offer} is called by the tracker's thread and never blocks: a full queue refuses the
 * advisory (the tracker offers a scan's again later, and reports the rest as {@link #lost}). One
 * thread, {@code fleet-advisories-<adapter>}, publishes up to {@link #WINDOW} at once and settles
 * them in order. Advisories are rare (a few per node per
 * outage), so they allocate freely.
 */
public final class AdvisoryPublisher implements AdvisorySink, AutoCloseable
{
    /** Acknowledgements waited for at once. */
    static final int WINDOW = 256;
    /** Tries per advisory, as the replicator's reliable mode. */
    static final int TRIES = 10;
    /** How long {@link #close} waits for the thread after interrupting it. */
    static final long CLOSE_WAIT_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryPublisher.class);
    private static final AgeAdvisory STOP = new AgeAdvisory(AdvisoryEvent.NEW, "", 0, 0, 0, 0);

    private final String adapter;
    private final JetStream jetStream;
    private final String subjectTemplate;
    private final String inspectField;
    private final String replicator;
    private final long ackTimeoutMs;
    private final FleetCounters counters;
    private final BlockingQueue<AgeAdvisory> queue;
    /** Advisories queued, and those settled (stored, or given up): their difference is {@link #unsettled()}. */
    private final LongAdder taken = new LongAdder();
    private final LongAdder settled = new LongAdder();
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param subjectTemplate where to publish: {@code %s} becomes the event, {@code %v} the node
     * @param inspectField    the advisory's {@code inspect_field}
     * @param replicator      the advisory's {@code replicator}: who made it
     */
    public AdvisoryPublisher(final String adapter, final Connection connection, final String subjectTemplate,
        final String inspectField, final String replicator, final long ackTimeoutMs, final int queueCapacity,
        final FleetCounters counters) throws IOException
    {
        this.adapter = adapter;
        this.jetStream = connection.jetStream();
        this.subjectTemplate = subjectTemplate;
        this.inspectField = inspectField;
        this.replicator = replicator;
        this.ackTimeoutMs = ackTimeoutMs;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "fleet-advisories-" + adapter);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one advisory; false when the queue is full or the publisher is closing. */
    @Override
    public boolean offer(final AgeAdvisory advisory)
    {
        if (stopping || !queue.offer(advisory))
        {
            return false;
        }
        taken.increment();
        return true;
    }

    @Override
    public long unsettled()
    {
        return taken.sum() - settled.sum();
    }

    @Override
    public void lost(final AgeAdvisory advisory)
    {
        counters.lost.increment();
    }

    /** Advisories queued or awaiting their acknowledgement. */
    public int backlog()
    {
        return queue.size();
    }

    /** Publishes what is queued (waiting at most {@code drainMs}), then stops the thread; what is left is counted as lost. */
    public void close(final long drainMs)
    {
        stopping = true;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, drainMs));
        try
        {
            // never put: a full queue behind an unanswering server would hold a daemon's stop for minutes
            if (queue.offer(STOP, Math.max(1, drainMs), TimeUnit.MILLISECONDS))
            {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        try
        {
            // the thread ends at its next wait once interrupted; it is a daemon thread, so a stuck one cannot hold the JVM
            thread.join(CLOSE_WAIT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        close(5_000);
    }

    private void run()
    {
        final ArrayDeque<InFlight> window = new ArrayDeque<>();
        boolean draining = false;
        // taken out of the window while its retries run: an interrupt there must still count it
        InFlight settling = null;
        try
        {
            while (!draining || !window.isEmpty())
            {
                if (!draining)
                {
                    final AgeAdvisory next = window.isEmpty() ? queue.take() : queue.poll();
                    if (next == STOP)
                    {
                        draining = true;
                    }
                    else if (next != null)
                    {
                        window.add(send(next, 1));
                        if (window.size() < WINDOW)
                        {
                            continue;
                        }
                    }
                }
                settling = window.poll();
                if (settling != null)
                {
                    settle(settling);
                    settling = null;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final int left = window.size() + (settling == null ? 0 : 1) + (int)queue.stream().filter(a -> a != STOP).count();
        if (left > 0)
        {
            counters.lost.add(left);
            settled.add(left);
            LOG.warn("fleet {}: {} advisories not published at shutdown", adapter, left);
        }
    }

    private InFlight send(final AgeAdvisory advisory, final int attempt)
    {
        final String id = advisory.eventId();
        final PublishOptions options = PublishOptions.builder().messageId(id).build();
        CompletableFuture<PublishAck> future;
        try
        {
            future = jetStream.publishAsync(advisory.subject(subjectTemplate), advisory.json(inspectField, replicator), options);
        }
        catch (final RuntimeException ex)
        {
            future = CompletableFuture.failedFuture(ex);
        }
        return new InFlight(advisory, attempt, future);
    }

    private void settle(final InFlight sent) throws InterruptedException
    {
        InFlight current = sent;
        while (true)
        {
            try
            {
                final PublishAck ack = current.future.get(ackTimeoutMs, TimeUnit.MILLISECONDS);
                if (ack.isDuplicate())
                {
                    counters.duplicates.increment();
                }
                else
                {
                    counters.published(current.advisory.event()).increment();
                }
                settled.increment();
                return;
            }
            catch (final ExecutionException | TimeoutException | java.util.concurrent.CancellationException ex)
            {
                current.future.cancel(false);
                counters.publishErrors.increment();
                if (current.attempt >= TRIES)
                {
                    counters.lost.increment();
                    settled.increment();
                    LOG.warn("fleet {}: gave up on {} advisory for {} after {} tries: {}", adapter,
                        current.advisory.event().wireName(), current.advisory.node(), current.attempt, ex.toString());
                    return;
                }
                // back off as the replicator does, longer each try, capped; the same id makes the retry safe
                Thread.sleep(Math.min(5_000L, 250L << Math.min(4, current.attempt - 1)));
                current = send(current.advisory, current.attempt + 1);
            }
        }
    }

    private record InFlight(AgeAdvisory advisory, int attempt, CompletableFuture<PublishAck> future)
    {
    }
}
