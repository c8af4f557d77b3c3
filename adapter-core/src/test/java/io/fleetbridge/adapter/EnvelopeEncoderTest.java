package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected bodies are written out by hand from PROTOCOL.md and Go's encoding/json rules. */
class EnvelopeEncoderTest
{
    private final DecodedMessage m = new DecodedMessage();

    private String encode(final String type, final ChoriaMessage message)
    {
        final IngestProtocol kind = message.form == Form.V1_REQUEST || message.form == Form.V2_REQUEST
            ? IngestProtocol.REQUEST : IngestProtocol.REPLY;
        final byte[] input = message.bytes();
        assertEquals(DecodeResult.OK, new TransportDecoder(kind).decode(input, 0, input.length, m));
        final EnvelopeEncoder encoder = new EnvelopeEncoder(type);
        final byte[] body = encoder.encode(m);
        assertEquals(body.length, encoder.encodedLength(m));
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteV1RequestWithMessageVerbatim()
    {
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"eyJpZGVudGl0eSI6IndlYjEifQ==\","
            + "\"sender\":\"web1.ldn.example.net\",\"time\":\"2018-03-03T14:49:17Z\",\"requestid\":\"0123456789abcdef0123456789abcdef\"}",
            encode("jetstream", ChoriaMessage.of(Form.V1_REQUEST)));
    }

    @Test
    void shouldWriteV1ReplyForChoriaStreamsType()
    {
        assertEquals("{\"protocol\":\"choria:adapters:choria_streams:output:1\",\"data\":\"eyJzdGF0dXNjb2RlIjowfQ==\","
            + "\"sender\":\"web1.ldn.example.net\",\"time\":\"2018-03-03T14:49:17Z\",\"requestid\":\"0123456789abcdef0123456789abcdef\"}",
            encode("choria_streams", ChoriaMessage.of(Form.V1_REPLY)));
    }

    @Test
    void shouldWriteV2RequestWithDecodedPayloadEscapedAsGoAndFractionalTime()
    {
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("<a & b> \"q\" \\ \n".getBytes(StandardCharsets.UTF_8));
        payload.write(0xFF);
        payload.writeBytes("\u2028\u00e9\b\f\u0001\u007f\t\r".getBytes(StandardCharsets.UTF_8));
        payload.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});   // an encoded surrogate: 3 invalid bytes
        payload.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});                // an overlong '/': 2 invalid bytes
        payload.writeBytes("\ud83d\ude00\u2029".getBytes(StandardCharsets.UTF_8));
        payload.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x80});                // cut short at the end: 2 invalid bytes
        final ChoriaMessage message = ChoriaMessage.v2Request("web<1&.example", "id\"quote", 1_520_088_557_123_400_000L, payload.toByteArray());
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\""
            + "\\u003ca \\u0026 b\\u003e \\\"q\\\" \\\\ \\n\\ufffd\\u2028\u00e9\\b\\f\\u0001\u007f\\t\\r"
            + "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\ud83d\ude00\\u2029\\ufffd\\ufffd\","
            + "\"sender\":\"web\\u003c1\\u0026.example\",\"time\":\"2018-03-03T14:49:17.1234Z\",\"requestid\":\"id\\\"quote\"}",
            encode("jetstream", message));
    }

    @Test
    void shouldWriteV2ReplyWithWholeSecondsWithoutFraction()
    {
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"{\\\"statuscode\\\":0}\","
            + "\"sender\":\"web1.ldn.example.net\",\"time\":\"2018-03-03T14:49:17Z\",\"requestid\":\"0123456789abcdef0123456789abcdef\"}",
            encode("jetstream", ChoriaMessage.of(Form.V2_REPLY)));
    }

    @Test
    void shouldWriteEmptyPayloadAndNanosecondTimes()
    {
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"\","
            + "\"sender\":\"n1\",\"time\":\"1969-12-31T23:59:59.999999999Z\",\"requestid\":\"r1\"}",
            encode("jetstream", ChoriaMessage.v2Reply("n1", "r1", -1, new byte[0])));
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"\","
            + "\"sender\":\"n1\",\"time\":\"1970-01-01T00:00:00.000000001Z\",\"requestid\":\"r1\"}",
            encode("jetstream", ChoriaMessage.v2Reply("n1", "r1", 1, new byte[0])));
    }

    @Test
    void shouldCopyDataWithNothingToEscapeValidMultiByteUtf8Included()
    {
        final byte[] payload = "caf\u00e9 \u2603 \ud83d\ude00 plain".getBytes(StandardCharsets.UTF_8);
        final String body = encode("jetstream", ChoriaMessage.v2Request("web1", "id1", 1_520_088_557_000_000_000L, payload));
        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"caf\u00e9 \u2603 \ud83d\ude00 plain\","
            + "\"sender\":\"web1\",\"time\":\"2018-03-03T14:49:17Z\",\"requestid\":\"id1\"}", body);
    }

    @Test
    void shouldRefuseUnknownAdapterType()
    {
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeEncoder("nats_stream"));
    }
}
