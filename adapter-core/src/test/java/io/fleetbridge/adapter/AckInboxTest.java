package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckInboxTest
{
    @Test
    void shouldParseDecimalTokensAndRefuseAnythingElse()
    {
        assertEquals(1234, AckInbox.parseNumber("x.1234", 2, 6));
        assertEquals(-1, AckInbox.parseNumber("x.12a4", 2, 6));
        assertEquals(-1, AckInbox.parseNumber("x.", 2, 2));
        assertEquals(-1, AckInbox.parseNumber("1234567890123456789", 0, 19), "too long to be ours");
    }

    @Test
    void shouldReadMemberValuesWrittenWithOrWithoutSpace()
    {
        final byte[] key = "\"duplicate\"".getBytes(StandardCharsets.US_ASCII);
        final byte[] yes = "true".getBytes(StandardCharsets.US_ASCII);
        assertTrue(AckInbox.valueStartsWith(bytes("{\"stream\":\"S\",\"seq\":7,\"duplicate\": true}"), key, yes));
        assertTrue(AckInbox.valueStartsWith(bytes("{\"stream\":\"S\",\"seq\":7,\"duplicate\":true}"), key, yes));
        assertFalse(AckInbox.valueStartsWith(bytes("{\"stream\":\"S\",\"seq\":7}"), key, yes));
        assertFalse(AckInbox.valueStartsWith(bytes("{\"duplicate\":tru"), key, yes), "truncated");
        assertEquals(-1, AckInbox.indexOf(bytes("{\"stream\":\"S\"}"), bytes("\"error\"")));
    }

    @Test
    void shouldReuseTheReplySubjectOfAnAnsweredAttemptAndBuildANewOneOtherwise()
    {
        final AckWindow window = new AckWindow(2);
        final AckInbox inbox = new AckInbox("_INBOX.test.0.", window, null);
        final int position = window.add(1);
        final long first = window.beginAttempt(position, 0);
        final String subject = inbox.replyTo(position, first);
        assertEquals("_INBOX.test.0." + position + "." + first, subject);
        assertTrue(window.complete(position, first, AckWindow.ACKED));
        window.markDone(position);
        window.add(2); // the next message takes the other position

        final int reused = window.add(3);
        assertEquals(position, reused, "a window of two wraps to the first position");
        final long next = window.beginAttempt(reused, 0);
        assertSame(subject, inbox.replyTo(reused, next), "the answered attempt's subject is reused, not rebuilt");

        assertTrue(window.expire(reused));
        final long retry = window.beginAttempt(reused, 1);
        assertNotEquals(subject, inbox.replyTo(reused, retry), "a timed-out attempt may still be answered: new subject");
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
