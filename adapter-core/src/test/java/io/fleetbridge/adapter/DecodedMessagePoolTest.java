package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
