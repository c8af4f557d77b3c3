package io.fleetbridge.adapter;

import java.util.Arrays;

/**
 * Keeps each sender's messages in the order they were received: of the messages one publisher
 * holds in its {@link AckWindow}, only the oldest of each sender may be published; the next one
 * waits until that one is settled (acknowledged or dropped).
 *
 * <p><b>Why.</b> A message that is refused, times out or is lost with a connection is re-sent
 * later. Had a newer message of its sender been published meanwhile, the re-sent one would be
 * stored after it, and on a stream that keeps the latest message per subject (the usual
 * {@code max_msgs_per_subject = 1} view of a fleet) a stale registration would replace a newer
 * one. With at most one publish per sender outstanding, and every sender's messages in one
 * publisher ({@code shard = hash(sender) mod stream.workers}), nothing can overtake. A node
 * registers every few minutes, so its next message almost never arrives while the previous one
 * is still waiting for its acknowledgement; when it does, it waits about one round trip.
 *
 * <p><b>How.</b> Per window position: the sender (copied, since the decoded message goes back
 * to the pool), its hash, and the position of the next message of the same sender. A table,
 * open addressing with linear probing over twice the window's capacity, maps each sender with
 * messages in the window to the position of its newest one, so that a new message links behind
 * it in O(1). Entries leave the table by backward-shift deletion, so no tombstones build up.
 *
 * <p>Threading: the publisher thread only. Allocates only for a position's first sender and a
 * longer one.
 */
final class SenderOrder
{
    private static final int TYPICAL_SENDER_BYTES = 64;

    private final byte[][] senders;
    private final int[] lengths;
    private final int[] hashes;
    /** The position of the next message of the same sender, or -1. */
    private final int[] next;
    /** Newest position + 1 of each sender in the window; 0 for an empty slot. */
    private final int[] table;
    private final int mask;
    private final int shift;

    SenderOrder(final int capacity)
    {
        senders = new byte[capacity][];
        lengths = new int[capacity];
        hashes = new int[capacity];
        next = new int[capacity];
        Arrays.fill(next, -1);
        table = new int[AdapterConfig.roundUpToPowerOfTwo(2 * capacity)];
        mask = table.length - 1;
        shift = 32 - Integer.numberOfTrailingZeros(table.length);
    }

    /** Keeps the sender of the message about to take {@code position}; call {@link #enter} once it has. */
    void keep(final int position, final byte[] sender, final int length, final int hash)
    {
        byte[] kept = senders[position];
        if (kept == null || kept.length < length)
        {
            kept = new byte[Math.max(length, TYPICAL_SENDER_BYTES)];
            senders[position] = kept;
        }
        System.arraycopy(sender, 0, kept, 0, length);
        lengths[position] = length;
        hashes[position] = hash;
    }

    /**
     * The message at {@code position}, its sender {@link #keep kept}, has entered the window.
     * Returns the position of the previous message of the same sender, which it must wait for,
     * or -1 when it may be published at once.
     */
    int enter(final int position)
    {
        next[position] = -1;
        int slot = home(hashes[position]);
        while (table[slot] != 0)
        {
            final int newest = table[slot] - 1;
            if (sameSender(newest, position))
            {
                next[newest] = position;
                table[slot] = position + 1;
                return newest;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = position + 1;
        return -1;
    }

    /**
     * The message at {@code position}, the oldest of its sender in the window, is settled.
     * Returns the position of its sender's next message, which may be published now, or -1.
     */
    int leave(final int position)
    {
        final int following = next[position];
        if (following >= 0)
        {
            next[position] = -1;
            return following; // the sender's newest is still in the window: the table stays as it is
        }
        int slot = home(hashes[position]);
        while (table[slot] != position + 1)
        {
            if (table[slot] == 0)
            {
                throw new IllegalStateException("window position " + position + " is not the newest of its sender");
            }
            slot = (slot + 1) & mask;
        }
        remove(slot);
        return -1;
    }

    /** Backward-shift deletion: moves later entries of the probe run up so that every one stays reachable. */
    private void remove(final int emptied)
    {
        int hole = emptied;
        int slot = emptied;
        while (true)
        {
            slot = (slot + 1) & mask;
            final int entry = table[slot];
            if (entry == 0)
            {
                break;
            }
            final int home = home(hashes[entry - 1]);
            // the entry may move into the hole unless its home lies cyclically in (hole, slot]
            final boolean staysPut = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!staysPut)
            {
                table[hole] = entry;
                hole = slot;
            }
        }
        table[hole] = 0;
    }

    private int home(final int hash)
    {
        // Fibonacci hashing takes the high bits: the low bits chose the publisher, so all of one publisher's share them
        return (hash * 0x9E3779B9) >>> shift;
    }

    private boolean sameSender(final int a, final int b)
    {
        return hashes[a] == hashes[b]
            && Arrays.equals(senders[a], 0, lengths[a], senders[b], 0, lengths[b]);
    }
}
