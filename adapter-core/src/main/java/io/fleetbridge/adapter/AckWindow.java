package io.fleetbridge.adapter;

/**
 * The publishes one publisher is waiting on, in ring order, at most {@code capacity} at a time.
 *
 * <p>Each position holds a ring sequence and a <em>ticket</em>: the id of the attempt in flight
 * and its outcome, packed into one long. A reply completes a position only if it names the
 * attempt in flight there; a reply to an older attempt, or to a message that has since left the
 * position, no longer matches the ticket and is ignored. This is what makes retries and late
 * acknowledgements safe.
 *
 * <p>An attempt the server answered keeps its id for the next attempt at its position: the
 * server sends exactly one reply per publish, so nothing late can arrive for it, and the
 * publisher can keep reusing the reply subject it built for that id. An attempt that ended any
 * other way (timed out, failed on the client, dropped in flight) may still be answered late, so
 * the next attempt at its position gets a fresh id.
 *
 * <p><b>Positions are reused last in, first out.</b> Entries leave the window in ring order, but
 * the position an entry occupies is the one freed most recently, not the next one round a
 * circle. Each position carries a few hundred bytes of labels ({@link AttemptLabels}) that the
 * publisher and jnats' writer touch for every publish; taken round a circle, a window of
 * thousands would bring a cold position into the cache for every message even when only a
 * handful are in flight. Taken from a stack, the positions in use are about as many as the
 * messages in flight, so a large window costs memory only when a slow server fills it.
 *
 * <p>Threading: the publisher thread only (acks are polled there, see {@link AckInbox}), so
 * plain fields suffice. No allocation after construction.
 */
final class AckWindow
{
    static final int PENDING = 0;
    static final int ACKED = 1;
    static final int DUPLICATE = 2;
    /** 503 or no responders: no stream, leader election, server going away. Transient. */
    static final int UNAVAILABLE = 3;
    /** The server refused this message (an API error other than 503). */
    static final int REJECTED = 4;
    static final int TIMED_OUT = 5;

    private static final int OUTCOME_BITS = 3;
    private static final long OUTCOME_MASK = (1 << OUTCOME_BITS) - 1;

    /** Publisher-side state of a position. */
    static final byte FREE = 0;
    static final byte IN_FLIGHT = 1;
    static final byte WAITING = 2;
    static final byte DONE = 3;
    /** Behind an earlier unsettled message of the same sender ({@link SenderOrder}): not to be sent yet. */
    static final byte BLOCKED = 4;

    private final long[] ringSequence;
    private final long[] sentNs;
    private final int[] attempts;
    /** Refusals by the server, apart from attempts that timed out or failed otherwise. */
    private final byte[] rejections;
    private final byte[] state;
    private final long[] tickets;
    /** The position of each entry, by index in ring order; a circle of a power of two at least the capacity. */
    private final int[] order;
    private final int orderMask;
    /** Free positions, the most recently freed on top; its length is the window's capacity. */
    private final int[] free;
    private int freeCount;
    private long head;
    private long tail;
    private long nextAttemptId = 1;

    /** A window of at most {@code capacity} entries, 1 to {@link AdapterConfig#MAX_MAX_INFLIGHT}. */
    AckWindow(final int capacity)
    {
        if (capacity < 1 || capacity > AdapterConfig.MAX_MAX_INFLIGHT)
        {
            throw new IllegalArgumentException("window capacity must be from 1 to " + AdapterConfig.MAX_MAX_INFLIGHT + ", not " + capacity);
        }
        ringSequence = new long[capacity];
        sentNs = new long[capacity];
        attempts = new int[capacity];
        rejections = new byte[capacity];
        state = new byte[capacity];
        tickets = new long[capacity];
        order = new int[AdapterConfig.roundUpToPowerOfTwo(capacity)];
        orderMask = order.length - 1;
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i; // position 0 on top
        }
        freeCount = capacity;
    }

    int capacity()
    {
        return free.length;
    }

    boolean isFull()
    {
        return freeCount == 0;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    int size()
    {
        return (int)(tail - head);
    }

    /** The position {@link #add} takes next; the caller checked {@link #isFull()}. */
    int nextPosition()
    {
        return free[freeCount - 1];
    }

    /** Takes the most recently freed position for a ring sequence; the caller checked {@link #isFull()}. */
    int add(final long sequence)
    {
        final int position = free[--freeCount];
        order[(int)tail & orderMask] = position;
        ringSequence[position] = sequence;
        attempts[position] = 0;
        rejections[position] = 0;
        state[position] = WAITING;
        tail++;
        return position;
    }

    /**
     * Starts a new attempt at a position and returns its id: the id of the previous attempt
     * there if the server answered that one, else a fresh id, so that a completion of an
     * unanswered attempt that is still on its way no longer matches.
     */
    long beginAttempt(final int position, final long nowNs)
    {
        final long previous = tickets[position];
        final long attemptId = answered(previous) ? previous >>> OUTCOME_BITS : nextAttemptId++;
        tickets[position] = attemptId << OUTCOME_BITS;
        sentNs[position] = nowNs;
        attempts[position]++;
        state[position] = IN_FLIGHT;
        return attemptId;
    }

    /**
     * Records the outcome of an attempt. True when it was the attempt in flight and nothing had
     * completed it yet; the caller then settles the position.
     */
    boolean complete(final int position, final long attemptId, final int outcome)
    {
        if (position < 0 || position >= free.length)
        {
            return false;
        }
        final long pending = attemptId << OUTCOME_BITS;
        if (tickets[position] != pending)
        {
            return false;
        }
        tickets[position] = pending | outcome;
        return true;
    }

    /** Ends an attempt that has waited too long. False if a reply completed it first. */
    boolean expire(final int position)
    {
        final long ticket = tickets[position];
        if ((ticket & OUTCOME_MASK) != PENDING)
        {
            return false;
        }
        tickets[position] = ticket | TIMED_OUT;
        return true;
    }

    /** Whether a ticket's attempt got its one reply from the server (an expiry is not a reply). */
    private static boolean answered(final long ticket)
    {
        final long outcome = ticket & OUTCOME_MASK;
        return outcome != PENDING && outcome != TIMED_OUT;
    }

    int outcome(final int position)
    {
        return (int)(tickets[position] & OUTCOME_MASK);
    }

    long sequence(final int position)
    {
        return ringSequence[position];
    }

    long sentNs(final int position)
    {
        return sentNs[position];
    }

    int attempts(final int position)
    {
        return attempts[position];
    }

    /** Counts a refusal of the message at a position; returns its refusals so far (saturating, far above any limit). */
    int rejected(final int position)
    {
        if (rejections[position] < Byte.MAX_VALUE)
        {
            rejections[position]++;
        }
        return rejections[position];
    }

    byte state(final int position)
    {
        return state[position];
    }

    void markWaiting(final int position)
    {
        state[position] = WAITING;
    }

    void markBlocked(final int position)
    {
        state[position] = BLOCKED;
    }

    /** Marks a position finished and frees every finished position at the head. */
    void markDone(final int position)
    {
        state[position] = DONE;
        if ((tickets[position] & OUTCOME_MASK) == PENDING)
        {
            // unanswered: close it, so that a late reply cannot complete it and the next attempt gets a fresh id
            tickets[position] |= TIMED_OUT;
        }
        while (head < tail)
        {
            final int oldest = order[(int)head & orderMask];
            if (state[oldest] != DONE)
            {
                break;
            }
            state[oldest] = FREE;
            free[freeCount++] = oldest;
            head++;
        }
    }

    /** Index of the oldest entry; indexes stay valid while entries before them are freed. */
    long headIndex()
    {
        return head;
    }

    long tailIndex()
    {
        return tail;
    }

    /** The position of the entry at {@code index}, from {@link #headIndex()} (inclusive) to {@link #tailIndex()}. */
    int position(final long index)
    {
        return order[(int)index & orderMask];
    }

    /**
     * The highest ring sequence this publisher is finished with, given the last sequence it has
     * seen: everything before the oldest unfinished entry.
     */
    long releasedUpTo(final long lastSeenSequence)
    {
        return head == tail ? lastSeenSequence : ringSequence[order[(int)head & orderMask]] - 1;
    }
}
