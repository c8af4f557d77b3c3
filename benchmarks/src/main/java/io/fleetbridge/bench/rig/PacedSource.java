package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.LatencyRecorder;

import io.nats.client.Connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The fleet in open loop: publishes registration transports on the ingest subject with core
 * NATS on a fixed {@link PacingSchedule}, never waiting for the system under test (no window, no
 * flow control), so that a slow adapter shows as latency and drops instead of slowing the load.
 *
 * <p>Each sender thread owns one connection and the messages {@code i = k, k + n, k + 2n, ...}
 * of the schedule. It parks until a message is due and then sends at once everything that is
 * due, so a sender that was descheduled catches up instead of shifting the schedule. For every
 * message it records its <em>lag</em>, send time minus intended time, in {@link #lag()}: the
 * report shows that the load really was open loop (a lag far above the message interval means
 * the source itself could not keep the rate, and the rate achieved says by how much).
 *
 * <p>Threads: the sender threads ({@value LoadSource#THREAD_PREFIX}-send-N) and the jnats
 * threads of their connections, named as {@link LoadSource}'s so that {@link CpuMeter} counts
 * them as the source's. Allocates one transport array per message. Parking costs about 50 µs of
 * timer slack on Linux, which shows in the lag; spinning instead would steal the CPU the
 * adapter shares with the source when the JVM is pinned.
 */
final class PacedSource implements AutoCloseable
{
    /** The first message is due this long after {@link #start()}, so that every thread is running by then. */
    private static final long START_DELAY_NS = 5_000_000;

    private final Cell cell;
    private final long perSecond;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LatencyRecorder lag = new LatencyRecorder();
    private final ExecutorService executor;
    private volatile boolean running;

    /** @param perSecond the target rate, at least 1 msg/s */
    PacedSource(final Cell cell, final long perSecond)
    {
        this.cell = cell;
        this.perSecond = perSecond;
        this.executor = Executors.newCachedThreadPool(RigConnections.named(LoadSource.THREAD_PREFIX + "-nats"));
    }

    /** Connects one connection per sender thread; nothing is sent yet. */
    void connect(final int senders) throws Exception
    {
        final ThreadFactory io = RigConnections.named(LoadSource.THREAD_PREFIX + "-io");
        for (int i = 0; i < senders; i++)
        {
            connections.add(LoadSource.connection(cell.url(), i, executor, io));
        }
    }

    void start()
    {
        final PacingSchedule schedule = new PacingSchedule(System.nanoTime() + START_DELAY_NS, perSecond);
        running = true;
        final int stride = connections.size();
        for (int i = 0; i < stride; i++)
        {
            final int index = i;
            final Thread thread = RigConnections.named(LoadSource.THREAD_PREFIX + "-send")
                .newThread(() -> send(schedule, index, stride));
            threads.add(thread);
            thread.start();
        }
    }

    private void send(final PacingSchedule schedule, final int index, final int stride)
    {
        final Connection connection = connections.get(index);
        final RegistrationTransports messages = cell.messages();
        final RegistrationTransports.Scratch scratch = messages.newScratch();
        final String subject = cell.ingestSubject();
        for (long seq = index; running; seq += stride)
        {
            final long intendedNs = schedule.intendedNs(seq);
            long nowNs = System.nanoTime();
            while (nowNs - intendedNs < 0)
            {
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(intendedNs - nowNs);
                nowNs = System.nanoTime();
            }
            connection.publish(subject, messages.transport(seq, scratch));
            sent.increment();
            lag.recordNs(nowNs - intendedNs);
        }
    }

    /** Messages published so far. */
    long sent()
    {
        return sent.sum();
    }

    /** Send time minus intended time of every message sent so far; read by one thread at a time. */
    LatencyRecorder lag()
    {
        return lag;
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
