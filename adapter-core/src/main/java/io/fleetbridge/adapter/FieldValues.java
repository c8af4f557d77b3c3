package io.fleetbridge.adapter;

/**
 * Where the members a {@link JsonShape} knows were found in the last document it read: byte
 * ranges of string values (still escaped, with a flag for escapes or non-ASCII bytes: whether
 * unquoting them is more than a copy) and integer values, one slot per field. A later
 * duplicate key overwrites the slot, which is Go's "last one wins". It also records which
 * slot's value the read's target buffer holds, already unquoted or decoded.
 *
 * <p>Not thread safe; pre-allocated, never allocates.
 */
final class FieldValues
{
    static final int MAX_SLOTS = 16;

    /** Bit n: slot n is present. */
    private int present;
    private int inTarget = -1;
    private final int[] start = new int[MAX_SLOTS];
    private final int[] end = new int[MAX_SLOTS];
    private final boolean[] escaped = new boolean[MAX_SLOTS];
    private final long[] integer = new long[MAX_SLOTS];

    void clear(final int from, final int to)
    {
        present &= ~((1 << to) - (1 << from));
        if (inTarget >= from && inTarget < to)
        {
            inTarget = -1;
        }
    }

    void string(final int slot, final int from, final int to, final boolean hasEscapes)
    {
        present |= 1 << slot;
        start[slot] = from;
        end[slot] = to;
        escaped[slot] = hasEscapes;
    }

    void integer(final int slot, final long value)
    {
        present |= 1 << slot;
        integer[slot] = value;
    }

    void mark(final int slot)
    {
        present |= 1 << slot;
    }

    /** Notes that the target buffer now holds the value of {@code slot}, or of no slot (-1). */
    void inTarget(final int slot)
    {
        inTarget = slot;
    }

    /** True when the target buffer holds the present value of {@code slot}. */
    boolean targetHolds(final int slot)
    {
        return inTarget == slot && present(slot);
    }

    boolean present(final int slot)
    {
        return (present & (1 << slot)) != 0;
    }

    int start(final int slot)
    {
        return start[slot];
    }

    int end(final int slot)
    {
        return end[slot];
    }

    boolean escaped(final int slot)
    {
        return escaped[slot];
    }

    long integer(final int slot)
    {
        return integer[slot];
    }
}
