package io.fleetbridge.loadgen;

import java.math.BigInteger;

/**
 * A seeded bijection between nodes and slots of {@code [0, n)}: {@code slot = (a * node + b) mod n}
 * with {@code a} coprime to {@code n}. Schedules walk slots in order and use it to decide which
 * node sends, so neighbouring node indices do not send together and no per-node table is needed.
 *
 * <p>Immutable and thread safe; allocation free after construction.
 */
final class NodeOrder
{
    private final long n;
    private final long a;
    private final long aInverse;
    private final long b;

    NodeOrder(final int nodes, final long seed)
    {
        this.n = nodes;
        long candidate = Math.max(1, (long)(nodes * 0.6180339887498949)) | 1;
        while (BigInteger.valueOf(candidate).gcd(BigInteger.valueOf(n)).longValue() != 1)
        {
            candidate++;
        }
        this.a = candidate % n;
        this.aInverse = nodes == 1 ? 0 : BigInteger.valueOf(a).modInverse(BigInteger.valueOf(n)).longValue();
        this.b = Mix.below(seed, n);
    }

    long slot(final int node)
    {
        return (a * node + b) % n;
    }

    int node(final long slot)
    {
        return (int)(aInverse * ((slot - b + n) % n) % n);
    }
}
