package io.fleetbridge.adapter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one adapter's queue may hold ({@code queue_bytes}): the ring bounds how many messages
 * wait, this bounds how large they are together, so that a ring of large registrations cannot
 * take the whole heap while JetStream is away.
 *
 * <p>An ingest worker {@link #claim claims} a message's bytes before it claims a ring slot; the
 * publisher that settles the slot (acknowledged or dropped) {@link #release releases} them, via
 * {@link RegistrationEvent#release()}. A message is accepted while what is held is below the
 * capacity, so at most the capacity plus one message per ingest worker is held; a refused one is
 * a {@code queue_full} drop, as when the ring is full.
 *
 * <p>Threading: any thread, lock free. A claim is one volatile read and one atomic add, a release
 * one atomic add; nothing allocates.
 */
final class QueueBudget
{
    private final AtomicLong held = new AtomicLong();
    private final long capacityBytes;

    QueueBudget(final long capacityBytes)
    {
        if (capacityBytes < 1)
        {
            throw new IllegalArgumentException("capacityBytes must be at least 1: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** Counts {@code bytes} as held and returns true, unless what is held has reached the capacity. */
    boolean claim(final int bytes)
    {
        if (held.get() >= capacityBytes)
        {
            return false;
        }
        held.getAndAdd(bytes);
        return true;
    }

    /** Gives back what a {@link #claim} of {@code bytes} took. */
    void release(final int bytes)
    {
        held.getAndAdd(-bytes);
    }

    /** Bytes held now ({@code choria_adapter_queue_bytes}). */
    long heldBytes()
    {
        return held.get();
    }

    /** The capacity, {@code queue_bytes} ({@code choria_adapter_queue_bytes_capacity}). */
    long capacityBytes()
    {
        return capacityBytes;
    }
}
