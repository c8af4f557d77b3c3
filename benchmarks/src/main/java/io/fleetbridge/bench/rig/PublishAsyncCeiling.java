package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ceiling (a): raw jnats asynchronous JetStream publishing of pre-encoded envelopes, with the
 * same {@code Nats-Msg-Id} header and subjects the adapter uses, and no ingest or decoding at
 * all. What JetStream takes from one JVM on this machine.
 *
 * <p>Threads: one publisher thread per connection ({@code ceiling-pub-N}), each keeping up to
 * {@code acksInFlight / connections} publishes unacknowledged (a semaphore released by the ack
 * callback on jnats' reply thread). It makes its own load; no load source. Allocates per
 * message only what jnats needs (headers, id string).
 */
final class PublishAsyncCeiling implements Variant
{
    private static final int POOL = 1024;

    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running;
    private Semaphore[] windows;
    private Cell cell;

    @Override
    public String name()
    {
        return "(a) publishAsync ceiling";
    }

    @Override
    public boolean needsSource()
    {
        return false;
    }

    @Override
    public void prepare(final Cell cell) throws Exception
    {
        this.cell = cell;
        final int perConnection = Math.max(1, cell.acksInFlight() / cell.connections());
        windows = new Semaphore[cell.connections()];
        for (int i = 0; i < cell.connections(); i++)
        {
            connections.add(RigConnections.open(cell.url(), "ceiling-pub-" + i));
            windows[i] = new Semaphore(perConnection);
        }
    }

    @Override
    public void start()
    {
        running = true;
        final int stride = connections.size();
        for (int i = 0; i < stride; i++)
        {
            final int index = i;
            final Thread thread = new Thread(() -> publish(index, stride), "ceiling-pub-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void publish(final int index, final int stride)
    {
        final RegistrationTransports messages = cell.messages();
        final byte[][] bodies = new byte[POOL][];
        final String[] subjects = new String[POOL];
        for (int i = 0; i < POOL; i++)
        {
            bodies[i] = messages.envelope(i);
            subjects[i] = cell.subjectPrefix() + "." + messages.senderOf(i);
        }
        final JetStream js = RigConnections.jetStream(connections.get(index));
        final Semaphore window = windows[index];
        // each thread takes every stride-th sequence number, so request ids never repeat
        for (long seq = index; running; seq += stride)
        {
            try
            {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS))
                {
                    continue;
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
            final int slot = (int)(seq % POOL);
            final Headers headers = new Headers().put("Nats-Msg-Id", messages.requestId(seq));
            sent.increment();
            js.publishAsync(subjects[slot], headers, bodies[slot]).whenComplete((ack, error) ->
            {
                if (error == null)
                {
                    acked.increment();
                }
                else
                {
                    failed.increment();
                }
                window.release();
            });
        }
    }

    @Override
    public long completed()
    {
        return acked.sum() + failed.sum();
    }

    @Override
    public long dropped()
    {
        return failed.sum();
    }

    @Override
    public long sent()
    {
        return sent.sum();
    }

    @Override
    public boolean drain(final Duration bound, final long offered) throws InterruptedException
    {
        running = false;
        for (final Thread thread : threads)
        {
            thread.join(bound.toMillis());
        }
        return Outstanding.await(bound, () -> sent.sum() - completed());
    }

    @Override
    public void close()
    {
        running = false;
        RigConnections.closeAll(connections);
    }
}
