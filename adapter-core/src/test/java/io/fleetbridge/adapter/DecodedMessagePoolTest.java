package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodedMessagePoolTest
{
    @Test
    void shouldHandOutTheMessageGivenBackLastSoItIsStillInCache()
    {
        final DecodedMessagePool pool = new DecodedMessagePool(4);
        final DecodedMessage first = pool.take();
        final DecodedMessage second = pool.take();
        pool.give(first);
        pool.give(second);
        assertSame(second, pool.take(), "last in, first out");
        assertSame(first, pool.take());
    }

    @Test
    void shouldStartFullAndAllocateOnlyWhenEmptied()
    {
        final DecodedMessagePool pool = new DecodedMessagePool(2);
        assertEquals(2, pool.size());
        final DecodedMessage a = pool.take();
        final DecodedMessage b = pool.take();
        assertEquals(0, pool.size());
        final DecodedMessage extra = pool.take();
        assertNotNull(extra, "an emptied pool allocates rather than stall ingest");
        assertNotSame(a, extra);
        assertNotSame(b, extra);
    }

    @Test
    void shouldNotGrowBeyondItsCapacity()
    {
        final DecodedMessagePool pool = new DecodedMessagePool(1);
        final DecodedMessage kept = pool.take();
        final DecodedMessage extra = pool.take();
        pool.give(kept);
        pool.give(extra);
        assertEquals(1, pool.size(), "the message beyond the capacity is left to the collector");
        assertSame(kept, pool.take());
    }
    @Test
    void shouldShrinkTheMessagesLeftUnusedSinceTheLastTrimAndKeepTheOnesInUse()
    {
        final DecodedMessagePool pool = new DecodedMessagePool(4);
        final int small = new DecodedMessage().heldBytes();
        final DecodedMessage[] burst = {pool.take(), pool.take(), pool.take()};
        for (final DecodedMessage message : burst)
        {
            message.dataBuffer().ensure(60_000);
        }
        for (int i = burst.length - 1; i >= 0; i--)
        {
            pool.give(burst[i]);
        }
        pool.trim();
        assertTrue(burst[0].heldBytes() > 60_000, "used since the last trim: kept");

        final DecodedMessage inUse = pool.take();
        assertSame(burst[0], inUse);
        pool.give(inUse);
        pool.trim();
        assertTrue(inUse.heldBytes() > 60_000, "taken since the last trim: kept, so steady traffic allocates nothing");
        assertEquals(small, burst[1].heldBytes(), "untouched for a trim period: back to the initial size");
        assertEquals(small, burst[2].heldBytes());

        pool.trim();
        assertEquals(small, inUse.heldBytes(), "once it too sits unused for a period");
        assertEquals(4, pool.size());
    }

    @Test
    void shouldKeepTheBuffersOfOrdinaryRegistrationsThroughIdlePeriods()
    {
        final DecodedMessagePool pool = new DecodedMessagePool(2);
        final DecodedMessage registration = pool.take();
        registration.dataBuffer().ensure(22_000);
        final int held = registration.heldBytes();
        pool.give(registration);
        pool.trim();
        pool.trim();
        assertEquals(held, registration.heldBytes(), "a 22 KB registration's buffer stays, so the next round allocates nothing");
    }

    @Test
    void shouldShrinkEveryIdleMessageWhenThePoolIsLargerThanOneBatch()
    {
        final int capacity = DecodedMessagePool.TRIM_BATCH * 3 + 7;
        final DecodedMessagePool pool = new DecodedMessagePool(capacity);
        final int small = new DecodedMessage().heldBytes();
        final DecodedMessage[] burst = new DecodedMessage[capacity];
        for (int i = 0; i < capacity; i++)
        {
            burst[i] = pool.take();
            burst[i].dataBuffer().ensure(60_000);
        }
        for (int i = capacity - 1; i >= 0; i--)
        {
            pool.give(burst[i]);
        }
        pool.trim();
        pool.trim();
        for (final DecodedMessage message : burst)
        {
            assertEquals(small, message.heldBytes());
        }
    }
}
