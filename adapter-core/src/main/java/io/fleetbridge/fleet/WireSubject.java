package io.fleetbridge.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A subject as the NATS client hands it to a subscriber, turned back into the text that was
 * published. jnats publishes a subject as UTF-8 but reads a message's protocol line one byte per
 * char, sign-extended ({@code (char) b} in {@code NatsConnectionReader.gatherMessageProtocol}: the
 * protocol is ASCII, it assumes), so a sender id such as {@code nodé} arrives as
 * {@code nod\uFFC3\uFFA9}. Taken as it comes, such a node would be listed and advised under a
 * garbled name, its advisories published on a subject no one subscribes to, and an id of more
 * than 85 such bytes refused as too long once each char is encoded again as three.
 *
 * <p>The bytes are the low bytes of those chars. Bytes that are not UTF-8 are refused (null): our
 * adapter never publishes them, and kept as chars they would read as the very halfwidth forms
 * (U+FF80 to U+FFFF) that valid UTF-8 decodes to, so a foreign publisher could pass for such a node.
 * A subject with a non-ASCII char below U+FF80 cannot be the client's byte form (a later client
 * that decodes UTF-8 itself) and is returned as it is; that client's halfwidth forms would be
 * misread, so this is tied to jnats' reader as of 2.26. Stateless; allocates only for a subject
 * with a non-ASCII char.
 */
final class WireSubject
{
    private WireSubject()
    {
    }

    /** The published text of {@code subject}, or null when its bytes are not UTF-8. */
    static String text(final String subject)
    {
        final int length = subject.length();
        int i = 0;
        while (i < length && subject.charAt(i) < 0x80)
        {
            i++;
        }
        if (i == length)
        {
            return subject;
        }
        final byte[] bytes = new byte[length];
        for (int c = 0; c < length; c++)
        {
            final char ch = subject.charAt(c);
            if (ch >= 0x80 && ch < 0xFF80)
            {
                return subject;
            }
            bytes[c] = (byte)ch;
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }
}
