package io.fleetbridge.loadgen;

/** A fixed total rate, evenly spaced, the nodes taking turns in a seeded order. */
final class RateSchedule extends Schedule
{
    private final double nsPerMessage;

    RateSchedule(final int nodes, final double messagesPerSecond, final long seed)
    {
        super(nodes, seed);
        if (!(messagesPerSecond > 0))
        {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.nsPerMessage = 1e9 / messagesPerSecond;
    }

    @Override
    long intendedNs(final long seq)
    {
        return (long)(seq * nsPerMessage);
    }
}
