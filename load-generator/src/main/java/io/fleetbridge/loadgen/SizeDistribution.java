package io.fleetbridge.loadgen;

/**
 * The size of each node's registration payload: fixed ({@code 2048}) or uniform over a range
 * ({@code 1024-4096}), chosen per node from its index so that a node sends the same size every
 * time, as a real node's inventory barely changes between registrations.
 *
 * <p>Immutable and thread safe.
 */
final class SizeDistribution
{
    private final int minBytes;
    private final int maxBytes;

    SizeDistribution(final int minBytes, final int maxBytes)
    {
        if (minBytes < 1 || maxBytes < minBytes)
        {
            throw new IllegalArgumentException("size range must be 1 <= min <= max, not " + minBytes + "-" + maxBytes);
        }
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
    }

    /** Parses {@code 2048} or {@code 1024-4096}; a {@code k} suffix means KiB. */
    static SizeDistribution parse(final String spec)
    {
        final String s = spec.trim();
        final int dash = s.indexOf('-', 1);
        try
        {
            if (dash < 0)
            {
                final int size = bytes(s);
                return new SizeDistribution(size, size);
            }
            return new SizeDistribution(bytes(s.substring(0, dash)), bytes(s.substring(dash + 1)));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("size must be N or MIN-MAX bytes (k for KiB), not '" + spec + "'", e);
        }
    }

    private static int bytes(final String text)
    {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("k"))
        {
            return Math.multiplyExact(Integer.parseInt(t.substring(0, t.length() - 1).trim()), 1024);
        }
        return Integer.parseInt(t);
    }

    int minBytes()
    {
        return minBytes;
    }

    int maxBytes()
    {
        return maxBytes;
    }

    /** The payload size of one node, stable across the run. */
    int sizeFor(final int node)
    {
        if (minBytes == maxBytes)
        {
            return minBytes;
        }
        return minBytes + (int)Mix.below(node * 31L + 7, maxBytes - minBytes + 1L);
    }

    @Override
    public String toString()
    {
        return minBytes == maxBytes ? minBytes + " B" : minBytes + "-" + maxBytes + " B";
    }
}
