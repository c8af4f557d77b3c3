package io.fleetbridge.bench.rig;

/**
 * When message {@code i} of an open-loop load is meant to be sent: {@code startNs + i / rate},
 * in whole nanoseconds, rounded down, computed from the index every time so that rounding never
 * accumulates. The schedule never looks at what was sent or acknowledged: a sender that falls
 * behind sends at once what is due, and the latency of each message still counts from its
 * intended time (coordinated omission, HdrHistogram's README). Immutable; allocation free.
 */
final class PacingSchedule
{
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final long startNs;
    private final long perSecond;

    /**
     * @param startNs {@link System#nanoTime()} at which message 0 is due
     * @param perSecond messages per second, at least 1
     */
    PacingSchedule(final long startNs, final long perSecond)
    {
        if (perSecond < 1)
        {
            throw new IllegalArgumentException("rate must be at least 1 msg/s, not " + perSecond);
        }
        this.startNs = startNs;
        this.perSecond = perSecond;
    }

    /** The intended send time of message {@code index} (0-based); exact for indexes below 9.2e9. */
    long intendedNs(final long index)
    {
        return startNs + index * NS_PER_SECOND / perSecond;
    }

    /** The target rate for {@code fraction} of a ceiling of {@code ceilingPerSecond}, rounded, at least 1 msg/s. */
    static long rateFor(final double fraction, final double ceilingPerSecond)
    {
        return Math.max(1, Math.round(fraction * ceilingPerSecond));
    }
}
