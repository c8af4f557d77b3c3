package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.Nats;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The fleet: publishes registration transports on the ingest subject with core NATS, as fast as
 * the flow control lets it, from its own connections.
 *
 * <p>Flow control: a sender waits while {@code sent - completed() >= window}, where
 * {@code completed()} is what the variant under test has acknowledged, handed off or dropped.
 * That keeps the variant's ingest within a bounded distance (PERF-NOTES: without it a bridge
 * loses about 1.5M messages per run to slow-consumer drops, which hides its throughput behind
 * the loss). A variant that drops when full (the Go port) still drops: its drops complete
 * messages too, so the source runs as fast as that variant can take and discard.
 *
 * <p>Threads: one sender thread per connection and every jnats thread of those connections are
 * named {@value #THREAD_PREFIX}-N, so that the rig can count the source's CPU apart from the
 * variant's. Allocates one transport array per message.
 */
final class LoadSource implements AutoCloseable
{
    static final String THREAD_PREFIX = "rig-source";
    private static final long BACKOFF_NS = 20_000;

    private final Cell cell;
    private final LongSupplier completed;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final ExecutorService executor;
    private volatile boolean running;

    LoadSource(final Cell cell, final LongSupplier completed)
    {
        this.cell = cell;
        this.completed = completed;
        this.executor = Executors.newCachedThreadPool(RigConnections.named(THREAD_PREFIX + "-nats"));
    }

    /** Connects {@code senders} connections; nothing is sent yet. */
    void connect(final int senders) throws Exception
    {
        final ThreadFactory factory = RigConnections.named(THREAD_PREFIX + "-io");
        for (int i = 0; i < senders; i++)
        {
            connections.add(connection(cell.url(), i, executor, factory));
        }
    }

    /** A connection of a load source: its jnats threads named so that {@link CpuMeter} counts them as the source's. */
    static Connection connection(final String url, final int index, final ExecutorService executor, final ThreadFactory io)
        throws IOException, InterruptedException
    {
        return Nats.connect(RigConnections.settings(url, THREAD_PREFIX + "-" + index)
            .executor(executor)
            .readerThreadFactory(io)
            .writerThreadFactory(io)
            .build());
    }

    void start()
    {
        running = true;
        final int stride = connections.size();
        for (int i = 0; i < stride; i++)
        {
            final int index = i;
            final Thread thread = RigConnections.named(THREAD_PREFIX + "-send").newThread(() -> send(index, stride));
            threads.add(thread);
            thread.start();
        }
    }

    private void send(final int index, final int stride)
    {
        final Connection connection = connections.get(index);
        final RegistrationTransports messages = cell.messages();
        final RegistrationTransports.Scratch scratch = messages.newScratch();
        final String subject = cell.ingestSubject();
        final long window = cell.window();
        for (long seq = index; running; seq += stride)
        {
            while (sent.sum() - completed.getAsLong() >= window)
            {
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(BACKOFF_NS);
            }
            connection.publish(subject, messages.transport(seq, scratch));
            sent.increment();
        }
    }

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
