package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The publisher takes the sender and request id out of the envelope the ingest worker wrote: for
 * any sender and id the decoder accepts, escaped in the body or not, it must get back exactly the
 * decoded bytes (they make the subject, the Nats-Msg-Id and the sender's order).
 */
class EnvelopePartsTest
{
    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private final DecodedMessage decoded = new DecodedMessage();
    private final EnvelopeParts parts = new EnvelopeParts();
    private final ScratchBuffer out = new ScratchBuffer(8);

    @Provide
    Arbitrary<String> senders()
    {
        // what SubjectTokens lets through, and what Go escapes: '<', '&', '"', '\\', U+2028, other non-ASCII
        return Arbitraries.strings().withChars("ab-_09<&\"\\\u2028\u00e9\ud83d\ude00").ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> requestIds()
    {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(64);
    }

    @Property
    void shouldGiveBackTheDecodedSenderAndRequestId(@ForAll("senders") final String sender, @ForAll("requestIds") final String id)
    {
        final byte[] input = ChoriaMessage.v2Request(sender, id, 1_520_088_557_000_000_000L, new byte[] {'{', '}'})
            .bytes();
        final DecodeResult result = decoder.decode(input, 0, input.length, decoded);
        if (result != DecodeResult.OK)
        {
            return; // a sender the subject rules refuse never reaches a publisher
        }
        final byte[] body = encoder.encode(decoded, parts);

        final int senderLength = parts.sender(body, out);
        assertArrayEquals(Arrays.copyOf(decoded.sender(), decoded.senderLength()), Arrays.copyOf(out.bytes(), senderLength), sender);
        final int idLength = parts.requestId(body, out);
        assertArrayEquals(Arrays.copyOf(decoded.requestId(), decoded.requestIdLength()), Arrays.copyOf(out.bytes(), idLength), id);
        assertEquals(id, new String(out.bytes(), 0, idLength, StandardCharsets.UTF_8));
    }
}
