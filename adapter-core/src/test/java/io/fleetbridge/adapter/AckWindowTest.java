package io.fleetbridge.adapter;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckWindowTest
{
    @Test
    void shouldReleaseOnlyUpToTheOldestUnsettledEntry()
    {
        final AckWindow window = new AckWindow(4);
        final int first = window.add(10);
        final int second = window.add(12);
        window.beginAttempt(first, 0);
        window.beginAttempt(second, 0);

        assertEquals(9, window.releasedUpTo(13), "nothing at or after the oldest in-flight sequence is released");
        window.markDone(second);
        assertEquals(9, window.releasedUpTo(13), "a later ack does not release past an earlier unsettled one");
        window.markDone(first);
        assertEquals(13, window.releasedUpTo(13), "an empty window releases everything seen");
    }

    /** Attempts that timed out in an outage are not refusals: a message keeps its three refusals whatever came before. */
    @Test
    void shouldCountRefusalsApartFromAttempts()
    {
        final AckWindow window = new AckWindow(1);
        final int position = window.add(10);
        for (int i = 0; i < 5; i++)
        {
            window.beginAttempt(position, i);
            window.expire(position);
        }
        assertEquals(5, window.attempts(position));
        assertEquals(1, window.rejected(position), "the first refusal, after five timeouts");
        assertEquals(2, window.rejected(position));
    }

    @Test
    void shouldIgnoreCompletionOfAnAttemptThatWasSuperseded()
    {
        final AckWindow window = new AckWindow(4);
        final int position = window.add(1);
        final long firstAttempt = window.beginAttempt(position, 0);
        assertTrue(window.expire(position));
        final long secondAttempt = window.beginAttempt(position, 1);

        assertFalse(window.complete(position, firstAttempt, AckWindow.ACKED), "late reply to the timed-out attempt");
        assertTrue(window.complete(position, secondAttempt, AckWindow.ACKED));
        assertFalse(window.complete(position, secondAttempt, AckWindow.DUPLICATE), "an attempt completes once");
        assertEquals(AckWindow.ACKED, window.outcome(position));
    }

    @Test
    void shouldNotCreditALateAckToTheNextMessageInTheSamePosition()
    {
        final AckWindow window = new AckWindow(1);
        final int position = window.add(1);
        final long oldAttempt = window.beginAttempt(position, 0);
        window.markDone(position);

        final int reused = window.add(2);
        assertEquals(position, reused);
        window.beginAttempt(reused, 0);
        assertFalse(window.complete(position, oldAttempt, AckWindow.ACKED));
        assertEquals(AckWindow.PENDING, window.outcome(reused));
    }

    @Test
    void shouldKeepTheIdOfAnAnsweredAttemptForTheNextMessageInItsPosition()
    {
        final AckWindow window = new AckWindow(1);
        final int position = window.add(1);
        final long answered = window.beginAttempt(position, 0);
        assertTrue(window.complete(position, answered, AckWindow.ACKED));
        window.markDone(position);

        final int reused = window.add(2);
        assertEquals(answered, window.beginAttempt(reused, 0), "one reply per publish: nothing late can come for it");
        assertFalse(window.complete(reused, answered - 1, AckWindow.ACKED));
        assertTrue(window.complete(reused, answered, AckWindow.ACKED));
    }

    @Test
    void shouldLetTimeoutAndReplyRaceWithExactlyOneWinner()
    {
        final AckWindow window = new AckWindow(2);
        final int position = window.add(1);
        final long attempt = window.beginAttempt(position, 0);
        assertTrue(window.complete(position, attempt, AckWindow.ACKED));
        assertFalse(window.expire(position), "the reply won; the timeout must not also settle it");
    }

    @Test
    void shouldReportFullAtCapacity()
    {
        final AckWindow window = new AckWindow(2);
        window.add(1);
        assertFalse(window.isFull());
        window.add(2);
        assertTrue(window.isFull());
        assertEquals(2, window.size());
    }

    @Test
    void shouldHoldExactlyItsCapacityWhenThatIsNotAPowerOfTwo()
    {
        final AckWindow window = new AckWindow(5);
        for (int i = 0; i < 5; i++)
        {
            assertFalse(window.isFull(), "entry " + i);
            window.add(i);
        }
        assertTrue(window.isFull(), "5 in flight, not the 8 of a rounded-up circle or the 4 of a rounded-down one");
        assertThrows(IllegalArgumentException.class, () -> new AckWindow(0));
        assertThrows(IllegalArgumentException.class, () -> new AckWindow(AdapterConfig.MAX_MAX_INFLIGHT + 1));
    }

    @Test
    void shouldReuseTheMostRecentlyFreedPositionsSoThatAFewInFlightTouchFewPositions()
    {
        final AckWindow window = new AckWindow(4096);
        final Set<Integer> used = new HashSet<>();
        // one message in flight at a time, 10,000 times: a circle would go round all 4,096 positions
        for (long sequence = 0; sequence < 10_000; sequence++)
        {
            final int position = window.add(sequence);
            used.add(position);
            window.beginAttempt(position, 0);
            window.markDone(position);
        }
        assertEquals(1, used.size(), "positions used with one message in flight: " + used.size());

        // three in flight, settled out of order, many times over: still only three positions
        used.clear();
        for (long sequence = 10_000; sequence < 20_000; sequence += 3)
        {
            final int a = window.add(sequence);
            final int b = window.add(sequence + 1);
            final int c = window.add(sequence + 2);
            used.add(a);
            used.add(b);
            used.add(c);
            window.markDone(c);
            window.markDone(a);
            window.markDone(b);
        }
        assertEquals(3, used.size());
    }

    @Test
    void shouldWalkEntriesInRingOrderWhateverPositionsTheyHold()
    {
        final AckWindow window = new AckWindow(4);
        final int first = window.add(100);
        final int second = window.add(101);
        window.markDone(first); // freed: the next entry takes its position
        final int third = window.add(102);
        assertEquals(first, third, "the most recently freed position is taken first");

        final long[] seen = new long[window.size()];
        int i = 0;
        for (long index = window.headIndex(); index < window.tailIndex(); index++)
        {
            seen[i++] = window.sequence(window.position(index));
        }
        assertArrayEquals(new long[] {101, 102}, seen);
        assertEquals(100, window.releasedUpTo(102), "the oldest unsettled entry, 101, holds the release point");

        window.markDone(third);
        assertEquals(100, window.releasedUpTo(102), "settling a younger entry releases nothing past an older one");
        window.markDone(second);
        assertTrue(window.isEmpty());
        assertEquals(102, window.releasedUpTo(102));
    }
}
