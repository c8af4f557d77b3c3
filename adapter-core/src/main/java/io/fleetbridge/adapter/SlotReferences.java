package io.fleetbridge.adapter;

import com.lmax.disruptor.EventFactory;

/**
 * The two references a ring slot takes per message, its envelope body and its subject, kept in two
 * dense arrays indexed by slot rather than in the slots themselves.
 *
 * <p>Why: the ring lives in the old generation, and each message stores a new body (and a subject)
 * into it. G1 records every such store by the 512-byte card it lands on and scans those cards in the
 * next young pause (or refines them concurrently before). With the references in the slots, about
 * six slots share a card, and a ring of 16,384 slots is cycled many times between two pauses; in two
 * arrays of four-byte references, consecutive messages share a card with 127 others, and the whole
 * ring is some 256 cards. At half load the cards a young pause scans fell from about 3,000 to 1,360
 * (the rest are not the ring's), and its evacuation from 1.7 to 1.3 ms.
 *
 * <p>Threading: a slot's entries are written and read under the ring's sequence protocol, like the
 * rest of the slot ({@link RegistrationEvent}). Allocates the two arrays once.
 */
final class SlotReferences
{
    private final byte[][] bodies;
    private final String[] subjects;
    private int created;

    /** @param slots the ring's size: one entry in each array per slot */
    SlotReferences(final int slots)
    {
        this.bodies = new byte[slots][];
        this.subjects = new String[slots];
    }

    /**
     * The ring's event factory: slot i of the ring (the Disruptor fills it in order) gets entry i, so
     * that consecutive messages store into neighbouring entries. Called on the thread building the ring.
     */
    EventFactory<RegistrationEvent> slots(final QueueBudget budget)
    {
        return () -> {
            if (created == bodies.length)
            {
                throw new IllegalStateException("more slots than the " + bodies.length + " these references were made for");
            }
            return new RegistrationEvent(budget, this, created++);
        };
    }

    byte[] body(final int slot)
    {
        return bodies[slot];
    }

    void body(final int slot, final byte[] body)
    {
        bodies[slot] = body;
    }

    String subject(final int slot)
    {
        return subjects[slot];
    }

    void subject(final int slot, final String subject)
    {
        subjects[slot] = subject;
    }
}
