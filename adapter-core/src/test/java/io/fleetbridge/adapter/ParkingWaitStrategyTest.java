package io.fleetbridge.adapter;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import io.fleetbridge.testsupport.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking ring wait: woken by a message or an alert, short timeouts only while the publisher awaits answers. */
class ParkingWaitStrategyTest
{
    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longer than any of these tests may take: a wait that ends only by its idle bound fails them. */
    private static final long FOREVER_NS = TimeUnit.MINUTES.toNanos(10);

    @Test
    @Timeout(30)
    void shouldWakeAParkedPublisherWhenAMessageIsPublished() throws Exception
    {
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8,
            new ParkingWaitStrategy(TICK_NS, FOREVER_NS));
        final CompletableFuture<Long> woken = parkedWaiter(ring.newBarrier());

        ring.publish(ring.next());

        assertEquals(0, woken.get(20, TimeUnit.SECONDS), "woken by the message, not by a timeout of ten minutes");
    }

    @Test
    @Timeout(30)
    void shouldWakeAParkedPublisherWhenTheRingIsHalted() throws Exception
    {
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8,
            new ParkingWaitStrategy(TICK_NS, FOREVER_NS));
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> halted = parkedWaiter(barrier);

        barrier.alert();

        final ExecutionException ended = assertThrows(ExecutionException.class, () -> halted.get(20, TimeUnit.SECONDS));
        assertInstanceOf(AlertException.class, ended.getCause().getCause(), "the halt's alert, not a timeout");
    }

    @Test
    @Timeout(30)
    void shouldEndAWaitForAnswersAsSoonAsAnswersArrive() throws Exception
    {
        // a tick of ten minutes: only the arrival can end this wait within the test
        final ParkingWaitStrategy strategy = new ParkingWaitStrategy(FOREVER_NS, FOREVER_NS);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final CompletableFuture<Long> woken = parkedWaiter(ring.newBarrier(), strategy::keepTicking);

        strategy.answersArrived();

        final ExecutionException ended = assertThrows(ExecutionException.class, () -> woken.get(20, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, ended.getCause().getCause(), "woken to read its answers, as by its tick");
    }

    @Test
    @Timeout(60)
    void shouldEndAtOnceAWaitForAnswersThatArrivedBeforeItBegan() throws Exception
    {
        final ParkingWaitStrategy strategy = new ParkingWaitStrategy(FOREVER_NS, FOREVER_NS);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final ExecutorService publisher = Executors.newSingleThreadExecutor();
        try
        {
            // the publisher thread's first wait registers it; the answers end it
            final AtomicReference<Thread> thread = new AtomicReference<>();
            final Future<?> first = publisher.submit(() -> {
                thread.set(Thread.currentThread());
                waitForAnswers(barrier, strategy);
            });
            Deadline.await(Duration.ofSeconds(10), "the publisher parked",
                () -> thread.get() != null && thread.get().getState() == Thread.State.TIMED_WAITING);
            strategy.answersArrived();
            first.get(20, TimeUnit.SECONDS);

            // replies queued after its poll and before its next wait: that wait must not sleep until its tick
            strategy.answersArrived();
            publisher.submit(() -> waitForAnswers(barrier, strategy)).get(20, TimeUnit.SECONDS);
        }
        finally
        {
            publisher.shutdownNow();
        }
    }

    /** On the publisher's thread: a wait for answers, which must end as a timeout (as the tick would end it). */
    private static void waitForAnswers(final SequenceBarrier barrier, final ParkingWaitStrategy strategy)
    {
        strategy.keepTicking();
        assertThrows(TimeoutException.class, () -> barrier.waitFor(0));
    }

    @Test
    @Timeout(30)
    void shouldLeaveAWaitThatAwaitsNoAnswersToItsMessage() throws Exception
    {
        final ParkingWaitStrategy strategy = new ParkingWaitStrategy(TICK_NS, FOREVER_NS);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final CompletableFuture<Long> woken = parkedWaiter(ring.newBarrier());

        strategy.answersArrived(); // replies the publisher is not waiting for (a server's PING, a late duplicate)
        ring.publish(ring.next());

        assertEquals(0, woken.get(20, TimeUnit.SECONDS), "still waiting for its message, not ended by the replies");
    }

    private static CompletableFuture<Long> parkedWaiter(final SequenceBarrier barrier)
    {
        return parkedWaiter(barrier, () -> { });
    }

    /**
     * A thread waiting on {@code barrier} for the first message, returned once it is parked, not still on its way in:
     * otherwise it could see what the test does next without being woken. It runs {@code first} on its thread before
     * it waits.
     */
    private static CompletableFuture<Long> parkedWaiter(final SequenceBarrier barrier, final Runnable first)
    {
        final AtomicReference<Thread> waiter = new AtomicReference<>();
        final CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            first.run();
            try
            {
                return barrier.waitFor(0);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        Deadline.await(Duration.ofSeconds(10), "the publisher parked",
            () -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
        return result;
    }

    @Test
    @Timeout(60)
    void shouldTimeOutWithinATickOnlyAfterThePublisherAskedForIt() throws Exception
    {
        final long idleNs = TimeUnit.SECONDS.toNanos(2);
        final ParkingWaitStrategy strategy = new ParkingWaitStrategy(TICK_NS, idleNs);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();

        strategy.keepTicking();
        final long tickingFrom = System.nanoTime();
        assertThrows(TimeoutException.class, () -> barrier.waitFor(0));
        final long tickingNs = System.nanoTime() - tickingFrom;

        // asked once, for one wait: the next one with nothing awaited sleeps to the idle bound
        final long idleFrom = System.nanoTime();
        assertThrows(TimeoutException.class, () -> barrier.waitFor(0));
        final long idleWaitNs = System.nanoTime() - idleFrom;

        assertTrue(tickingNs < idleNs / 2, "a ticking wait ends long before the idle bound: " + tickingNs + " ns");
        assertTrue(idleWaitNs >= idleNs, "an idle wait lasts its bound: " + idleWaitNs + " ns");
        assertEquals(-1, ring.getCursor(), "nothing was published");
    }

    @Test
    @Timeout(60)
    void shouldKeepEachPublisherThreadsTickToItself() throws Exception
    {
        final long idleNs = TimeUnit.SECONDS.toNanos(2);
        final ParkingWaitStrategy strategy = new ParkingWaitStrategy(TICK_NS, idleNs);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final SequenceBarrier mine = ring.newBarrier();
        final SequenceBarrier others = ring.newBarrier();
        final ExecutorService otherThread = Executors.newSingleThreadExecutor();
        try
        {
            // the other publisher thread registers first: a lookup that took any thread's state would take its
            otherThread.submit(() -> timedOutWait(others, strategy, true)).get(20, TimeUnit.SECONDS);
            // it asks for the tick of its next wait, and then this thread waits without asking
            otherThread.submit(strategy::keepTicking).get(20, TimeUnit.SECONDS);

            final long mineNs = timedOutWait(mine, strategy, false);
            final long otherNs = otherThread.submit(() -> timedOutWait(others, strategy, false)).get(20, TimeUnit.SECONDS);

            assertTrue(mineNs >= idleNs, "this thread did not ask, and slept to its idle bound: " + mineNs + " ns");
            assertTrue(otherNs < idleNs / 2, "the other thread asked for the tick and had it: " + otherNs + " ns");
        }
        finally
        {
            otherThread.shutdownNow();
        }
    }

    /** How long a wait for a message that never comes took, on the calling thread, asking for the tick first or not. */
    private static long timedOutWait(final SequenceBarrier barrier, final ParkingWaitStrategy strategy, final boolean ticking)
    {
        if (ticking)
        {
            strategy.keepTicking();
        }
        final long fromNs = System.nanoTime();
        assertThrows(TimeoutException.class, () -> barrier.waitFor(0));
        return System.nanoTime() - fromNs;
    }

    @Test
    void shouldRefuseAnIdleBoundShorterThanTheTick()
    {
        assertThrows(IllegalArgumentException.class, () -> new ParkingWaitStrategy(TICK_NS, TICK_NS - 1));
        assertThrows(IllegalArgumentException.class, () -> new ParkingWaitStrategy(0, FOREVER_NS));
    }
}
