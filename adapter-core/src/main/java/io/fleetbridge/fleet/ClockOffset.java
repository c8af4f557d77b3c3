package io.fleetbridge.fleet;

/**
 * How far this daemon's clock seems to be from the server's. Ages are this daemon's time less the
 * time the stream stored each registration, so a skew between the two clocks moves every age by as
 * much: ahead by more than the warn duration less the registration interval, nodes turn late while
 * they register; behind, late nodes are found late. (The Stream Replicator stamps sightings with
 * its own clock: no skew, but then no two trackers, nor one before and after a restart, agree.)
 *
 * <p>The estimate is the least delay, read time less stored time, of the registrations read live in
 * one scan interval: at least one of them is usually delivered within milliseconds, so it is the
 * skew plus a small delivery time; negative only when this clock is behind. It is kept until an
 * interval with live registrations replaces it. Not thread safe: the reader's thread samples and
 * rolls; {@link #estimateMs} may be read from any thread.
 */
final class ClockOffset
{
    /** No live registration read yet. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private long leastMs = Long.MAX_VALUE;
    private volatile long estimateMs = UNKNOWN;

    /** One registration read live: {@code delayMs} is the read time less the stored time. */
    void sample(final long delayMs)
    {
        if (delayMs < leastMs)
        {
            leastMs = delayMs;
        }
    }

    /** Ends an interval: its least delay becomes the estimate, if it had any. Returns the estimate. */
    long roll()
    {
        if (leastMs != Long.MAX_VALUE)
        {
            estimateMs = leastMs;
            leastMs = Long.MAX_VALUE;
        }
        return estimateMs;
    }

    /** The clock offset in ms (positive: this clock ahead), or {@link #UNKNOWN}. */
    long estimateMs()
    {
        return estimateMs;
    }

    /** The offset worth telling the operator about: one hundredth of the warn duration, at least a second. */
    static long notableMs(final long warnMs)
    {
        return Math.max(1_000, warnMs / 100);
    }
}
