package io.fleetbridge.daemon.reliability;

/**
 * How much load the scenarios send: {@link #RATE} inputs a second for a few seconds in the short
 * form every build runs; {@code -Dfleetbridge.reliability.scale=N} (the {@code reliability-long}
 * profile sets 10) sends N times as many inputs at the same rate, so faults last as long but
 * the load before, during and after them runs N times longer.
 */
final class Load
{
    /** Inputs a second: a fleet of about 600,000 nodes registering every 5 minutes. */
    static final int RATE = 2_000;
    static final int SCALE = Integer.getInteger("fleetbridge.reliability.scale", 1);

    private Load()
    {
    }

    /** {@code count} scaled. */
    static int inputs(final int count)
    {
        return count * SCALE;
    }

    static String describe(final int total)
    {
        return String.format("%,d inputs at %,d/s", total, RATE);
    }
}
