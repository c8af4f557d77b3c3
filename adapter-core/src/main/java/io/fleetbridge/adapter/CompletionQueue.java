package io.fleetbridge.adapter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Completed attempts ({@code attemptId << 16 | position}), passed from the connection's ack
 * dispatcher thread to the publisher thread.
 *
 * <p>Single producer, single consumer, bounded, allocation free. The capacity is the window's,
 * and a position is offered at most once per outstanding attempt, so {@link #offer} cannot find
 * the queue full; it reports it anyway rather than overwrite.
 */
final class CompletionQueue
{
    private final long[] entries;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to poll; written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next to fill; written by the producer

    CompletionQueue(final int capacityPowerOfTwo)
    {
        entries = new long[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    /** Producer side. */
    boolean offer(final long entry)
    {
        final long t = tail.get();
        if (t - head.get() >= entries.length)
        {
            return false;
        }
        entries[(int)t & mask] = entry;
        tail.lazySet(t + 1);
        return true;
    }

    /** Consumer side: the next entry, or -1 when empty. */
    long poll()
    {
        final long h = head.get();
        if (h >= tail.get())
        {
            return -1;
        }
        final long entry = entries[(int)h & mask];
        head.lazySet(h + 1);
        return entry;
    }
}
