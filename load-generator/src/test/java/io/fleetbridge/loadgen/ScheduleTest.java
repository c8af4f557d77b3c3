package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class ScheduleTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldSendEveryNodeOncePerIntervalAtAStableSplayOffset()
    {
        final int nodes = 1000;
        final Schedule steady = Schedule.steady(nodes, 300 * SECOND, 42);

        assertEquals(3 * nodes, steady.count(900 * SECOND, Long.MAX_VALUE));
        final long[] offset = new long[nodes];
        final BitSet seen = new BitSet(nodes);
        long previous = -1;
        for (long seq = 0; seq < 3 * nodes; seq++)
        {
            final long at = steady.intendedNs(seq);
            assertTrue(at >= previous, "non-decreasing at " + seq);
            previous = at;
            final long round = seq / nodes;
            assertTrue(at >= round * 300 * SECOND && at < (round + 1) * 300 * SECOND, "inside its round: " + seq);
            final int node = steady.node(seq);
            if (round == 0)
            {
                assertFalse(seen.get(node), "node twice in one round: " + node);
                seen.set(node);
                offset[node] = at;
            }
            else
            {
                assertEquals(offset[node] + round * 300 * SECOND, at, "same splay offset every round");
            }
        }
        assertEquals(nodes, seen.cardinality());
    }

    @Test
    void shouldCountOnlyMessagesDueWithinTheDuration()
    {
        final Schedule steady = Schedule.steady(100_000, 300 * SECOND, 1);
        final long count = steady.count(60 * SECOND, Long.MAX_VALUE);

        assertTrue(steady.intendedNs(count - 1) < 60 * SECOND);
        assertTrue(steady.intendedNs(count) >= 60 * SECOND);
        assertEquals(20_000, count, 2);
        assertEquals(500, steady.count(60 * SECOND, 500));
    }

    @Test
    void shouldSendAllNodesOnceWithinTheBurstWindow()
    {
        final int nodes = 1_000_000;
        final Schedule burst = Schedule.burst(nodes, 10 * SECOND, 7);

        assertEquals(nodes, burst.count(3600 * SECOND, Long.MAX_VALUE));
        assertTrue(burst.intendedNs(nodes - 1) < 10 * SECOND);
        assertEquals(nodes / 2, burst.count(5 * SECOND, Long.MAX_VALUE), nodes / 1000);
        final BitSet seen = new BitSet(nodes);
        for (long seq = 0; seq < nodes; seq++)
        {
            seen.set(burst.node(seq));
        }
        assertEquals(nodes, seen.cardinality(), "every node exactly once");
    }

    @Test
    void shouldSpaceTheRateScheduleEvenly()
    {
        final Schedule rate = Schedule.rate(50, 2000, 3);

        assertEquals(20_000, rate.count(10 * SECOND, Long.MAX_VALUE));
        assertEquals(500_000L, rate.intendedNs(1));
        assertEquals(5 * SECOND, rate.intendedNs(10_000));
        final BitSet seen = new BitSet();
        for (long seq = 0; seq < 50; seq++)
        {
            seen.set(rate.node(seq));
        }
        assertEquals(50, seen.cardinality(), "nodes take turns");
    }

    @Test
    void shouldLeaveTheMaxScheduleToTheDurationOrCount()
    {
        final Schedule max = Schedule.max(10, 0);

        assertEquals(Schedule.ASAP, max.intendedNs(5));
        assertEquals(Long.MAX_VALUE, max.count(SECOND, Long.MAX_VALUE));
        assertEquals(1234, max.count(SECOND, 1234));
    }

    @Test
    void shouldOrderNodesAsABijection()
    {
        for (final int n : new int[] {1, 2, 1000, 1024, 99_991})
        {
            final NodeOrder order = new NodeOrder(n, 12345);
            final BitSet slots = new BitSet(n);
            for (int node = 0; node < n; node++)
            {
                final long slot = order.slot(node);
                assertEquals(node, order.node(slot));
                slots.set((int)slot);
            }
            assertEquals(n, slots.cardinality(), "n=" + n);
        }
    }
}
