package io.fleetbridge.bench.rig;

import io.nats.client.Nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every load source of the rig shares: one {@link SourceLink} of the chosen {@link SourceKind}
 * per sender thread, threads (jnats' included) named {@value #THREAD_PREFIX}-* so that
 * {@link CpuMeter} counts them as the source's, a sent counter, and the stop-and-flush that makes
 * "sent" mean "reached the server". A subclass says only how its sender thread {@code index} of
 * {@code stride} sends. A sender thread that fails stops, and {@link #stop()} throws its failure.
 */
abstract class SenderPool implements AutoCloseable
{
    static final String THREAD_PREFIX = "rig-source";

    protected final Cell cell;
    protected final LongAdder sent = new LongAdder();
    protected volatile boolean running;
    private final SourceKind kind;
    private final List<SourceLink> links = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(RigConnections.named(THREAD_PREFIX + "-nats"));

    SenderPool(final Cell cell, final SourceKind kind)
    {
        this.cell = cell;
        this.kind = kind;
    }

    /**
     * Connects one link per sender thread; nothing is sent yet. Link i sends on the ingest subject of the cell's lane
     * {@code i % lanes}, so that the senders are split over the lanes.
     */
    void connect(final int senders) throws Exception
    {
        final ThreadFactory io = RigConnections.named(THREAD_PREFIX + "-io");
        for (int i = 0; i < senders; i++)
        {
            final String name = THREAD_PREFIX + "-" + i;
            final String subject = cell.lane(i % cell.lanes()).ingestSubject();
            links.add(kind == SourceKind.SOCKET
                ? SocketSourceLink.open(cell.url(), name, cell.messages(), subject, io)
                : new JnatsSourceLink(Nats.connect(RigConnections.settings(cell.url(), name)
                    .executor(executor)
                    .readerThreadFactory(io)
                    .writerThreadFactory(io)
                    .build()), cell.messages(), subject));
        }
    }

    /** Starts one sender thread per link. */
    void start()
    {
        running = true;
        final int stride = links.size();
        for (int i = 0; i < stride; i++)
        {
            final int index = i;
            final SourceLink link = links.get(i);
            final Thread thread = RigConnections.named(THREAD_PREFIX + "-send").newThread(() ->
            {
                try
                {
                    send(link, index, stride);
                }
                catch (final Exception ex)
                {
                    failure.compareAndSet(null, ex);
                }
            });
            threads.add(thread);
            thread.start();
        }
    }

    /** The loop of sender thread {@code index}: sends messages {@code index, index + stride, ...} while running. */
    protected abstract void send(SourceLink link, int index, int stride) throws Exception;

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
        final Exception failed = failure.get();
        if (failed != null)
        {
            throw new IllegalStateException("the load source stopped sending: " + failed, failed);
        }
        for (final SourceLink link : links)
        {
            link.flush(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close()
    {
        running = false;
        links.forEach(SourceLink::close);
        executor.shutdownNow();
    }
}
