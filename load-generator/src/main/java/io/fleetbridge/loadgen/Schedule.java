package io.fleetbridge.loadgen;

/**
 * When each message of a run is due and which node sends it, as pure functions of its sequence
 * number: an open-loop plan fixed before the first message goes out, never adjusted to how the
 * system under test keeps up. Latency is measured from {@link #intendedNs}, so a stall of the
 * system (or of the generator) shows as latency instead of silently thinning the schedule.
 *
 * <p>Implementations are immutable, thread safe and allocation free.
 */
abstract class Schedule
{
    /** {@link #intendedNs} of a schedule that sends as fast as it can: the send time is the intent. */
    static final long ASAP = -1;

    /** The fleet's size: the nodes take turns, each once per {@code nodes} messages. */
    protected final int nodes;
    private final NodeOrder order;

    /** @param seed fixes the order in which the nodes take their turns */
    Schedule(final int nodes, final long seed)
    {
        this.nodes = nodes;
        this.order = new NodeOrder(nodes, seed);
    }

    /** Nanoseconds after the start at which message {@code seq} is due, non-decreasing in seq; or {@link #ASAP}. */
    abstract long intendedNs(long seq);

    /** The node that sends message {@code seq}: every node once per round of {@code nodes}, in the seeded order. */
    final int node(final long seq)
    {
        return order.node(seq % nodes);
    }

    /** How many messages the schedule holds at most, before any duration bound: unbounded unless overridden. */
    long limit()
    {
        return Long.MAX_VALUE;
    }

    /** Messages due strictly before {@code durationNs}, at most {@code countLimit}. */
    final long count(final long durationNs, final long countLimit)
    {
        final long bound = Math.min(limit(), countLimit);
        if (bound == 0 || durationNs == Long.MAX_VALUE || intendedNs(0) == ASAP)
        {
            return bound;
        }
        // grow an upper bound by doubling (intended times stay far from overflow), then bisect
        long lo = 0;
        long hi = 1;
        while (hi < bound && intendedNs(hi) < durationNs)
        {
            lo = hi;
            hi = hi > bound / 2 ? bound : hi * 2;
        }
        hi = Math.min(hi, bound);
        // first seq in [lo, hi) due at or after the duration; hi if none
        while (lo < hi)
        {
            final long mid = lo + (hi - lo) / 2;
            if (intendedNs(mid) >= durationNs)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static Schedule steady(final int nodes, final long intervalNs, final long seed)
    {
        return new SteadySchedule(nodes, intervalNs, seed, Long.MAX_VALUE);
    }

    /** All nodes once, spread over the window: the thundering herd after a broker restart. */
    static Schedule burst(final int nodes, final long windowNs, final long seed)
    {
        return new SteadySchedule(nodes, Math.max(1, windowNs), seed, nodes);
    }

    static Schedule rate(final int nodes, final double messagesPerSecond, final long seed)
    {
        return new RateSchedule(nodes, messagesPerSecond, seed);
    }

    static Schedule max(final int nodes, final long seed)
    {
        return new MaxSchedule(nodes, seed);
    }
}
