package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
