package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        labels.keep(position, bytes("first"), 5);
        labels.label(position, first);
        final String subject = labels.replyTo(position);
        assertEquals(PREFIX + position + "." + first, subject);
        assertTrue(window.complete(position, first, AckWindow.ACKED));
        window.markDone(position);

        final int reused = window.add(2);
        assertEquals(position, reused, "the position freed last is taken first");
        final long next = window.beginAttempt(reused, 0);
        labels.keep(reused, bytes("third"), 5);
        labels.label(reused, next);
        assertSame(subject, labels.replyTo(reused), "the answered attempt's subject is reused, not rebuilt");

        assertTrue(window.expire(reused));
        final long retry = window.beginAttempt(reused, 1);
        labels.label(reused, retry);
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

        final int again = window.add(2);
        assertEquals(position, again, "the position freed last is taken first");
        final long next = window.beginAttempt(again, 0);
        final Headers reused = header(labels, again, next, "third");
        assertSame(sent, reused, "the answered attempt was written out: its header may carry the next id");
        assertEquals("third", reused.getFirst("Nats-Msg-Id"));

        assertTrue(window.expire(again));
        final long retry = window.beginAttempt(again, 1);
        final Headers fresh = header(labels, again, retry, "third");
        assertNotSame(reused, fresh, "an unanswered attempt may still wait in the client: its header is left alone");
        window.markDone(again);
        final int later = window.add(3);
        assertEquals(position, later);
        final long fifth = window.beginAttempt(later, 2);
        final Headers afterTimeout = header(labels, later, fifth, "fifth");
        assertNotSame(fresh, afterTimeout, "closed unanswered: the next message gets a header of its own");
        assertEquals("third", fresh.getFirst("Nats-Msg-Id"), "what the client may still write is unchanged");
    }

    @Test
    void shouldCarryTheKeptIdOnEveryAttemptAfterTheDecodedMessageIsReused()
    {
        final AckWindow window = new AckWindow(2);
        final AttemptLabels labels = new AttemptLabels(PREFIX, window.capacity());
        final byte[] decoded = bytes("0123456789abcdef0123456789abcdef");
        final int position = window.add(1);
        labels.keep(position, decoded, decoded.length);
        Arrays.fill(decoded, (byte)'x'); // the pool hands the decoded message to the next input

        final long first = window.beginAttempt(position, 0);
        labels.label(position, first);
        assertEquals("0123456789abcdef0123456789abcdef", labels.header(position).getFirst("Nats-Msg-Id"));
        assertTrue(window.expire(position));
        final long retry = window.beginAttempt(position, 1);
        labels.label(position, retry);
        assertEquals("0123456789abcdef0123456789abcdef", labels.header(position).getFirst("Nats-Msg-Id"),
            "a re-send carries the same id, so JetStream can drop it if the first landed");

        final String longer = "L".repeat(100);
        window.markDone(position);
        final int again = window.add(2);
        assertEquals(position, again);
        labels.keep(again, bytes(longer), longer.length());
        labels.label(again, window.beginAttempt(again, 2));
        assertEquals(longer, labels.header(again).getFirst("Nats-Msg-Id"), "a longer id than the position held before");
    }

    private static Headers header(final AttemptLabels labels, final int position, final long attemptId, final String id)
    {
        labels.keep(position, bytes(id), id.length());
        labels.label(position, attemptId);
        return labels.header(position);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
