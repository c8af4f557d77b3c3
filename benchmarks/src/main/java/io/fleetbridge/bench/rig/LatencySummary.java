package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.LatencyRecorder;

import org.HdrHistogram.Histogram;

/**
 * The percentiles of one latency distribution over a measured window, in nanoseconds, as
 * HdrHistogram reports them (3 significant digits). Immutable.
 *
 * @param count observations
 * @param p50Ns median
 * @param p99Ns 99th percentile
 * @param p999Ns 99.9th percentile
 * @param maxNs largest observation
 */
record LatencySummary(long count, long p50Ns, long p99Ns, long p999Ns, long maxNs)
{
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    static LatencySummary of(final Histogram histogram)
    {
        if (histogram.getTotalCount() == 0)
        {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /**
     * What a recorder has recorded since {@link #mark} was taken: its running total now minus
     * the copy taken then. Reader side of the recorder, one thread at a time; allocates.
     */
    static LatencySummary since(final LatencyRecorder recorder, final Histogram mark)
    {
        final Histogram window = recorder.cumulative().copy();
        window.subtract(mark);
        return of(window);
    }

    /** A copy of everything the recorder has recorded so far, for {@link #since}. */
    static Histogram mark(final LatencyRecorder recorder)
    {
        return recorder.cumulative().copy();
    }
}
