package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.Nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every load source of the rig shares: one connection per sender thread, threads and
 * jnats threads named {@value #THREAD_PREFIX}-* so that {@link CpuMeter} counts them as the
 * source's, a sent counter, and the stop-and-flush that makes "sent" mean "reached the server".
 * A subclass says only how its sender thread {@code index} of {@code stride} sends.
 */
abstract class SenderPool implements AutoCloseable
{
    static final String THREAD_PREFIX = "rig-source";

    protected final Cell cell;
    protected final LongAdder sent = new LongAdder();
    protected volatile boolean running;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(RigConnections.named(THREAD_PREFIX + "-nats"));

    SenderPool(final Cell cell)
    {
        this.cell = cell;
    }

    /** Connects one connection per sender thread; nothing is sent yet. */
    void connect(final int senders) throws Exception
    {
        final ThreadFactory io = RigConnections.named(THREAD_PREFIX + "-io");
        for (int i = 0; i < senders; i++)
        {
            connections.add(Nats.connect(RigConnections.settings(cell.url(), THREAD_PREFIX + "-" + i)
                .executor(executor)
                .readerThreadFactory(io)
                .writerThreadFactory(io)
                .build()));
        }
    }

    /** Starts one sender thread per connection. */
    void start()
    {
        running = true;
        final int stride = connections.size();
        for (int i = 0; i < stride; i++)
        {
            final int index = i;
            final Connection connection = connections.get(i);
            final Thread thread = RigConnections.named(THREAD_PREFIX + "-send").newThread(() -> send(connection, index, stride));
            threads.add(thread);
            thread.start();
        }
    }

    /** The loop of sender thread {@code index}: sends messages {@code index, index + stride, ...} while running. */
    protected abstract void send(Connection connection, int index, int stride);

    /** Messages published so far. */
    long sent()
    {
        return sent.sum();
    }

    /** Stops sending and flushes, so that everything counted as sent has reached the server. */
    void stop() throws Exception
    {
        running = false;
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (final Connection connection : connections)
        {
            connection.flush(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close()
    {
        running = false;
        RigConnections.closeAll(connections);
        executor.shutdownNow();
    }
}
