package io.fleetbridge.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every node the tracker knows, keyed by its sender id: an open-addressing table (linear
 * probing, backward-shift deletion) over parallel primitive arrays, with the ids interned into
 * one byte arena. A node costs its slot (25 bytes: hash, arena offset, last seen, first seen,
 * size, state) times the slack of the table (load at most 3/4, at least 3/8 after growing: 33 to
 * 67 bytes), plus its id and a length byte in the arena. A million nodes take 2^21 slots (52 MB)
 * and, with 20-byte ids, 21 to 32 MB of arena (measured: 75 MB in all). No object per node, so a
 * million nodes are a handful of arrays the collector never walks.
 *
 * <p>The arena has a budget in bytes, ids and length bytes together: an id that would take the
 * live ids past it is refused ({@link #NO_ROOM}), however many slots are free, so that long ids
 * (up to 255 bytes, which made-up senders can send) cannot take more heap than short ones would.
 * The arena grows by half when full but never past the budget, and a removed id's bytes are taken
 * back by compacting in place (the live ids moved down over the dead), before the arena grows and
 * whenever it cannot; so the budget counts live ids only, and the arena never holds more than it.
 *
 * <p>Growing copies: the old array is held until the copy is done, so for an instant the arena
 * takes up to 5/3 of its budget (the old one and one half as large again, capped at the budget),
 * and the table, doubling, its old slots beside twice as many new ones. {@link #footprintBytes}
 * counts what is held between two inserts, never more than the slots and the budget.
 *
 * <p>Ids are kept as UTF-8, at most {@link #MAX_ID_BYTES} bytes (a DNS name is at most 253).
 * Looking up an ASCII id from a {@link CharSequence} range compares its chars with the arena in
 * place and does not allocate; a non-ASCII id is encoded first.
 *
 * <p>Slots are addressed by index: an index stays valid until the next {@link #insert} (which may
 * grow the table) or {@link #remove} (which may move a later slot into it). Not thread safe: one
 * thread owns it (the tracker's).
 */
final class NodeTable
{
    /** Longest id kept: its length is one byte in the arena. */
    static final int MAX_ID_BYTES = 255;
    /** Times are stored as int seconds from this epoch second (2020-01-01), good until 2088. */
    static final long EPOCH_S = 1_577_836_800L;

    /** Owed advisories share the state's byte, above its two bits. */
    static final int OWES_TIMEOUT = 4;
    static final int OWES_EXPIRE = 8;

    /** What {@link #insert} returns when the id would pass the arena's budget. */
    static final int NO_ROOM = -2;
    /** The largest arena a {@code byte[]} holds. */
    static final int MAX_ARENA_BYTES = Integer.MAX_VALUE - 8;

    private static final int MIN_CAPACITY = 16;
    private static final int STATE_MASK = 3;

    private int mask;
    private int count;
    /** Zero marks an empty slot; a stored hash is never zero. */
    private int[] hashes;
    private int[] offsets;
    private long[] lastSeenMs;
    private int[] firstSeenS;
    private int[] sizes;
    private byte[] states;

    private byte[] arena;
    private int arenaUsed;
    private int arenaGarbage;
    private final int maxArenaBytes;
    private final int initialArenaBytes;

    /** A table whose arena may take as much as a {@code byte[]} holds. */
    NodeTable(final int expectedNodes)
    {
        this(expectedNodes, MAX_ARENA_BYTES);
    }

    /** @param maxArenaBytes the arena's budget: ids and their length bytes, at least one id of the longest */
    NodeTable(final int expectedNodes, final long maxArenaBytes)
    {
        if (maxArenaBytes < 1 + MAX_ID_BYTES)
        {
            throw new IllegalArgumentException("expected room for one id of " + MAX_ID_BYTES + " bytes, not " + maxArenaBytes + " bytes");
        }
        allocate(capacityFor(expectedNodes));
        this.maxArenaBytes = (int)Math.min(MAX_ARENA_BYTES, maxArenaBytes);
        this.initialArenaBytes = Math.min(this.maxArenaBytes, Math.max(1024, Math.min(expectedNodes, 1 << 26) * 24));
        arena = new byte[initialArenaBytes];
    }

    int size()
    {
        return count;
    }

    /** Slots, used or empty: iterate {@code 0..capacity()-1} and skip those {@link #used} says are empty. */
    int capacity()
    {
        return mask + 1;
    }

    boolean used(final int slot)
    {
        return hashes[slot] != 0;
    }

    /** True when the id {@code chars[from, to)} can be kept: 1 to {@link #MAX_ID_BYTES} bytes once encoded as UTF-8. */
    static boolean storable(final CharSequence chars, final int from, final int to)
    {
        if (to <= from)
        {
            return false;
        }
        int bytes = 0;
        for (int i = from; i < to && bytes <= MAX_ID_BYTES; i++)
        {
            final char c = chars.charAt(i);
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(chars.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else
            {
                bytes += 3; // a lone surrogate is encoded as '?', fewer; counting it as three errs toward refusing
            }
        }
        return bytes <= MAX_ID_BYTES;
    }

    /** The slot of the id {@code chars[from, to)}, or -1. */
    int find(final CharSequence chars, final int from, final int to)
    {
        if (!isAscii(chars, from, to))
        {
            final byte[] utf8 = chars.subSequence(from, to).toString().getBytes(StandardCharsets.UTF_8);
            return find(utf8, 0, utf8.length);
        }
        if (to - from > MAX_ID_BYTES)
        {
            return -1;
        }
        final int hash = hashAscii(chars, from, to);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final int h = hashes[slot];
            if (h == 0)
            {
                return -1;
            }
            if (h == hash && equalsAscii(slot, chars, from, to))
            {
                return slot;
            }
        }
    }

    /** The slot of the UTF-8 id {@code bytes[from, to)}, or -1. */
    int find(final byte[] bytes, final int from, final int to)
    {
        if (to - from > MAX_ID_BYTES)
        {
            return -1;
        }
        final int hash = hashBytes(bytes, from, to);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            final int h = hashes[slot];
            if (h == 0)
            {
                return -1;
            }
            if (h == hash && equalsBytes(slot, bytes, from, to))
            {
                return slot;
            }
        }
    }

    /**
     * Adds the id {@code chars[from, to)}, which must not be present, and returns its slot; -1 when it is empty or
     * longer than {@link #MAX_ID_BYTES} once encoded, {@link #NO_ROOM} when it would take the ids past the budget.
     */
    int insert(final CharSequence chars, final int from, final int to, final long seenMs, final int sizeBytes, final byte state)
    {
        if (!isAscii(chars, from, to))
        {
            final byte[] utf8 = chars.subSequence(from, to).toString().getBytes(StandardCharsets.UTF_8);
            return insert(utf8, 0, utf8.length, seenMs, sizeBytes, state);
        }
        final int length = to - from;
        if (length > MAX_ID_BYTES || length == 0)
        {
            return -1;
        }
        if (!roomFor(length))
        {
            return NO_ROOM;
        }
        growIfFull();
        final int offset = reserveArena(length);
        for (int i = 0; i < length; i++)
        {
            arena[offset + 1 + i] = (byte)chars.charAt(from + i);
        }
        return place(hashAscii(chars, from, to), offset, seenMs, sizeBytes, state);
    }

    /** As {@link #insert(CharSequence, int, int, long, int, byte)} for a UTF-8 id. */
    int insert(final byte[] bytes, final int from, final int to, final long seenMs, final int sizeBytes, final byte state)
    {
        final int length = to - from;
        if (length > MAX_ID_BYTES || length == 0)
        {
            return -1;
        }
        if (!roomFor(length))
        {
            return NO_ROOM;
        }
        growIfFull();
        final int offset = reserveArena(length);
        System.arraycopy(bytes, from, arena, offset + 1, length);
        return place(hashBytes(bytes, from, to), offset, seenMs, sizeBytes, state);
    }

    /** Forgets the node in {@code slot}; a later slot of the same probe run may move into it. */
    void remove(final int slot)
    {
        final int offset = offsets[slot];
        final int length = arena[offset] & 0xff;
        arenaGarbage += 1 + length;
        // a dead id keeps its length one byte on, behind a zero no live id's length can be, for compaction to step over it
        arena[offset] = 0;
        arena[offset + 1] = (byte)length;
        int hole = slot;
        // backward shift: pull later members of the run into the hole so that no lookup stops early
        for (int next = (hole + 1) & mask; hashes[next] != 0; next = (next + 1) & mask)
        {
            final int home = hashes[next] & mask;
            final boolean between = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!between)
            {
                move(next, hole);
                hole = next;
            }
        }
        hashes[hole] = 0;
        count--;
        if (arenaGarbage > 1 << 20 && arenaGarbage > arenaUsed / 2)
        {
            compactArena();
            if (arenaUsed < arena.length / 4 && arena.length > initialArenaBytes)
            {
                // a fleet that shrank gives most of its arena back, keeping room to grow by half before the next copy
                arena = Arrays.copyOf(arena, Math.max(initialArenaBytes, arenaUsed + (arenaUsed >> 1)));
            }
        }
    }

    long lastSeenMs(final int slot)
    {
        return lastSeenMs[slot];
    }

    void lastSeenMs(final int slot, final long value)
    {
        lastSeenMs[slot] = value;
    }

    /** First seen, whole seconds (stored as seconds since {@link #EPOCH_S}). */
    long firstSeenMs(final int slot)
    {
        return (firstSeenS[slot] + EPOCH_S) * 1000L;
    }

    void firstSeenMs(final int slot, final long value)
    {
        firstSeenS[slot] = toStoredSeconds(value);
    }

    int sizeBytes(final int slot)
    {
        return sizes[slot];
    }

    void sizeBytes(final int slot, final int value)
    {
        sizes[slot] = value;
    }

    /** The node's {@link NodeState}. */
    byte state(final int slot)
    {
        return (byte)(states[slot] & STATE_MASK);
    }

    /** Sets the node's {@link NodeState} and clears what it owes. */
    void state(final int slot, final byte value)
    {
        states[slot] = value;
    }

    /** The advisories a scan raised for the node and could not hand over: {@link #OWES_TIMEOUT}, {@link #OWES_EXPIRE}. */
    int owed(final int slot)
    {
        return states[slot] & (OWES_TIMEOUT | OWES_EXPIRE);
    }

    /** Sets the node's {@link NodeState} and what it owes. */
    void state(final int slot, final byte value, final int owed)
    {
        states[slot] = (byte)(value | owed);
    }

    /** Copies the UTF-8 id in {@code slot} into {@code into} (at least {@link #MAX_ID_BYTES} long) and returns its length. */
    int copyId(final int slot, final byte[] into)
    {
        final int offset = offsets[slot];
        final int length = arena[offset] & 0xff;
        System.arraycopy(arena, offset + 1, into, 0, length);
        return length;
    }

    /** The id in {@code slot}; allocates, for advisories and reports, never per message. */
    String id(final int slot)
    {
        final int offset = offsets[slot];
        return new String(arena, offset + 1, arena[offset] & 0xff, StandardCharsets.UTF_8);
    }

    /** Bytes the live ids take in the arena with their length bytes: what the budget bounds. */
    long idBytes()
    {
        return arenaUsed - arenaGarbage;
    }

    /** Bytes held by the arrays and the arena, for the heap-per-node figure: at most the slots' and the budget. */
    long footprintBytes()
    {
        final long slots = capacity();
        return slots * (4 + 4 + 8 + 4 + 4 + 1) + arena.length;
    }

    private int place(final int hash, final int offset, final long seenMs, final int sizeBytes, final byte state)
    {
        int slot = hash & mask;
        while (hashes[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        offsets[slot] = offset;
        lastSeenMs[slot] = seenMs;
        firstSeenS[slot] = toStoredSeconds(seenMs);
        sizes[slot] = sizeBytes;
        states[slot] = state;
        count++;
        return slot;
    }

    private void move(final int from, final int to)
    {
        hashes[to] = hashes[from];
        offsets[to] = offsets[from];
        lastSeenMs[to] = lastSeenMs[from];
        firstSeenS[to] = firstSeenS[from];
        sizes[to] = sizes[from];
        states[to] = states[from];
    }

    private void growIfFull()
    {
        if (count + 1 <= capacity() - (capacity() >> 2))
        {
            return;
        }
        final int[] oldHashes = hashes;
        final int[] oldOffsets = offsets;
        final long[] oldLast = lastSeenMs;
        final int[] oldFirst = firstSeenS;
        final int[] oldSizes = sizes;
        final byte[] oldStates = states;
        allocate(capacity() << 1);
        for (int i = 0; i < oldHashes.length; i++)
        {
            final int hash = oldHashes[i];
            if (hash != 0)
            {
                int slot = hash & mask;
                while (hashes[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = hash;
                offsets[slot] = oldOffsets[i];
                lastSeenMs[slot] = oldLast[i];
                firstSeenS[slot] = oldFirst[i];
                sizes[slot] = oldSizes[i];
                states[slot] = oldStates[i];
            }
        }
    }

    private void allocate(final int capacity)
    {
        mask = capacity - 1;
        hashes = new int[capacity];
        offsets = new int[capacity];
        lastSeenMs = new long[capacity];
        firstSeenS = new int[capacity];
        sizes = new int[capacity];
        states = new byte[capacity];
    }

    private boolean roomFor(final int length)
    {
        return idBytes() + 1 + length <= maxArenaBytes;
    }

    /** Room for an id of {@code length} bytes, which {@link #roomFor} allowed, at the arena's end. */
    private int reserveArena(final int length)
    {
        final int needed = 1 + length;
        if (arenaUsed + needed > arena.length)
        {
            // dead ids are taken back before growing by much for them, and always when growing cannot make the room
            if (arenaGarbage > arenaUsed / 4 || arenaUsed + needed > maxArenaBytes)
            {
                compactArena();
            }
            if (arenaUsed + needed > arena.length)
            {
                // grow by half, not double: the arena is most of a node's cost after its slot; never past the budget
                final long grown = Math.min(maxArenaBytes, Math.max((long)arena.length + (arena.length >> 1), (long)arenaUsed + needed));
                arena = Arrays.copyOf(arena, (int)grown);
            }
        }
        final int offset = arenaUsed;
        arena[offset] = (byte)length;
        arenaUsed += needed;
        return offset;
    }

    /**
     * Moves the live ids down over the dead ones, in arena order and in place: no second arena is held, so compacting
     * never takes more than the budget. Each live id's slot is found by its hash and offset (no other slot's offset
     * can equal it: those moved already lie below it, those not yet reached above).
     */
    private void compactArena()
    {
        int write = 0;
        int read = 0;
        while (read < arenaUsed)
        {
            final int length = arena[read] & 0xff;
            if (length == 0)
            {
                read += 1 + (arena[read + 1] & 0xff);
                continue;
            }
            if (write != read)
            {
                offsets[slotAt(read, length)] = write;
                System.arraycopy(arena, read, arena, write, 1 + length);
            }
            write += 1 + length;
            read += 1 + length;
        }
        arenaUsed = write;
        arenaGarbage = 0;
    }

    /** The slot whose id of {@code length} bytes starts at {@code offset} in the arena. */
    private int slotAt(final int offset, final int length)
    {
        final int hash = hashBytes(arena, offset + 1, offset + 1 + length);
        for (int slot = hash & mask; hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (hashes[slot] == hash && offsets[slot] == offset)
            {
                return slot;
            }
        }
        throw new IllegalStateException("no slot holds the id at arena offset " + offset);
    }

    private boolean equalsAscii(final int slot, final CharSequence chars, final int from, final int to)
    {
        final int offset = offsets[slot];
        if ((arena[offset] & 0xff) != to - from)
        {
            return false;
        }
        for (int i = from, a = offset + 1; i < to; i++, a++)
        {
            if (arena[a] != (byte)chars.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean equalsBytes(final int slot, final byte[] bytes, final int from, final int to)
    {
        final int offset = offsets[slot];
        final int length = arena[offset] & 0xff;
        return length == to - from && Arrays.equals(arena, offset + 1, offset + 1 + length, bytes, from, to);
    }

    private static boolean isAscii(final CharSequence chars, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (chars.charAt(i) >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a with a final mix; an ASCII char hashes as its byte, so both paths agree. */
    private static int hashAscii(final CharSequence chars, final int from, final int to)
    {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++)
        {
            h = (h ^ chars.charAt(i)) * 0x01000193;
        }
        return finish(h);
    }

    private static int hashBytes(final byte[] bytes, final int from, final int to)
    {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++)
        {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return finish(h);
    }

    private static int finish(final int hash)
    {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h == 0 ? 1 : h;
    }

    private static int toStoredSeconds(final long ms)
    {
        return (int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ms / 1000 - EPOCH_S));
    }

    private static int capacityFor(final int expectedNodes)
    {
        final long wanted = Math.max(MIN_CAPACITY, (long)expectedNodes * 4 / 3 + 1);
        final long capacity = Long.highestOneBit(wanted - 1) << 1;
        if (capacity > 1 << 30)
        {
            throw new IllegalArgumentException("too many nodes expected: " + expectedNodes);
        }
        return (int)capacity;
    }
}
