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

    /** Largest window: its arrays are allocated up front, and JetStream gains nothing beyond 10k in flight. */
    static final int MAX_CAPACITY = 1 << 16;
    private static final int OUTCOME_BITS = 3;
    private static final long OUTCOME_MASK = (1 << OUTCOME_BITS) - 1;

    /** Publisher-side state of a position. */
    static final byte FREE = 0;
    static final byte IN_FLIGHT = 1;
    static final byte WAITING = 2;
    static final byte DONE = 3;

    private final int mask;
    private final long[] ringSequence;
    private final long[] sentNs;
    private final int[] attempts;
    private final byte[] state;
    private final long[] tickets;
    private long head;
    private long tail;
    private long nextAttemptId = 1;

    AckWindow(final int capacityPowerOfTwo)
    {
        if (Integer.bitCount(capacityPowerOfTwo) != 1 || capacityPowerOfTwo > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("window capacity must be a power of two up to " + MAX_CAPACITY);
        }
        mask = capacityPowerOfTwo - 1;
        ringSequence = new long[capacityPowerOfTwo];
        sentNs = new long[capacityPowerOfTwo];
        attempts = new int[capacityPowerOfTwo];
        state = new byte[capacityPowerOfTwo];
        tickets = new long[capacityPowerOfTwo];
    }

    int capacity()
    {
        return mask + 1;
    }

    boolean isFull()
    {
        return tail - head > mask;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    int size()
    {
        return (int)(tail - head);
    }

    /** Takes the next position for a ring sequence; the caller checked {@link #isFull()}. */
    int add(final long sequence)
    {
        final int position = (int)tail & mask;
        ringSequence[position] = sequence;
        attempts[position] = 0;
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
        if (position < 0 || position > mask)
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

    byte state(final int position)
    {
        return state[position];
    }

    void markWaiting(final int position)
    {
        state[position] = WAITING;
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
        while (head < tail && state[(int)head & mask] == DONE)
        {
            state[(int)head & mask] = FREE;
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

    int position(final long index)
    {
        return (int)index & mask;
    }

    /**
     * The highest ring sequence this publisher is finished with, given the last sequence it has
     * seen: everything before the oldest unfinished entry.
     */
    long releasedUpTo(final long lastSeenSequence)
    {
        return head == tail ? lastSeenSequence : ringSequence[(int)head & mask] - 1;
    }
}
