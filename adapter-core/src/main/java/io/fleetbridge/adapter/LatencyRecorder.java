package io.fleetbridge.adapter;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution that many threads record into and a metrics reader samples.
 *
 * <p>Recording is wait-free and allocation free (HdrHistogram {@link Recorder}); values are
 * nanoseconds, clamped to one hour. {@link #cumulative()} is for the reader side only: it folds
 * the interval recorded since the last call into a running total and returns that total, so
 * it allocates an interval histogram per call (per scrape, never per message) and must not be
 * called concurrently with itself.
 */
public final class LatencyRecorder
{
    private static final long MAX_NS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(MAX_NS, 3);
    private final Histogram total = new Histogram(MAX_NS, 3);
    private Histogram interval;

    /** Records one observation; safe from any thread. */
    public void recordNs(final long valueNs)
    {
        recorder.recordValue(Math.max(0, Math.min(valueNs, MAX_NS)));
    }

    /** Everything recorded so far. Reader side: one caller at a time. */
    public synchronized Histogram cumulative()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }
}
