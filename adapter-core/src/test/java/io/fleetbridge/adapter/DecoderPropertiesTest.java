package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dslplatform.json.DslJson;
import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based fuzzing of {@link TransportDecoder} with jqwik: every generator starts from
 * valid Choria messages ({@link ChoriaMessage}) with arbitrary senders, ids, times and payloads,
 * then mutates a layer, truncates, splices two messages, or nests a member deeply. A failure is
 * shrunk to a small input and its seed printed; jqwik replays the failing seed on the next run.
 *
 * <p>CI runs each property {@code jqwik.tries.default} times (1,000, set in
 * {@code junit-platform.properties}: five thousand inputs, a few seconds). The long run, about a
 * million inputs per property:
 * {@code mvn -B -pl test-support,adapter-core -am verify -Dtest=DecoderPropertiesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=1000000}.
 *
 * <p>One decoder of each kind is reused across tries, as the ingest worker reuses it, so state
 * left behind by a hostile input would show up in the next try.
 */
class DecoderPropertiesTest
{
    private static final byte[] TOKENS = "{}[]\":,\\ ntfrue0123456789.eE+-/=Az\u007f".getBytes(StandardCharsets.ISO_8859_1);

    private final DslJson<Object> json = new DslJson<>();
    private final DecodedMessage out = new DecodedMessage();
    private final TransportDecoder requests = new TransportDecoder(IngestProtocol.REQUEST);
    private final TransportDecoder replies = new TransportDecoder(IngestProtocol.REPLY);
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");

    @Property
    void shouldAcceptEveryWellFormedMessageAndCarryItsFieldsIntoTheEnvelope(@ForAll("valid") final Valid message)
        throws IOException
    {
        final byte[] input = message.build().bytes();
        final TransportDecoder decoder = message.isRequest() ? requests : replies;
        assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, out), message::toString);
        final Map<String, Object> envelope = envelope();
        assertEquals(message.sender, envelope.get("sender"));
        assertEquals(message.requestId, envelope.get("requestid"));
        final String expectedData = message.form == Form.V1_REQUEST || message.form == Form.V1_REPLY
            ? Base64.getEncoder().encodeToString(message.payload)
            : CodecFuzzTest.goString(message.payload, message.payload.length);
        assertEquals(expectedData, envelope.get("data"));
        // the other kind of decoder refuses it: an adapter adapts requests or replies, not both
        final TransportDecoder other = decoder == requests ? replies : requests;
        assertEquals(DecodeResult.WRONG_PROTOCOL, other.decode(input, 0, input.length, out));
    }

    @Property
    void shouldAnswerEveryMutationAndPublishOnlyWellFormedEnvelopes(
        @ForAll("valid") final Valid message, @ForAll @IntRange(min = 0, max = 2) final int layer,
        @ForAll("edits") final List<Edit> edits) throws IOException
    {
        decodeBoth(mutateLayer(message.build(), layer, edits));
    }

    @Property
    void shouldRejectEveryTruncationOfAValidMessage(
        @ForAll("valid") final Valid message, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) final int cut)
    {
        // an int, not a fraction: jqwik's doubles have two decimals, which reach only every hundredth length
        final byte[] input = message.build().bytes();
        final int length = cut % input.length;
        final DecodeResult result = (message.isRequest() ? requests : replies).decode(input, 0, length, out);
        assertNotEquals(DecodeResult.OK, result, "a strict prefix of a JSON document is not a document");
    }

    @Property
    void shouldAnswerSplicesOfTwoValidMessages(
        @ForAll("valid") final Valid first, @ForAll("valid") final Valid second,
        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) final int cutFirst,
        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) final int cutSecond) throws IOException
    {
        final byte[] a = first.build().bytes();
        final byte[] b = second.build().bytes();
        final int head = cutFirst % a.length;
        final int tail = cutSecond % b.length;
        final byte[] spliced = Arrays.copyOf(a, head + b.length - tail);
        System.arraycopy(b, tail, spliced, head, b.length - tail);
        decodeBoth(spliced);
    }

    @Property
    void shouldRefuseDeepNestingAtAnyLayerWithoutExhaustingTheStack(
        @ForAll("valid") final Valid message, @ForAll @IntRange(min = 0, max = 2) final int layer,
        @ForAll @IntRange(min = 1, max = 50_000) final int depth, @ForAll final boolean objects)
    {
        final String open = objects ? "{\"a\":" : "[";
        final String close = objects ? "}" : "]";
        final String nested = open.repeat(depth) + "0" + close.repeat(depth);
        final ChoriaMessage built = message.build();
        switch (layer)
        {
            case 0:
                built.transport.put("extra", nested);
                break;
            case 1:
                built.secure.put("extra", nested);
                break;
            default:
                built.field("extra", nested);
                break;
        }
        final byte[] input = built.bytes();
        final DecodeResult result = (message.isRequest() ? requests : replies).decode(input, 0, input.length, out);
        if (depth <= 40)
        {
            assertEquals(DecodeResult.OK, result, "shallow nesting in a member the adapter ignores is fine");
        }
        else if (depth >= JsonCursor.MAX_DEPTH)
        {
            assertEquals(DecodeResult.TOO_DEEP, result);
        }
    }

    @Provide
    Arbitrary<Valid> valid()
    {
        final Arbitrary<String> senders = Arbitraries.strings().withChars("abcxyz019-_.").ofMinLength(1).ofMaxLength(40)
            .filter(s -> !s.startsWith(".") && !s.endsWith(".") && !s.contains(".."));
        final Arbitrary<String> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40);
        final Arbitrary<Long> seconds = Arbitraries.longs().between(0, 253_402_300_799L);
        final Arbitrary<Long> nanos = Arbitraries.longs();
        // at least a byte: Choria's schema refuses a request with an empty message (TransportDecoderTest says so)
        final Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        return Combinators.combine(Arbitraries.of(Form.values()), senders, ids, seconds, nanos, payloads).as(Valid::new);
    }

    @Provide
    Arbitrary<List<Edit>> edits()
    {
        final Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.of(EditKind.values()),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.bytes()).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    private void decodeBoth(final byte[] input) throws IOException
    {
        for (final TransportDecoder decoder : new TransportDecoder[] {requests, replies})
        {
            final DecodeResult result = decoder.decode(input, 0, input.length, out);
            assertNotNull(result);
            if (result == DecodeResult.OK)
            {
                final Map<String, Object> envelope = envelope();
                assertEquals(CodecFuzzTest.goString(out.sender(), out.senderLength()), envelope.get("sender"));
                assertTrue(SubjectTokens.valid(out.sender(), out.senderLength()), "sender forms subject tokens");
                assertTrue(out.requestIdLength() > 0, "a Nats-Msg-Id is never empty");
            }
        }
    }

    private Map<String, Object> envelope() throws IOException
    {
        final byte[] body = encoder.encode(out);
        @SuppressWarnings("unchecked")
        final Map<String, Object> parsed = json.deserialize(Map.class, body, body.length);
        assertNotNull(parsed, "the envelope must parse");
        assertEquals(5, parsed.size(), () -> new String(body, StandardCharsets.UTF_8));
        return parsed;
    }

    /** Mutates the transport (0), secure (1) or inner (2) document and wraps the layers above again. */
    private static byte[] mutateLayer(final ChoriaMessage message, final int layer, final List<Edit> edits)
    {
        if (layer == 0)
        {
            return apply(message.bytes(), edits);
        }
        if (layer == 1)
        {
            message.secureDocument(new String(apply(message.secureJson().getBytes(StandardCharsets.UTF_8), edits),
                StandardCharsets.ISO_8859_1));
        }
        else
        {
            message.innerDocument(new String(apply(message.innerJson().getBytes(StandardCharsets.UTF_8), edits),
                StandardCharsets.ISO_8859_1));
        }
        return message.bytes();
    }

    private static byte[] apply(final byte[] input, final List<Edit> edits)
    {
        byte[] b = input;
        for (final Edit edit : edits)
        {
            if (b.length == 0)
            {
                break;
            }
            final int at = edit.position % b.length;
            final int span = 1 + edit.extent % 16;
            switch (edit.kind)
            {
                case FLIP:
                    b[at] = edit.value;
                    break;
                case TOKEN:
                    b[at] = TOKENS[(edit.value & 0xFF) % TOKENS.length];
                    break;
                case DELETE:
                    b = ByteEdits.splice(b, at, Math.min(b.length, at + span), new byte[0]);
                    break;
                case DUPLICATE:
                    final int from = edit.extent % b.length;
                    b = ByteEdits.splice(b, at, at, Arrays.copyOfRange(b, from, Math.min(b.length, from + span)));
                    break;
                default:
                    b = ByteEdits.splice(b, at, at, new byte[] {TOKENS[edit.extent % TOKENS.length], edit.value});
                    break;
            }
        }
        return b;
    }

    enum EditKind
    {
        FLIP, TOKEN, DELETE, DUPLICATE, INSERT
    }

    /** One byte-level edit; positions are taken modulo the input's length when applied. */
    record Edit(EditKind kind, int position, int extent, byte value)
    {
    }

    /**
     * The fields of one valid message; {@link #build()} makes a fresh, mutable builder of it. v1
     * carries {@code seconds}, v2 {@code nanos} (any int64 is a time Go can print).
     */
    record Valid(Form form, String sender, String requestId, long seconds, long nanos, byte[] payload)
    {
        boolean isRequest()
        {
            return form == Form.V1_REQUEST || form == Form.V2_REQUEST;
        }

        ChoriaMessage build()
        {
            switch (form)
            {
                case V1_REQUEST: return ChoriaMessage.v1Request(sender, requestId, seconds, payload);
                case V1_REPLY: return ChoriaMessage.v1Reply(sender, requestId, seconds, payload);
                case V2_REQUEST: return ChoriaMessage.v2Request(sender, requestId, nanos, payload);
                default: return ChoriaMessage.v2Reply(sender, requestId, nanos, payload);
            }
        }

        @Override
        public String toString()
        {
            return form + " sender=" + sender + " id=" + requestId + " seconds=" + seconds + " nanos=" + nanos + " payload=" + payload.length + " bytes";
        }
    }
}
