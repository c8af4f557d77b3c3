package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dslplatform.json.DslJson;
import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid messages at every layer, plus random bytes: the decoder must
 * always answer with a result, and every accepted message must encode to JSON that an
 * independent parser (dsl-json) reads back with the same fields. A failure prints the seed;
 * rerun it with {@code -Dfuzz.seed=<seed>}.
 */
class CodecFuzzTest
{
    private static final int MUTATIONS = 30_000;
    private static final int RANDOM_INPUTS = 5_000;
    private static final byte[] TOKENS = "{}[]\":,\\ ntfrue0123456789.eE+-/uU=AZaz\u007f".getBytes(StandardCharsets.ISO_8859_1);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final DslJson<Object> json = new DslJson<>();
    private final DecodedMessage out = new DecodedMessage();
    private final TransportDecoder requests = new TransportDecoder(IngestProtocol.REQUEST);
    private final TransportDecoder replies = new TransportDecoder(IngestProtocol.REPLY);
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private int accepted;

    @Test
    void shouldAnswerEveryMutationAndEncodeEveryAcceptedMessageToParseableJson()
    {
        final long seed = Long.getLong("fuzz.seed", System.nanoTime());
        try
        {
            run(new SplittableRandom(seed));
        }
        catch (final Throwable failure)
        {
            throw new AssertionError("fuzz failed with seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")", failure);
        }
        assertTrue(accepted > 100, "mutations should leave some messages valid, seed " + seed);
    }

    private void run(final SplittableRandom random) throws IOException
    {
        final List<ChoriaMessage> bases = new ArrayList<>();
        for (final Form form : Form.values())
        {
            bases.add(ChoriaMessage.of(form));
        }
        final byte[] payload = new byte[300];
        random.nextBytes(payload);
        bases.add(ChoriaMessage.v2Request("n\u00e9ud.example", "r\"1", -1_234_567_890_123L, payload));
        bases.add(ChoriaMessage.v1Reply("a.b", "\\u2028 <&>", -62_000_000_000L, payload));

        for (int k = 0; k < MUTATIONS; k++)
        {
            final ChoriaMessage base = bases.get(random.nextInt(bases.size()));
            check(mutateLayer(base, random));
        }
        for (int k = 0; k < RANDOM_INPUTS; k++)
        {
            // payloads dense in UTF-8 edge cases, to check the encoder's escaping against the JDK
            check(ChoriaMessage.v2Reply("n1", "r1", random.nextLong(), utf8Edges(random)).bytes());
        }
        for (int k = 0; k < RANDOM_INPUTS; k++)
        {
            final byte[] soup = new byte[random.nextInt(200)];
            for (int i = 0; i < soup.length; i++)
            {
                soup[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : TOKENS[random.nextInt(TOKENS.length)];
            }
            check(soup);
        }
    }

    private static final int[] LEADS = {0x00, 0x1F, 0x22, 0x26, 0x3C, 0x3E, 0x5C, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
        0xE0, 0xE2, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};

    private static byte[] utf8Edges(final SplittableRandom random)
    {
        final byte[] b = new byte[random.nextInt(64)];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte) (random.nextInt(3) == 0 ? LEADS[random.nextInt(LEADS.length)] : 0x80 + random.nextInt(0x40));
        }
        return b;
    }

    /** Mutates one layer of the message and wraps it again, so that inner layers get fuzzed too. */
    private static byte[] mutateLayer(final ChoriaMessage base, final SplittableRandom random)
    {
        final int layer = random.nextInt(3);
        if (layer == 0)
        {
            return mutate(base.bytes(), random);
        }
        final String protocol = base.v1() ? "choria:transport:1" : "io.choria.protocol.v2.transport";
        final byte[] secure;
        if (layer == 1)
        {
            secure = mutate(base.secureJson().getBytes(StandardCharsets.UTF_8), random);
        }
        else
        {
            final byte[] inner = mutate(base.innerJson().getBytes(StandardCharsets.UTF_8), random);
            final boolean request = base.form == Form.V1_REQUEST || base.form == Form.V2_REQUEST;
            final String body = base.v1()
                ? "\"protocol\":\"choria:secure:" + (request ? "request" : "reply") + ":1\",\"message\":"
                    + ChoriaMessage.quote(new String(inner, StandardCharsets.ISO_8859_1))
                : "\"protocol\":\"io.choria.protocol.v2." + (request ? "secure_request\",\"request\":\"" : "secure_reply\",\"reply\":\"")
                    + Base64.getEncoder().encodeToString(inner) + "\"";
            secure = ("{" + body + "}").getBytes(StandardCharsets.UTF_8);
        }
        return ("{\"protocol\":\"" + protocol + "\",\"data\":\"" + Base64.getEncoder().encodeToString(secure) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(final byte[] input, final SplittableRandom random)
    {
        byte[] b = input;
        final int count = 1 + random.nextInt(3);
        for (int k = 0; k < count && b.length > 0; k++)
        {
            final int at = random.nextInt(b.length);
            switch (random.nextInt(6))
            {
                case 0:
                    b[at] = (byte) random.nextInt(256);
                    break;
                case 1:
                    b[at] = TOKENS[random.nextInt(TOKENS.length)];
                    break;
                case 2:
                    b = ByteEdits.splice(b, at, Math.min(b.length, at + 1 + random.nextInt(8)), new byte[0]);
                    break;
                case 3:
                    b = java.util.Arrays.copyOf(b, at);
                    break;
                case 4:
                    final int from = random.nextInt(b.length);
                    final int to = Math.min(b.length, from + 1 + random.nextInt(16));
                    b = ByteEdits.splice(b, at, at, java.util.Arrays.copyOfRange(b, from, to));
                    break;
                default:
                    b = ByteEdits.splice(b, at, at, new byte[] {TOKENS[random.nextInt(TOKENS.length)], (byte) random.nextInt(256)});
                    break;
            }
        }
        return b;
    }

    private void check(final byte[] input) throws IOException
    {
        for (final TransportDecoder decoder : new TransportDecoder[] {requests, replies})
        {
            final DecodeResult result = decoder.decode(input, 0, input.length, out);
            assertNotNull(result);
            if (result == DecodeResult.OK)
            {
                accepted++;
                verifyEnvelope();
            }
        }
    }

    private void verifyEnvelope() throws IOException
    {
        final byte[] body = encoder.encode(out);
        assertEquals(encoder.encodedLength(out), body.length);
        strictUtf8(body);
        @SuppressWarnings("unchecked")
        final Map<String, Object> parsed = json.deserialize(Map.class, body, body.length);
        assertNotNull(parsed, "envelope must parse");
        assertEquals(5, parsed.size(), () -> new String(body, StandardCharsets.UTF_8));
        assertEquals("choria:adapters:jetstream:output:1", parsed.get("protocol"));
        assertEquals(goString(out.data(), out.dataLength()), parsed.get("data"));
        assertEquals(goString(out.sender(), out.senderLength()), parsed.get("sender"));
        assertEquals(goString(out.requestId(), out.requestIdLength()), parsed.get("requestid"));
        final int nanos = out.timeNanos();
        final String fraction = nanos == 0 ? "" : String.format(".%09d", nanos).replaceAll("0+$", "");
        assertEquals(SECONDS.format(Instant.ofEpochSecond(out.timeSeconds(), nanos)) + fraction + "Z", parsed.get("time"));
        assertTrue(SubjectTokens.valid(out.sender(), out.senderLength()));
        assertTrue(out.requestIdLength() > 0);
    }

    private static void strictUtf8(final byte[] bytes) throws CharacterCodingException
    {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    }

    /** The string Go makes of these bytes: each byte the JDK's strict UTF-8 decoder rejects becomes U+FFFD. */
    static String goString(final byte[] bytes, final int length)
    {
        final StringBuilder s = new StringBuilder(length);
        int i = 0;
        next:
        while (i < length)
        {
            for (int n = 1; n <= 4 && i + n <= length; n++)
            {
                try
                {
                    s.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, i, n)));
                    i += n;
                    continue next;
                }
                catch (final CharacterCodingException invalid)
                {
                    // try a longer sequence
                }
            }
            s.append('\ufffd');
            i++;
        }
        return s.toString();
    }
}
