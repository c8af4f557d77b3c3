package io.fleetbridge.loadgen;

/**
 * As fast as the client can publish: no intended times, so latency counts from the actual send
 * and measures the system's response under saturation rather than a schedule's.
 */
final class MaxSchedule extends Schedule
{
    private final int nodes;
    private final NodeOrder order;

    MaxSchedule(final int nodes, final long seed)
    {
        this.nodes = nodes;
        this.order = new NodeOrder(nodes, seed);
    }

    @Override
    long intendedNs(final long seq)
    {
        return ASAP;
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
