package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FleetMessagesTest
{
    private static final long RUN = 0x0123456789abcdefL;
    private static final long START_EPOCH_NS = 1_700_000_000_123_456_789L;
    private static final String TOPIC = "choria.node_metadata.%s";

    private static FleetMessages messages(final WireProtocol protocol, final String size, final SigningIdentity signer)
        throws Exception
    {
        return new FleetMessages(new Fleet(1_000_000), SizeDistribution.parse(size), protocol, RUN, START_EPOCH_NS,
            "jetstream", TOPIC, signer, false);
    }

    @Test
    void shouldBuildV1RequestThatDecodesLayerByLayerToTheRegistrationPayload() throws Exception
    {
        final FleetMessages messages = messages(WireProtocol.V1_REQUEST, "1024-4096", null);
        final byte[] wire = messages.message(42, 123, 2_500_000_000L);

        final Map<String, Object> transport = Json.object(wire);
        assertEquals("choria:transport:1", transport.get("protocol"));
        assertEquals("node-000123.dc4.example.net", Json.string(Json.child(transport, "headers"), "mc_sender"));
        final Map<String, Object> secure = Json.object(Json.base64(transport, "data"));
        assertEquals("choria:secure:request:1", secure.get("protocol"));
        assertEquals("aW5zZWN1cmUgcmVnaXN0cmF0aW9u", secure.get("signature"));
        assertFalse(Json.string(secure, "pubcert").isEmpty());
        final Map<String, Object> request = Json.object(Json.string(secure, "message"));
        assertEquals("choria:request:1", request.get("protocol"));
        final Map<String, Object> envelope = Json.child(request, "envelope");
        assertEquals("0123456789abcdef000000000000002a", envelope.get("requestid"), "the run id, then the sequence number, 16 hex digits each");
        assertEquals(32, Json.string(envelope, "requestid").length());
        assertEquals("node-000123.dc4.example.net", envelope.get("senderid"));
        assertEquals("registration", envelope.get("agent"));
        assertEquals((START_EPOCH_NS + 2_500_000_000L) / 1_000_000_000L, Json.number(envelope, "time"));
        assertTrue(Json.child(envelope, "filter").containsKey("compound"));

        final byte[] payload = Json.base64(request, "message");
        assertEquals(SizeDistribution.parse("1024-4096").sizeFor(123), payload.length);
        final Map<String, Object> inventory = Json.object(payload);
        assertTrue(Json.list(inventory, "agents").contains("registration"));
        assertTrue(Json.list(inventory, "classes").contains("profile::base"));
        assertEquals("node-000123.dc4.example.net", Json.string(Json.child(inventory, "facts"), "fqdn"));
    }

    @Test
    void shouldExpectTheV1RequestMessageVerbatimInTheEnvelope() throws Exception
    {
        final FleetMessages messages = messages(WireProtocol.V1_REQUEST, "2048", null);
        final byte[] wire = messages.message(7, 99, 0);
        final Map<String, Object> request = Json.object(Json.string(Json.object(Json.base64(Json.object(wire), "data")),
            "message"));

        final ByteSink envelope = new ByteSink(64);
        messages.expectedEnvelope(7, 99, 0, envelope);

        assertEquals("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"" + request.get("message")
            + "\",\"sender\":\"node-000099.dc4.example.net\",\"time\":\"2023-11-14T22:13:20Z\",\"requestid\":\""
            + RequestId.of(RUN, 7) + "\"}", envelope.toString());
    }

    @Test
    void shouldBuildV1ReplyWhoseHashIsTheSha256OfTheMessage() throws Exception
    {
        final FleetMessages messages = messages(WireProtocol.V1_REPLY, "1500", null);
        final Map<String, Object> secure = Json.object(Json.base64(Json.object(messages.message(3, 5, 0)), "data"));

        assertEquals("choria:secure:reply:1", secure.get("protocol"));
        final byte[] message = Json.string(secure, "message").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(message), Json.base64(secure, "hash"));
        final Map<String, Object> reply = Json.object(message);
        assertEquals("choria:reply:1", reply.get("protocol"));
        assertEquals(RequestId.of(RUN, 3), Json.child(reply, "envelope").get("requestid"));
        assertEquals(1500, Json.base64(reply, "message").length);
    }

    @Test
    void shouldBuildV2RequestAndExpectThePayloadAsJsonStringWithNanosecondTime() throws Exception
    {
        final FleetMessages messages = messages(WireProtocol.V2_REQUEST, "1024", null);
        final Map<String, Object> transport = Json.object(messages.message(11, 77, 1_000L));
        assertEquals("io.choria.protocol.v2.transport", transport.get("protocol"));
        final Map<String, Object> secure = Json.object(Json.base64(transport, "data"));
        assertEquals("io.choria.protocol.v2.secure_request", secure.get("protocol"));
        final Map<String, Object> request = Json.object(Json.base64(secure, "request"));
        assertEquals("io.choria.protocol.v2.request", request.get("protocol"));
        assertEquals(RequestId.of(RUN, 11), request.get("id"));
        assertEquals(START_EPOCH_NS + 1_000L, Json.number(request, "time"));
        final String payload = new String(Json.base64(request, "message"), StandardCharsets.UTF_8);

        final ByteSink envelope = new ByteSink(64);
        messages.expectedEnvelope(11, 77, 1_000L, envelope);
        final Map<String, Object> parsed = Json.object(envelope.toString());

        assertEquals(payload, parsed.get("data"));
        assertEquals("2023-11-14T22:13:20.123457789Z", parsed.get("time"));
        assertEquals("node-000077.dc2.example.net", parsed.get("sender"));
    }

    @Test
    void shouldSignV1RequestsWithTheKeyWhoseCertificateTheyCarry() throws Exception
    {
        final SigningIdentity signer = SigningIdentity.generate("loadgen.test");
        final FleetMessages messages = messages(WireProtocol.V1_REQUEST, "1024", signer);
        final Map<String, Object> secure = Json.object(Json.base64(Json.object(messages.message(1, 4, 0)), "data"));

        final X509Certificate cert = (X509Certificate)CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Json.string(secure, "pubcert").getBytes(StandardCharsets.US_ASCII)));
        cert.verify(cert.getPublicKey());
        final Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(cert.getPublicKey());
        verify.update(("choria:registration:template:" + InventoryPayload.role(4)).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verify.verify(Json.base64(secure, "signature")), "signature made with the certificate's key");
        assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now()));
    }

    @Test
    void shouldSignEachMessageOverItsExactBytesWhenAsked() throws Exception
    {
        final SigningIdentity signer = SigningIdentity.generate("loadgen.test");
        final FleetMessages messages = new FleetMessages(new Fleet(100), SizeDistribution.parse("1024"),
            WireProtocol.V1_REQUEST, RUN, START_EPOCH_NS, "jetstream", TOPIC, signer, true).forThread();
        final Map<String, Object> secure = Json.object(Json.base64(Json.object(messages.message(9, 4, 0)), "data"));

        final X509Certificate cert = (X509Certificate)CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Json.string(secure, "pubcert").getBytes(StandardCharsets.US_ASCII)));
        final Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(cert.getPublicKey());
        verify.update(Json.string(secure, "message").getBytes(StandardCharsets.UTF_8));
        assertTrue(verify.verify(Json.base64(secure, "signature")), "signature over this message's bytes");
    }

    @Test
    void shouldGiveEveryMessageAUniqueRequestIdThatParsesBackToItsSequence()
    {
        final byte[] id = RequestId.of(RUN, 1_234_567L).getBytes(StandardCharsets.US_ASCII);
        assertEquals(1_234_567L, RequestId.parse(id, 0, RUN));
        assertEquals(RequestId.FOREIGN, RequestId.parse(id, 0, RUN + 1));
        id[20] = 'x';
        assertEquals(RequestId.MALFORMED, RequestId.parse(id, 0, RUN));
    }

    @Test
    void shouldMatchOnlyTheOutputSubjectOfTheSendingNode() throws Exception
    {
        final FleetMessages messages = messages(WireProtocol.V1_REQUEST, "1024", null);
        assertTrue(messages.subjectMatches("choria.node_metadata.node-000005.dc2.example.net", 5));
        assertFalse(messages.subjectMatches("choria.node_metadata.node-000006.dc3.example.net", 5));
        assertFalse(messages.subjectMatches("choria.elsewhere.node-000005.dc2.example.net", 5));
        assertEquals("choria.node_metadata.node-000005.dc2.example.net", messages.subject(5));
    }

    @Test
    void shouldPadEveryPayloadToExactlyTheNodesSizeAndKeepItPlainAscii() throws Exception
    {
        final InventoryPayload payloads = new InventoryPayload(new Fleet(10_000), SizeDistribution.parse("1k-64k"));
        final ByteSink sink = new ByteSink(16);
        for (int node = 0; node < 10_000; node += 37)
        {
            sink.clear();
            payloads.write(node, sink);
            assertEquals(SizeDistribution.parse("1k-64k").sizeFor(node), sink.length(), "node " + node);
            for (int i = 0; i < sink.length(); i++)
            {
                final byte b = sink.array()[i];
                assertTrue(b >= 0x20 && b < 0x7F && b != '<' && b != '>' && b != '&', "byte " + i + " of node " + node);
            }
            Json.object(sink.toByteArray());
        }
    }

    @Test
    void shouldUseTheNaturalPayloadWhenTheTargetIsBelowIt()
    {
        final ByteSink sink = new ByteSink(16);
        new InventoryPayload(new Fleet(10), SizeDistribution.parse("10")).write(3, sink);
        assertTrue(sink.length() > 10 && sink.length() < 1024, "natural size " + sink.length());
        Json.object(sink.toByteArray());
    }

    @Test
    void shouldWriteBase64AndJsonEscapesAsTheJdkAndJsonReadersExpect()
    {
        final byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte)(i * 7);
        }
        for (int n = 0; n < 8; n++)
        {
            assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, 100 + n)),
                new ByteSink(4).base64(data, 0, 100 + n).toString());
        }
        final byte[] text = "a\"b\\c\nd\te\u0001".getBytes(StandardCharsets.US_ASCII);
        final String literal = "{\"k\":\"" + new ByteSink(4).jsonEscaped(text, 0, text.length) + "\"}";
        assertEquals("a\"b\\c\nd\te\u0001", Json.object(literal).get("k"));
    }
}
