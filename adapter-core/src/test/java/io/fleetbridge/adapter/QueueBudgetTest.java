package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class QueueBudgetTest
{
    @Test
    void shouldAcceptWhileBelowTheCapacityAndRefuseOnceItIsReached()
    {
        final QueueBudget budget = new QueueBudget(100);
        assertTrue(budget.claim(60));
        assertTrue(budget.claim(60), "below the capacity when it came: accepted, one message over at most");
        assertEquals(120, budget.heldBytes());
        assertFalse(budget.claim(1), "the capacity is reached");
        assertEquals(120, budget.heldBytes(), "a refusal holds nothing");
        budget.release(60);
        assertTrue(budget.claim(10));
        assertEquals(70, budget.heldBytes());
        assertEquals(100, budget.capacityBytes());
    }

    @Test
    void shouldAlwaysAcceptOneMessageLargerThanTheCapacityWhenNothingIsHeld()
    {
        final QueueBudget budget = new QueueBudget(100);
        assertTrue(budget.claim(1_000), "a message larger than queue_bytes is not refused for ever");
        assertFalse(budget.claim(1));
        budget.release(1_000);
        assertEquals(0, budget.heldBytes());
    }

    @Test
    void shouldHoldNothingOnceEveryClaimIsReleasedAcrossThreads() throws Exception
    {
        final QueueBudget budget = new QueueBudget(1 << 20);
        final int threads = 4;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final AtomicLong maxSeen = new AtomicLong();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int seed = t;
            final Thread worker = new Thread(() -> {
                try
                {
                    start.await();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
                for (int i = 0; i < 200_000; i++)
                {
                    final int bytes = 1 + (i * 31 + seed) % 4096;
                    if (budget.claim(bytes))
                    {
                        maxSeen.accumulateAndGet(budget.heldBytes(), Math::max);
                        budget.release(bytes);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers)
        {
            worker.join();
        }
        assertEquals(0, budget.heldBytes(), "every claim given back exactly");
        assertTrue(maxSeen.get() <= (1 << 20) + threads * 4096L, "over the capacity by at most one message per thread: " + maxSeen);
    }
}
