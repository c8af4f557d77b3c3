package io.fleetbridge.adapter;

/**
 * Where the members a {@link JsonShape} knows were found in the last document it read: byte
 * ranges of string values (still escaped, with a flag for escapes or non-ASCII bytes: whether
 * unquoting them is more than a copy) and integer values, one slot per field. A later
 * duplicate key overwrites the slot, which is Go's "last one wins".
 *
 * <p>Not thread safe; pre-allocated, never allocates.
 */
final class FieldValues
{
    static final int MAX_SLOTS = 16;

    private final boolean[] present = new boolean[MAX_SLOTS];
    private final int[] start = new int[MAX_SLOTS];
    private final int[] end = new int[MAX_SLOTS];
    private final boolean[] escaped = new boolean[MAX_SLOTS];
    private final long[] integer = new long[MAX_SLOTS];

    void clear(final int from, final int to)
    {
        for (int slot = from; slot < to; slot++)
        {
            present[slot] = false;
        }
    }

    void string(final int slot, final int from, final int to, final boolean hasEscapes)
    {
        present[slot] = true;
        start[slot] = from;
        end[slot] = to;
        escaped[slot] = hasEscapes;
    }

    void integer(final int slot, final long value)
    {
        present[slot] = true;
        integer[slot] = value;
    }

    void mark(final int slot)
    {
        present[slot] = true;
    }

    boolean present(final int slot)
    {
        return present[slot];
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
