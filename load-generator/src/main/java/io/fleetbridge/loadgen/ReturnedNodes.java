package io.fleetbridge.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which of the stopped nodes of a {@link FleetChurn} have sent again since their return: one bit
 * per stopped node.
 *
 * <p>Thread safe: any publisher thread may {@link #sent} (lock free; a compare-and-set only the
 * first time a node is seen back), {@link #count} is read after they have ended.
 */
final class ReturnedNodes
{
    private final FleetChurn churn;
    private final AtomicLongArray bits;

    ReturnedNodes(final FleetChurn churn)
    {
        this.churn = churn;
        this.bits = new AtomicLongArray(Math.max(1, (churn.stoppedNodes() + 63) / 64));
    }

    /** Notes that {@code node}, one of the stopped nodes, sent a message due at {@code intendedNs}. */
    void sent(final int node, final long intendedNs)
    {
        if (!churn.afterReturn(intendedNs))
        {
            return;
        }
        final int i = churn.index(node);
        final int word = i >>> 6;
        final long mask = 1L << i;
        long bitsNow;
        while (((bitsNow = bits.get(word)) & mask) == 0)
        {
            if (bits.compareAndSet(word, bitsNow, bitsNow | mask))
            {
                return;
            }
        }
    }

    /** Stopped nodes that have sent since their return. */
    int count()
    {
        int n = 0;
        for (int i = 0; i < bits.length(); i++)
        {
            n += Long.bitCount(bits.get(i));
        }
        return n;
    }
}
