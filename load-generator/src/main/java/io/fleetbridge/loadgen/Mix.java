package io.fleetbridge.loadgen;

/**
 * The SplitMix64 finaliser: a cheap, well-spread hash from which every per-node and per-message
 * value is derived, so that nothing is stored per node and a run is reproducible from its seed.
 */
final class Mix
{
    private Mix()
    {
    }

    static long mix(final long x)
    {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value in {@code [0, bound)} derived from {@code x}; bound must be positive. */
    static long below(final long x, final long bound)
    {
        return Long.remainderUnsigned(mix(x), bound);
    }
}
