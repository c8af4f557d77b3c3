package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AckSubjectTest
{
    @Test
    void shouldReadTimePendingAndSequenceFromTheNineTokenForm()
    {
        final String reply = "$JS.ACK.NODE_METADATA.c1.1.4711.17.1764928800123456789.42";
        assertEquals(1_764_928_800_123L, AckSubject.timestampMs(reply));
        assertEquals(42, AckSubject.pending(reply));
        assertEquals(4711, AckSubject.streamSequence(reply));
    }

    @Test
    void shouldReadTimePendingAndSequenceFromTheFormWithDomainAndAccount()
    {
        final String reply = "$JS.ACK.hub.ACCHASH.NODE_METADATA.c1.1.4711.17.1764928800123456789.0.rand0m";
        assertEquals(1_764_928_800_123L, AckSubject.timestampMs(reply));
        assertEquals(0, AckSubject.pending(reply));
        assertEquals(4711, AckSubject.streamSequence(reply));
    }

    @Test
    void shouldSayMinusOneForAnythingElse()
    {
        for (final String reply : new String[] {null, "", "_INBOX.abc", "$JS.ACK.S.c.1.2.3", "$JS.ACK.S.c.1.2.3.x9.0",
            "$JS.ACK.S.c.1.2.3..0", "$JS.ACK.S.c.1.2.3.99999999999999999999999.0", "$JS.ACK.a.b.c.d.e.f.g.h.i.j"})
        {
            assertEquals(-1, AckSubject.timestampMs(reply), String.valueOf(reply));
        }
    }
}
