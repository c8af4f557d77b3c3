package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptLabelsTest
{
    private static final String PREFIX = "_INBOX.test.0.";

    @Test
    void shouldReuseTheReplySubjectOfAnAnsweredAttemptAndBuildANewOneOtherwise()
    {
        final AckWindow window = new AckWindow(2);
        final AttemptLabels labels = new AttemptLabels(PREFIX, window.capacity());
        final int position = window.add(1);
        final long first = window.beginAttempt(position, 0);
        labels.label(position, first, bytes("first"), 5);
        final String subject = labels.replyTo(position);
        assertEquals(PREFIX + position + "." + first, subject);
        assertTrue(window.complete(position, first, AckWindow.ACKED));
        window.markDone(position);
        window.add(2); // the next message takes the other position

        final int reused = window.add(3);
        assertEquals(position, reused, "a window of two wraps to the first position");
        final long next = window.beginAttempt(reused, 0);
        labels.label(reused, next, bytes("third"), 5);
        assertSame(subject, labels.replyTo(reused), "the answered attempt's subject is reused, not rebuilt");

        assertTrue(window.expire(reused));
        final long retry = window.beginAttempt(reused, 1);
        labels.label(reused, retry, bytes("third"), 5);
        assertNotEquals(subject, labels.replyTo(reused), "a timed-out attempt may still be answered: new subject");
    }

    @Test
    void shouldReuseAPositionsHeaderOnlyWhenTheWindowReusesTheAttemptId()
    {
        final AckWindow window = new AckWindow(2);
        final AttemptLabels labels = new AttemptLabels(PREFIX, window.capacity());
        final int position = window.add(1);
        final long first = window.beginAttempt(position, 0);
        final Headers sent = header(labels, position, first, "first");
        assertTrue(window.complete(position, first, AckWindow.ACKED));
        window.markDone(position);
        final int other = window.add(2); // the next message takes the other position

        final int again = window.add(3);
        assertEquals(position, again, "a window of two wraps to the first position");
        final long next = window.beginAttempt(again, 0);
        final Headers reused = header(labels, again, next, "third");
        assertSame(sent, reused, "the answered attempt was written out: its header may carry the next id");
        assertEquals("third", reused.getFirst("Nats-Msg-Id"));

        assertTrue(window.expire(again));
        final long retry = window.beginAttempt(again, 1);
        final Headers fresh = header(labels, again, retry, "third");
        assertNotSame(reused, fresh, "an unanswered attempt may still wait in the client: its header is left alone");
        window.markDone(again);
        window.markDone(other);
        window.add(4);
        final int later = window.add(5);
        assertEquals(position, later);
        final long fifth = window.beginAttempt(later, 2);
        final Headers afterTimeout = header(labels, later, fifth, "fifth");
        assertNotSame(fresh, afterTimeout, "closed unanswered: the next message gets a header of its own");
        assertEquals("third", fresh.getFirst("Nats-Msg-Id"), "what the client may still write is unchanged");
    }

    private static Headers header(final AttemptLabels labels, final int position, final long attemptId, final String id)
    {
        labels.label(position, attemptId, bytes(id), id.length());
        return labels.header(position);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
