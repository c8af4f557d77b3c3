package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The decoder marks data it found plain ({@link ScratchBuffer#plain}) so that the encoder writes it
 * without scanning it again: the mark must never be set on content Go's encoder would escape
 * (the envelope would differ from the Go adapter's), and must be set on plain content such as a
 * registration's base64 (or the saving is lost).
 */
class PlainDataTest
{
    /** JSON string content pieces: plain text, what Go escapes in HTML, escapes, non-ASCII. */
    private static final List<String> PIECES = List.of("eyJp", "ZGVu", "+/=", "abc", " ", "<", ">", "&", "\\\"", "\\\\",
        "\\/", "\\n", "\\u0041", "\\u003c", "\\u2028", "\u00e9", "\ud83d\ude00", "\u007f");

    private final ScratchBuffer content = new ScratchBuffer(16);

    @Provide
    Arbitrary<String> jsonStringContent()
    {
        return Arbitraries.of(PIECES).list().ofMaxSize(40).map(pieces -> String.join("", pieces));
    }

    @Property
    void shouldMarkPlainExactlyWhatGoCopiesAsItIs(@ForAll("jsonStringContent") final String json)
    {
        final byte[] quoted = ("\"" + json + "\"").getBytes(StandardCharsets.UTF_8);
        final long result = JsonUnquote.unquoteString(quoted, 1, quoted.length, content);
        assertEquals(quoted.length - 1, (int)(result >>> 1), json);
        final boolean copiedAsIs = JsonEscape.length(content.bytes(), 0, content.length()) == content.length()
            && json.equals(new String(content.bytes(), 0, content.length(), StandardCharsets.UTF_8));
        final boolean asciiWithoutEscapes = json.chars().allMatch(c -> c <= 0x7F && c != '\\');
        assertEquals(copiedAsIs && asciiWithoutEscapes, content.plain(), json);
    }

    @Test
    void shouldMarkARegistrationsBase64PlainAndWriteItAsIs()
    {
        final byte[] payload = "{\"identity\":\"web1\",\"facts\":{\"a\":\"<b>&c\"}}".getBytes(StandardCharsets.UTF_8);
        final DecodedMessage m = decode(ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, payload), IngestProtocol.REQUEST);
        assertTrue(m.dataPlain());
        assertArrayEquals(Base64.getEncoder().encode(payload), java.util.Arrays.copyOf(m.data(), m.dataLength()));
    }

    @Test
    void shouldNotMarkAMessageWithWhatGoEscapesAndStillEscapeItInTheEnvelope()
    {
        final ChoriaMessage message = ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, new byte[0]);
        message.inner.put("message", "\"a<b>&c\\/d\"");
        final DecodedMessage m = decode(message, IngestProtocol.REQUEST);
        assertFalse(m.dataPlain());
        final String body = new String(new EnvelopeEncoder("jetstream").encode(m), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"data\":\"a\\u003cb\\u003e\\u0026c/d\""), body);
    }

    @Test
    void shouldForgetTheMarkWhenTheBufferIsReused()
    {
        final byte[] plain = "\"abc\"".getBytes(StandardCharsets.US_ASCII);
        JsonUnquote.unquoteString(plain, 1, plain.length, content);
        assertTrue(content.plain());
        content.copyFrom("<".getBytes(StandardCharsets.US_ASCII), 0, 1);
        assertFalse(content.plain());
        JsonUnquote.unquoteString(plain, 1, plain.length, content);
        content.release();
        assertFalse(content.plain());
    }

    private static DecodedMessage decode(final ChoriaMessage message, final IngestProtocol kind)
    {
        final DecodedMessage m = new DecodedMessage();
        final byte[] input = message.bytes();
        assertEquals(DecodeResult.OK, new TransportDecoder(kind).decode(input, 0, input.length, m));
        return m;
    }
}
