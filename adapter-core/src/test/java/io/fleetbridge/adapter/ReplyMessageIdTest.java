package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ReplyMessageIdTest
{
    private static String id(final String sender, final String requestId)
    {
        final byte[] s = sender.getBytes(StandardCharsets.UTF_8);
        final byte[] r = requestId.getBytes(StandardCharsets.US_ASCII);
        final ScratchBuffer out = new ScratchBuffer(8);
        final int length = ReplyMessageId.write(s, s.length, r, r.length, out);
        assertEquals(length, out.length());
        return new String(out.bytes(), 0, length, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldNameTheSenderAndTheRequestItAnswers()
    {
        assertEquals("web1.example.net:0123456789abcdef0123456789abcdef", id("web1.example.net", "0123456789abcdef0123456789abcdef"));
        assertNotEquals(id("web1.example.net", "r1"), id("web2.example.net", "r1"), "two nodes answering one request");
    }

    @Test
    void shouldWriteAnyOtherSenderInHexSoThatNoTwoRepliesShareAnId()
    {
        // a header value is visible ASCII, and a plain sender ends at the first ':'
        assertEquals(":6ec59375642e6e6574:r", id("n\u0153ud.net", "r"));
        assertEquals(":c3a9:r", id("\u00e9", "r"));
        assertEquals(":613a62:c", id("a:b", "c"), "a ':' in the sender would make a:b + c read as a + b:c");
        assertNotEquals(id("a:b", "c"), id("a", "b:c"));
    }
}
