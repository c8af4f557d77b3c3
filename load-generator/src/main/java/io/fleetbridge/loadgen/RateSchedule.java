package io.fleetbridge.loadgen;

/** A fixed total rate, evenly spaced, the nodes taking turns in a seeded order. */
final class RateSchedule extends Schedule
{
    private final int nodes;
    private final double nsPerMessage;
    private final NodeOrder order;

    RateSchedule(final int nodes, final double messagesPerSecond, final long seed)
    {
        if (!(messagesPerSecond > 0))
        {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.nodes = nodes;
        this.nsPerMessage = 1e9 / messagesPerSecond;
        this.order = new NodeOrder(nodes, seed);
    }

    @Override
    long intendedNs(final long seq)
    {
        return (long)(seq * nsPerMessage);
    }

    @Override
    int node(final long seq)
    {
        return order.node(seq % nodes);
    }

    @Override
    long limit()
    {
        return Long.MAX_VALUE;
    }
}
