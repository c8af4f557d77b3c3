package io.fleetbridge.daemon.reliability;

import io.fleetbridge.testsupport.Deadline;
import io.nats.client.Connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Publishes {@code total} numbered inputs on the ingest subject on a fixed schedule, from its own
 * thread ({@code reliability-sender}): input {@code i} is due at {@code start + i / rate}, so a
 * stall on the way shows up as a backlog the sender catches up on, never as a slower test.
 *
 * <p>The test thread drives the faults by waiting for progress ({@link #awaitSent}) and may hold
 * the sender ({@link #hold}, {@link #release}) around a fault that would lose core NATS traffic
 * outside the daemon (an ingest server restart). Not reusable: one run per instance.
 */
final class PacedSender implements AutoCloseable
{
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final Connection connection;
    private final String subject;
    private final long intervalNs;
    private final int total;
    private final IntFunction<byte[]> inputs;
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile boolean held;
    private volatile boolean idle;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /**
     * @param inputs the bytes of input {@code i}; called on the sender thread
     */
    PacedSender(final Connection connection, final String subject, final int perSecond, final int total,
        final IntFunction<byte[]> inputs)
    {
        this.connection = connection;
        this.subject = subject;
        this.intervalNs = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.total = total;
        this.inputs = inputs;
        this.thread = new Thread(this::run, "reliability-sender");
        this.thread.setDaemon(true);
    }

    PacedSender start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        try
        {
            long dueNs = System.nanoTime();
            for (int i = 0; i < total && !stopped; i++)
            {
                if (held)
                {
                    idle = true;
                    while (held && !stopped)
                    {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    idle = false;
                    dueNs = System.nanoTime(); // a hold is a pause in the schedule, not a backlog
                }
                connection.publish(subject, inputs.apply(i));
                sent.incrementAndGet();
                dueNs += intervalNs;
                final long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0)
                {
                    LockSupport.parkNanos(waitNs);
                }
            }
            connection.flush(Duration.ofSeconds(10));
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    /** Inputs handed to the client so far. */
    int sent()
    {
        return sent.get();
    }

    void awaitSent(final int count)
    {
        Deadline.await(WAIT, count + " inputs sent", () -> sent.get() >= count || failure != null || !thread.isAlive());
        checkFailure();
    }

    /** Stops sending and returns once nothing more is on its way (flushed to the server). */
    void hold() throws Exception
    {
        held = true;
        Deadline.await(WAIT, "the sender to stop", () -> idle || !thread.isAlive());
        connection.flush(Duration.ofSeconds(10));
    }

    void release()
    {
        held = false;
    }

    /** Waits for the last input to be sent and flushed. */
    void awaitDone() throws InterruptedException
    {
        thread.join(WAIT.toMillis());
        checkFailure();
        if (thread.isAlive())
        {
            throw new AssertionError("sender still running after " + WAIT + ": " + sent() + " of " + total);
        }
    }

    private void checkFailure()
    {
        if (failure != null)
        {
            throw new AssertionError("sender failed after " + sent() + " inputs", failure);
        }
    }

    @Override
    public void close()
    {
        stopped = true;
        held = false;
        try
        {
            thread.join(WAIT.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
