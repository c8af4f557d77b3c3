package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.LatencyRecorder;

import java.util.concurrent.locks.LockSupport;

/**
 * The fleet in open loop: publishes registration transports on the ingest subject with core
 * NATS on a fixed {@link PacingSchedule}, never waiting for the system under test (no window, no
 * flow control), so that a slow adapter shows as latency and drops instead of slowing the load.
 *
 * <p>Each sender thread owns one connection and the messages {@code i = k, k + n, k + 2n, ...}
 * of the schedule. It parks until a message is due and then sends at once everything that is
 * due (with a socket link, in one write), so a sender that was descheduled catches up instead of
 * shifting the schedule. For every message it records its <em>lag</em>, send time minus intended
 * time, in {@link #lag()}: the report shows that the load really was open loop (a lag far above
 * the message interval means the source itself could not keep the rate, and the rate achieved
 * says by how much).
 *
 * <p>Threads: the sender threads and their links' threads, named as {@link SenderPool} says so
 * that {@link CpuMeter} counts them as the source's; allocation per message is the link's
 * ({@link SourceLink}). Parking costs about 50 µs of timer slack on Linux, which shows in the
 * lag; spinning instead would steal the CPU the adapter shares with the source when the JVM is
 * pinned.
 */
final class PacedSource extends SenderPool
{
    /** The first message is due this long after {@link #start()}, so that every thread is running by then. */
    private static final long START_DELAY_NS = 5_000_000;

    private final long perSecond;
    private final LatencyRecorder lag = new LatencyRecorder();
    private PacingSchedule schedule; // set before the sender threads start, which publishes it to them

    /** @param perSecond the target rate, at least 1 msg/s */
    PacedSource(final Cell cell, final SourceKind kind, final long perSecond)
    {
        super(cell, kind);
        this.perSecond = perSecond;
    }

    @Override
    void start()
    {
        schedule = new PacingSchedule(System.nanoTime() + START_DELAY_NS, perSecond);
        super.start();
    }

    @Override
    protected void send(final SourceLink link, final int index, final int stride) throws Exception
    {
        final PacingSchedule pacing = schedule;
        for (long seq = index; running; seq += stride)
        {
            final long intendedNs = pacing.intendedNs(seq);
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
            link.send(seq);
            sent.increment();
            lag.recordNs(nowNs - intendedNs);
            // what is already due goes out in the same write
            if (System.nanoTime() - pacing.intendedNs(seq + stride) < 0)
            {
                link.push();
            }
        }
        link.push();
    }

    /** Send time minus intended time of every message sent so far; read by one thread at a time. */
    LatencyRecorder lag()
    {
        return lag;
    }
}
