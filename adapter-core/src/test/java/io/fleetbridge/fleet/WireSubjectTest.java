package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WireSubjectTest
{
    /** What jnats' reader makes of a subject's bytes: each one a char, sign-extended. */
    private static String asTheClientReadsIt(final String published)
    {
        final byte[] bytes = published.getBytes(StandardCharsets.UTF_8);
        final char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            chars[i] = (char)bytes[i];
        }
        return new String(chars);
    }

    @Test
    void shouldReturnAnAsciiSubjectItself()
    {
        final String subject = "choria.node_metadata.node1.example.net";
        assertSame(subject, WireSubject.text(subject));
    }

    @Test
    void shouldRestoreTheUtf8ThatWasPublished()
    {
        for (final String published : new String[] {"choria.node_metadata.n\u0153ud.example.net", "a.\u30ce\u30fc\u30c9.jp",
            "a.\ud83d\ude00.b", "a.\uff8e\uff9e.b"})
        {
            final String received = asTheClientReadsIt(published);
            assertEquals(published.getBytes(StandardCharsets.UTF_8).length, received.length());
            assertEquals(published, WireSubject.text(received));
        }
    }

    /** Text from a client that decodes UTF-8 itself is kept as it is. */
    @Test
    void shouldKeepWhatIsNotTheClientsByteForm()
    {
        assertSame("a.n\u0153ud.b", WireSubject.text("a.n\u0153ud.b"));
    }

    /**
     * Bytes that are not UTF-8 are refused: kept as chars, 0x80 0x81 would read as U+FF80 U+FF81, the
     * text of a node whose name is in halfwidth forms, published as EF BE 80 EF BE 81.
     */
    @Test
    void shouldRefuseBytesThatAreNotUtf8()
    {
        assertNull(WireSubject.text("a.\uff80\uff81.b"), "continuation bytes alone");
        assertNull(WireSubject.text("a.\uffc3"), "the first byte of a two-byte char, and no second");
        assertEquals("a.\uff80\uff81.b", WireSubject.text(asTheClientReadsIt("a.\uff80\uff81.b")));
    }
}
