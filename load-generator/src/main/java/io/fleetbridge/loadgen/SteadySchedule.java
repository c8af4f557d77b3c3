package io.fleetbridge.loadgen;

/**
 * Every node sends once per interval at its own fixed offset within it, as Choria's
 * {@code registration_splay} does: the offsets are spread over the interval (one per node, in
 * a seeded order of nodes) with a seeded jitter inside each node's share, so the fleet's rate is
 * {@code nodes / interval}. With a limit of one round it is the burst schedule.
 */
final class SteadySchedule extends Schedule
{
    private final long intervalNs;
    private final double slotNs;
    private final long seed;
    private final long limit;
    /** The last round whose times cannot overflow. */
    private final long lastRound;

    SteadySchedule(final int nodes, final long intervalNs, final long seed, final long limit)
    {
        super(nodes, seed);
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalNs = intervalNs;
        this.slotNs = (double)intervalNs / nodes;
        this.seed = seed;
        this.limit = limit;
        this.lastRound = (Long.MAX_VALUE >> 1) / intervalNs;
    }

    @Override
    long intendedNs(final long seq)
    {
        final long round = seq / nodes;
        if (round > lastRound)
        {
            return Long.MAX_VALUE;
        }
        final long slot = seq % nodes;
        final long start = (long)(slot * slotNs);
        final long width = (long)((slot + 1) * slotNs) - start;
        final long jitter = width <= 1 ? 0 : Mix.below(seed ^ (slot * 0x9E3779B97F4A7C15L), width);
        return round * intervalNs + start + jitter;
    }

    @Override
    long limit()
    {
        return limit;
    }
}
