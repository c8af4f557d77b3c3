package io.fleetbridge.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compact per-message state of a run, indexed by sequence number: the intended send time of
 * every sent message (8 bytes) and whether it has landed (1 bit), in pages of 65,536 messages
 * allocated as the run reaches them. A million messages cost about 8 MiB.
 *
 * <p>Threads: publishers call {@link #sent} and {@link #unsent} (each for its own sequence
 * numbers); a single verifier thread calls {@link #land}; anyone may read the counters. The send
 * time is written with release semantics before the message is published, and read with acquire
 * semantics by the verifier, so a landed message always finds its send time.
 */
final class Ledger
{
    /** {@link #land} result: first landing of a sent message. */
    static final int FIRST = 0;
    /** {@link #land} result: the message had landed before. */
    static final int DUPLICATE = 1;
    /** {@link #land} result: no message with that sequence number was sent. */
    static final int NOT_SENT = 2;

    private static final int PAGE_BITS = 16;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int MAX_PAGES = 1 << 15;

    private final AtomicReferenceArray<AtomicLongArray> sentPages = new AtomicReferenceArray<>(MAX_PAGES);
    private final long[][] landedPages = new long[MAX_PAGES][];
    private final LongAdder sent = new LongAdder();
    private volatile long landed;

    /** The most messages one run can track (about two billion). */
    static long capacity()
    {
        return (long)MAX_PAGES * PAGE_SIZE;
    }

    /** Records that message {@code seq} goes out now, due at {@code intendedNs} after the start. */
    void sent(final long seq, final long intendedNs)
    {
        page(seq).setRelease((int)(seq & PAGE_MASK), intendedNs + 1);
        sent.increment();
    }

    /** Takes back {@link #sent} for a message the client failed to publish. */
    void unsent(final long seq)
    {
        page(seq).setRelease((int)(seq & PAGE_MASK), 0);
        sent.decrement();
    }

    /** The intended send time of a sent message, or -1 when it was not sent. */
    long intendedNs(final long seq)
    {
        if (seq < 0 || seq >= capacity())
        {
            return -1;
        }
        final AtomicLongArray page = sentPages.get((int)(seq >>> PAGE_BITS));
        return page == null ? -1 : page.getAcquire((int)(seq & PAGE_MASK)) - 1;
    }

    /** Marks message {@code seq} landed: {@link #FIRST}, {@link #DUPLICATE} or {@link #NOT_SENT}. Verifier thread only. */
    int land(final long seq)
    {
        if (intendedNs(seq) < 0)
        {
            return NOT_SENT;
        }
        final int p = (int)(seq >>> PAGE_BITS);
        long[] words = landedPages[p];
        if (words == null)
        {
            words = new long[PAGE_SIZE / 64];
            landedPages[p] = words;
        }
        final int bit = (int)(seq & PAGE_MASK);
        final long mask = 1L << bit;
        if ((words[bit >>> 6] & mask) != 0)
        {
            return DUPLICATE;
        }
        words[bit >>> 6] |= mask;
        landed = landed + 1;
        return FIRST;
    }

    long sentCount()
    {
        return sent.sum();
    }

    /** Distinct sent messages that have landed. */
    long landedCount()
    {
        return landed;
    }

    /**
     * Up to {@code max} sequence numbers below {@code end} that were sent and have not landed.
     * Call only when the verifier has stopped.
     */
    long[] missing(final long end, final int max)
    {
        final long[] found = new long[max];
        int n = 0;
        for (long seq = 0; seq < end && n < max; seq++)
        {
            if (intendedNs(seq) >= 0)
            {
                final long[] words = landedPages[(int)(seq >>> PAGE_BITS)];
                final int bit = (int)(seq & PAGE_MASK);
                if (words == null || (words[bit >>> 6] & (1L << bit)) == 0)
                {
                    found[n++] = seq;
                }
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    private AtomicLongArray page(final long seq)
    {
        final int p = (int)(seq >>> PAGE_BITS);
        if (p >= MAX_PAGES)
        {
            throw new IllegalStateException("more than " + capacity() + " messages in one run");
        }
        AtomicLongArray page = sentPages.get(p);
        if (page == null)
        {
            final AtomicLongArray fresh = new AtomicLongArray(PAGE_SIZE);
            page = sentPages.compareAndExchange(p, null, fresh);
            if (page == null)
            {
                page = fresh;
            }
        }
        return page;
    }
}
