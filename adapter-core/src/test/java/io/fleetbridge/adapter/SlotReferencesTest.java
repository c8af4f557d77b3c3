package io.fleetbridge.adapter;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.RingBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ring's per-message references live in one entry per slot, in the slots' order, and go with {@code release}. */
class SlotReferencesTest
{
    @Test
    void shouldGiveEachSlotOfTheRingItsOwnEntryInRingOrder()
    {
        final SlotReferences references = new SlotReferences(8);
        final RingBuffer<RegistrationEvent> ring = RingBuffer.createSingleProducer(
            references.slots(new QueueBudget(Long.MAX_VALUE)), 8, new BlockingWaitStrategy());
        final byte[] body = {1, 2, 3};

        for (int sequence = 0; sequence < 8; sequence++)
        {
            ring.get(sequence).body(new byte[] {(byte)sequence});
        }
        ring.get(3).body(body);
        ring.get(3).subject("choria.node_metadata.web1");

        // slot 3 of the ring is entry 3: consecutive messages store into neighbouring entries
        assertSame(body, references.body(3));
        assertSame("choria.node_metadata.web1", references.subject(3));
        for (int slot = 0; slot < 8; slot++)
        {
            if (slot != 3)
            {
                assertSame(ring.get(slot).body(), references.body(slot));
                assertNull(references.subject(slot));
            }
        }

        ring.get(3).release();
        assertNull(references.body(3), "a settled message's envelope is let go");
        assertNull(references.subject(3));
        assertSame(ring.get(4).body(), references.body(4), "its neighbours keep theirs");
    }

    @Test
    void shouldRefuseMoreSlotsThanItWasSizedFor()
    {
        final EventFactory<RegistrationEvent> slots = new SlotReferences(2).slots(new QueueBudget(Long.MAX_VALUE));
        slots.newInstance();
        slots.newInstance();

        assertThrows(IllegalStateException.class, slots::newInstance);
    }
}
