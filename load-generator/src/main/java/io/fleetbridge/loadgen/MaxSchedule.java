package io.fleetbridge.loadgen;

/**
 * As fast as the client can publish: no intended times, so latency counts from the actual send
 * and measures the system's response under saturation rather than a schedule's.
 */
final class MaxSchedule extends Schedule
{
    MaxSchedule(final int nodes, final long seed)
    {
        super(nodes, seed);
    }

    @Override
    long intendedNs(final long seq)
    {
        return ASAP;
    }
}
