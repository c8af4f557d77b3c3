package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
