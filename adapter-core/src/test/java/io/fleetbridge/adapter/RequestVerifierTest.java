package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fleetbridge.testsupport.CertificateAuthority;
import io.fleetbridge.testsupport.Deadline;

/** Signature and certificate checks of v1 secure requests, with certificates made by the test. */
class RequestVerifierTest
{
    private static CertificateAuthority fleetCa;
    private static CertificateAuthority otherCa;
    private static CertificateAuthority.Issued node;

    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final DecodedMessage decoded = new DecodedMessage();
    private TrustedSigners signers;

    @BeforeAll
    static void certificates()
    {
        fleetCa = CertificateAuthority.create("fleet CA");
        otherCa = CertificateAuthority.create("some other CA");
        node = fleetCa.issue(ChoriaMessage.SENDER);
    }

    @Test
    void shouldAcceptRequestSignedByCertificateOfTheConfiguredCa() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signed(node.certificatePem(), node.key()), false));
    }

    @Test
    void shouldRejectForgedSignature() throws Exception
    {
        final CertificateAuthority.Issued forger = otherCa.issue("forger");
        assertEquals(DecodeResult.BAD_SIGNATURE, verify(signed(node.certificatePem(), forger.key()), false),
            "the node's certificate with someone else's signature");
    }

    @Test
    void shouldRejectMessageChangedAfterSigning() throws Exception
    {
        final ChoriaMessage message = signed(node.certificatePem(), node.key());
        message.field("ttl", "61");
        assertEquals(DecodeResult.BAD_SIGNATURE, verify(message, false));
    }

    @Test
    void shouldRejectSignatureThatIsNotBase64OrMissing() throws Exception
    {
        final ChoriaMessage garbled = signed(node.certificatePem(), node.key());
        garbled.secure.put("signature", ChoriaMessage.quote("not base64!"));
        assertEquals(DecodeResult.BAD_SIGNATURE, verify(garbled, false));
        final ChoriaMessage unsigned = signed(node.certificatePem(), node.key());
        unsigned.secure.remove("signature");
        assertEquals(DecodeResult.OFF_SCHEMA, decode(unsigned), "Choria's schema requires a signature before anything verifies it");
    }

    @Test
    void shouldRejectCertificateOfAnotherCa() throws Exception
    {
        final CertificateAuthority.Issued stranger = otherCa.issue(ChoriaMessage.SENDER);
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(stranger.certificatePem(), stranger.key()), false));
    }

    @Test
    void shouldRejectSelfSignedCertificateClaimingTheCaName() throws Exception
    {
        final CertificateAuthority impostor = CertificateAuthority.create("fleet CA");
        final CertificateAuthority.Issued issued = impostor.issue(ChoriaMessage.SENDER);
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(issued.certificatePem(), issued.key()), false));
    }

    @Test
    void shouldRejectMissingOrGarbageCertificate() throws Exception
    {
        final ChoriaMessage garbage = signed("-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n", node.key());
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(garbage, false));
        final ChoriaMessage none = signed(node.certificatePem(), node.key());
        none.secure.remove("pubcert");
        assertEquals(DecodeResult.OFF_SCHEMA, decode(none), "Choria's schema requires a pubcert before anything verifies it");
    }

    @Test
    void shouldRejectExpiredCertificate() throws Exception
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final CertificateAuthority.Issued expired = fleetCa.issue(ChoriaMessage.SENDER, now.minusDays(2), now.minusDays(1));
        assertEquals(DecodeResult.EXPIRED_CERTIFICATE, verify(signed(expired.certificatePem(), expired.key()), false));
    }

    @Test
    void shouldRejectCertificateNotYetValid() throws Exception
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final CertificateAuthority.Issued future = fleetCa.issue(ChoriaMessage.SENDER, now.plusDays(1), now.plusDays(2));
        assertEquals(DecodeResult.EXPIRED_CERTIFICATE, verify(signed(future.certificatePem(), future.key()), false));
    }

    @Test
    void shouldStopAcceptingCachedCertificateOnceItExpires() throws Exception
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        // valid for 4 to 5 s (the certificate keeps whole seconds): key generation and signing on a loaded machine fit in it
        final CertificateAuthority.Issued shortLived = fleetCa.issue(ChoriaMessage.SENDER, now.minusHours(1), now.plusSeconds(5));
        final ChoriaMessage message = signed(shortLived.certificatePem(), shortLived.key());
        assertEquals(DecodeResult.OK, verify(message, false));
        Deadline.await(Duration.ofSeconds(20), "the cached certificate to be refused after its notAfter",
            () -> verifyQuietly(message) == DecodeResult.EXPIRED_CERTIFICATE);
        assertEquals(1, signers.validations(), "refused from the cache, not by validating again");
    }

    @Test
    void shouldValidateEachCertificateOnlyOnce() throws Exception
    {
        signers = new TrustedSigners(List.of(fleetCa.certificate()), 1024);
        final RequestVerifier verifier = new RequestVerifier(signers, false);
        final CertificateAuthority.Issued second = fleetCa.issue("web2.ldn.example.net");
        for (int i = 0; i < 20; i++)
        {
            final CertificateAuthority.Issued signer = i % 2 == 0 ? node : second;
            final String name = i % 2 == 0 ? ChoriaMessage.SENDER : "web2.ldn.example.net";
            final ChoriaMessage message = signed(signer.certificatePem(), signer.key());
            message.field("requestid", ChoriaMessage.quote(String.format("%032x", i)));
            message.field("senderid", ChoriaMessage.quote(name)).field("callerid", ChoriaMessage.quote("choria=" + name));
            sign(message, signer.key());
            assertEquals(DecodeResult.OK, decoder.decode(message.bytes(), 0, message.bytes().length, decoded));
            assertEquals(DecodeResult.OK, verifier.verify(decoder, decoded), "message " + i);
        }
        assertEquals(2, signers.validations());
    }

    @Test
    void shouldReadCertificateWrittenWithEscapedSlashesAndNewlines() throws Exception
    {
        final ChoriaMessage message = signed(node.certificatePem(), node.key());
        message.secure.put("pubcert", ChoriaMessage.quote(node.certificatePem()).replace("/", "\\/").replace("\\n", "\\u000a"));
        assertEquals(DecodeResult.OK, verify(message, false));
    }

    @Test
    void shouldRefuseInsecureRegistrationUnlessThePolicyAcceptsIt() throws Exception
    {
        final ChoriaMessage insecure = ChoriaMessage.of(ChoriaMessage.Form.V1_REQUEST);
        insecure.field("time", Long.toString(System.currentTimeMillis() / 1000));
        insecure.secure.put("signature", ChoriaMessage.quote(ChoriaMessage.base64("insecure registration")));
        assertEquals(DecodeResult.INSECURE_REGISTRATION, verify(insecure, false));
        assertEquals(DecodeResult.OK, verify(insecure, true));
    }

    @Test
    void shouldRefuseWhatItCannotVerify()
    {
        final ChoriaMessage v2 = ChoriaMessage.of(ChoriaMessage.Form.V2_REQUEST);
        assertEquals(DecodeResult.UNVERIFIABLE, verify(v2, true));
        final TransportDecoder replies = new TransportDecoder(IngestProtocol.REPLY);
        final byte[] reply = ChoriaMessage.of(ChoriaMessage.Form.V1_REPLY).bytes();
        assertEquals(DecodeResult.OK, replies.decode(reply, 0, reply.length, decoded));
        assertEquals(DecodeResult.UNVERIFIABLE,
            new RequestVerifier(new TrustedSigners(List.of(fleetCa.certificate()), 16), true).verify(replies, decoded));
    }

    @Test
    void shouldCountRejectionsUnderTheirCauseAndAsInvalidDrops() throws Exception
    {
        final AdapterMetrics metrics = new AdapterMetrics("verify");
        final com.lmax.disruptor.RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.worker(ring, decoder, metrics,
            new ErrorLog(org.slf4j.LoggerFactory.getLogger(RequestVerifierTest.class)),
            new RequestVerifier(new TrustedSigners(List.of(fleetCa.certificate()), 16), false));
        final CertificateAuthority.Issued forger = otherCa.issue("forger");
        worker.onMessage(message(signed(node.certificatePem(), node.key()).bytes()));
        worker.onMessage(message(signed(node.certificatePem(), forger.key()).bytes()));
        worker.onMessage(message(signed(forger.certificatePem(), forger.key()).bytes()));
        assertEquals(3, metrics.received.sum());
        assertEquals(1, metrics.rejected(DecodeResult.BAD_SIGNATURE).sum());
        assertEquals(1, metrics.rejected(DecodeResult.UNTRUSTED_CERTIFICATE).sum());
        assertEquals(2, metrics.dropped(DropReason.INVALID).sum());
        assertEquals(0, ring.getCursor(), "the good one was queued");
    }

    private static io.nats.client.Message message(final byte[] data)
    {
        return io.nats.client.impl.NatsMessage.builder().subject("choria.broadcast.agent.registration").data(data).build();
    }

    private DecodeResult decode(final ChoriaMessage message)
    {
        final byte[] bytes = message.bytes();
        return decoder.decode(bytes, 0, bytes.length, decoded);
    }

    private DecodeResult verify(final ChoriaMessage message, final boolean acceptInsecure)
    {
        signers = new TrustedSigners(List.of(fleetCa.certificate()), 1024);
        final byte[] bytes = message.bytes();
        assertEquals(DecodeResult.OK, decoder.decode(bytes, 0, bytes.length, decoded), "decodes before it is verified");
        return new RequestVerifier(signers, acceptInsecure).verify(decoder, decoded);
    }

    private DecodeResult verifyQuietly(final ChoriaMessage message)
    {
        final byte[] bytes = message.bytes();
        decoder.decode(bytes, 0, bytes.length, decoded);
        return new RequestVerifier(signers, false).verify(decoder, decoded);
    }

    /**
     * A v1 registration request from {@link ChoriaMessage#SENDER} (its senderid and callerid),
     * made now, carrying {@code pem}, signed with {@code key}.
     */
    static ChoriaMessage signed(final String pem, final PrivateKey key) throws GeneralSecurityException
    {
        final ChoriaMessage message = ChoriaMessage.of(ChoriaMessage.Form.V1_REQUEST);
        message.field("callerid", ChoriaMessage.quote("choria=" + ChoriaMessage.SENDER));
        message.field("time", Long.toString(System.currentTimeMillis() / 1000));
        message.secure.put("pubcert", ChoriaMessage.quote(pem));
        sign(message, key);
        return message;
    }

    static void sign(final ChoriaMessage message, final PrivateKey key) throws GeneralSecurityException
    {
        final Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(message.innerJson().getBytes(StandardCharsets.UTF_8));
        message.secure.put("signature", ChoriaMessage.quote(Base64.getEncoder().encodeToString(rsa.sign())));
    }
}
