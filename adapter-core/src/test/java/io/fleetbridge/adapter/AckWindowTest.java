package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
