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
import net.jqwik.api.constraints.IntRange;
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

    /**
     * A large v1 data string is mostly proven plain by the JDK's base64 decoder before it is unquoted
     * ({@code TransportDecoder#hintPlainData}, taken only for Go's layout). Whatever the data holds, and wherever, the
     * result must be what the scan alone gives: the same document with a space before it, off Go's layout.
     */
    @Property(tries = 300)
    void shouldDecodeLargeDataAsTheScanAloneDoes(
        @ForAll @IntRange(min = 0, max = 14_000) final int at,
        @ForAll @IntRange(min = 4_000, max = 14_000) final int length,
        @ForAll("jsonStringContent") final String foreign,
        @ForAll final boolean reply)
    {
        final byte[] payload = new byte[length];
        java.util.Arrays.fill(payload, (byte)'q');
        final String base64 = Base64.getEncoder().encodeToString(payload);
        final int cut = Math.min(at, base64.length());
        final String data = base64.substring(0, cut) + foreign + base64.substring(cut);
        final ChoriaMessage message = reply
            ? ChoriaMessage.v1Reply("web1", "id1", 1_520_088_557L, new byte[0])
            : ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, new byte[0]);
        message.inner.put("message", "\"" + data + "\"");
        final byte[] goLayout = message.bytes();
        final byte[] offLayout = message.secureDocument(" " + message.secureJson()).bytes();
        final IngestProtocol kind = reply ? IngestProtocol.REPLY : IngestProtocol.REQUEST;
        final String what = (reply ? "reply" : "request") + " with " + foreign + " at " + cut + " of " + base64.length();

        final DecodedMessage probed = new DecodedMessage();
        final DecodedMessage scanned = new DecodedMessage();
        final DecodeResult result = new TransportDecoder(kind).decode(goLayout, 0, goLayout.length, probed);
        assertEquals(new TransportDecoder(kind).decode(offLayout, 0, offLayout.length, scanned), result, what);
        if (result == DecodeResult.OK)
        {
            assertArrayEquals(java.util.Arrays.copyOf(scanned.data(), scanned.dataLength()),
                java.util.Arrays.copyOf(probed.data(), probed.dataLength()), what);
            assertEquals(scanned.dataPlain(), probed.dataPlain(), what);
            final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
            assertArrayEquals(encoder.encode(scanned), encoder.encode(probed), what);
        }
    }

    @Test
    void shouldProbeGoShapedRegistrationsWithoutEverMeetingTheirEnd()
    {
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
        final int first = decoder.dataTailBytes();
        for (int size = 1_000; size <= 40_000; size += 3_000)
        {
            final byte[] input = ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, new byte[size]).bytes();
            assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, new DecodedMessage()));
        }
        assertEquals(first, decoder.dataTailBytes(), "a probe met the end of a registration's data and paid an exception");
    }

    @Test
    void shouldKeepFurtherFromTheEndOnceADocumentsTailWasLongerThanAllowedFor()
    {
        // a certificate of 9 KB: more between the data and the document's end than the probe first allows for
        final ChoriaMessage message = ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, new byte[20_000]);
        message.secure.put("pubcert", ChoriaMessage.quote("-----BEGIN CERTIFICATE-----\n" + "A".repeat(9_000) + "\n-----END CERTIFICATE-----\n"));
        final byte[] input = message.bytes();
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
        final DecodedMessage m = new DecodedMessage();
        assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, m));
        assertArrayEquals(Base64.getEncoder().encode(new byte[20_000]), java.util.Arrays.copyOf(m.data(), m.dataLength()));
        for (int k = 0; k < 5; k++)
        {
            assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, m));
        }
        final int settled = decoder.dataTailBytes();
        assertTrue(settled > 9_000, "still probing into the tail: " + settled);
        for (int k = 0; k < 20; k++)
        {
            assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, m));
        }
        assertEquals(settled, decoder.dataTailBytes(), "each message still ran into the tail");
    }

    @Test
    void shouldStopProbingAfterAFewDocumentsThatAreNotBase64WhereGoWritesIt()
    {
        // a hostile sender: Go's layout, then an escape right where the base64 should be
        final ChoriaMessage message = ChoriaMessage.v1Request("web1", "id1", 1_520_088_557L, new byte[0]);
        message.inner.put("message", "\"\\u0041" + "A".repeat(30_000) + "\"");
        final byte[] input = message.bytes();
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
        final DecodedMessage m = new DecodedMessage();
        for (int k = 0; k < 50; k++)
        {
            assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, m));
            assertEquals(30_001, m.dataLength());
        }
        assertTrue(decoder.dataTailBytes() > 30_001, "the probe still runs: " + decoder.dataTailBytes());
    }

    private static DecodedMessage decode(final ChoriaMessage message, final IngestProtocol kind)
    {
        final DecodedMessage m = new DecodedMessage();
        final byte[] input = message.bytes();
        assertEquals(DecodeResult.OK, new TransportDecoder(kind).decode(input, 0, input.length, m));
        return m;
    }
}
