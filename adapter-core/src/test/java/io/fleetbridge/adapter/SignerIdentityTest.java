package io.fleetbridge.adapter;

import static io.fleetbridge.adapter.ChoriaMessage.quote;
import static io.fleetbridge.adapter.RequestVerifierTest.sign;
import static io.fleetbridge.adapter.RequestVerifierTest.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fleetbridge.testsupport.CertificateAuthority;

/**
 * A signer may speak only for the names in its certificate (unless privileged), and only while
 * its request is current: what a node holding any valid certificate of the fleet could otherwise
 * forge or replay.
 */
class SignerIdentityTest
{
    private static final String OTHER_NODE = "db1.ldn.example.net";

    private static CertificateAuthority fleetCa;
    private static CertificateAuthority.Issued node;
    private static CertificateAuthority.Issued privileged;

    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final DecodedMessage decoded = new DecodedMessage();

    @BeforeAll
    static void certificates()
    {
        fleetCa = CertificateAuthority.create("fleet CA");
        node = fleetCa.issue(ChoriaMessage.SENDER);
        privileged = fleetCa.issue("rip.privileged.choria");
    }

    // ---- identity

    @Test
    void shouldAcceptNodeSigningForItself() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signed(node.certificatePem(), node.key())));
    }

    @Test
    void shouldRejectSenderIdOfAnotherNode() throws Exception
    {
        final ChoriaMessage spoofed = signedAs(node, OTHER_NODE, "choria=" + ChoriaMessage.SENDER);
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(spoofed), "lands on the other node's subject otherwise");
    }

    @Test
    void shouldRejectCallerIdOfAnotherNode() throws Exception
    {
        final ChoriaMessage spoofed = signedAs(node, ChoriaMessage.SENDER, "choria=" + OTHER_NODE);
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(spoofed));
    }

    @Test
    void shouldRejectBothIdsOfAnotherNode() throws Exception
    {
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(node, OTHER_NODE, "choria=" + OTHER_NODE)));
    }

    @Test
    void shouldRejectCallerIdWithoutAnIdentity() throws Exception
    {
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(node, ChoriaMessage.SENDER, ChoriaMessage.SENDER)),
            "no name= prefix");
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(node, ChoriaMessage.SENDER, "Choria=" + ChoriaMessage.SENDER)),
            "the prefix is lower case letters");
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(node, ChoriaMessage.SENDER, "choria=")));
        // no callerid at all is off Choria's schema, refused before anything verifies it
        final ChoriaMessage none = signed(node.certificatePem(), node.key()).without("callerid");
        sign(none, node.key());
        assertEquals(DecodeResult.OFF_SCHEMA, decode(none));
    }

    @Test
    void shouldReadTheCallerIdentityAsChoriaDoes() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signedAs(node, ChoriaMessage.SENDER, "puppet=" + ChoriaMessage.SENDER)),
            "any lower case prefix");
        assertEquals(DecodeResult.OK, verify(signedAs(node, ChoriaMessage.SENDER, "choria=" + ChoriaMessage.SENDER + "/x y")),
            "the identity ends at the first byte outside [A-Za-z0-9_.-]");
        assertEquals(DecodeResult.IDENTITY_MISMATCH,
            verify(signedAs(node, ChoriaMessage.SENDER, "choria=" + ChoriaMessage.SENDER + "x")), "but not a longer name");
        final ChoriaMessage escaped = signed(node.certificatePem(), node.key());
        escaped.field("callerid", "\"choria\\u003d" + ChoriaMessage.SENDER.replace(".", "\\u002e") + "\"");
        sign(escaped, node.key());
        assertEquals(DecodeResult.OK, verify(escaped), "escaped in the JSON");
    }

    @Test
    void shouldAcceptDnsAlternativeNameOfTheCertificate() throws Exception
    {
        // the test authority puts localhost among every certificate's DNS names
        assertEquals(DecodeResult.OK, verify(signedAs(node, "localhost", "choria=localhost")));
        assertEquals(DecodeResult.OK, verify(signedAs(node, "localhost", "choria=" + ChoriaMessage.SENDER)));
    }

    @Test
    void shouldLetPrivilegedCertificateSignForAnyNode() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signedAs(privileged, OTHER_NODE, "choria=rip.mcollective")));
        final CertificateAuthority.Issued mcollective = fleetCa.issue("rip.privileged.mcollective");
        assertEquals(DecodeResult.OK, verify(signedAs(mcollective, OTHER_NODE, "choria=" + OTHER_NODE)));
    }

    @Test
    void shouldStillRequireACallerIdentityFromPrivilegedSigner() throws Exception
    {
        // Choria's CallerIdentity runs before ShouldAllowCaller looks at the certificate
        final ChoriaMessage none = signedAs(privileged, OTHER_NODE, "choria=x").without("callerid");
        sign(none, privileged.key());
        assertEquals(DecodeResult.OFF_SCHEMA, decode(none), "no callerid is off Choria's schema, whoever signed");
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(privileged, OTHER_NODE, "no identity")));
    }

    @Test
    void shouldFollowTheConfiguredPrivilegedPatterns() throws Exception
    {
        final ChoriaMessage message = signedAs(privileged, OTHER_NODE, "choria=rip.mcollective");
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(message, List.of(Pattern.compile("^admin\\.example\\.net$")), 30_000),
            "the default patterns no longer apply");
        final CertificateAuthority.Issued admin = fleetCa.issue("admin.example.net");
        assertEquals(DecodeResult.OK, verify(signedAs(admin, OTHER_NODE, "choria=rip.mcollective"),
            List.of(CertificateNames.pattern("/^admin\\.example\\.net$/")), 30_000), "/re/ as in Choria");
    }

    @Test
    void shouldNotTakeAPrivilegedPatternMatchingOnlyBeforeALineBreak() throws Exception
    {
        final CertificateAuthority.Issued sneaky = fleetCa.issue("x.privileged.choria\n");
        assertEquals(DecodeResult.IDENTITY_MISMATCH, verify(signedAs(sneaky, OTHER_NODE, "choria=" + OTHER_NODE)),
            "Go's $ does not match before a trailing newline");
    }

    // ---- time to live

    @Test
    void shouldRejectReplayOfAnOldMessage() throws Exception
    {
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() - 3600, 60)), "captured an hour ago");
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() - 60 - 30 - 5, 60)),
            "just past ttl and skew");
    }

    @Test
    void shouldRejectMessageDatedBeyondTheSkew() throws Exception
    {
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() + 30 + 5, 60)));
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() + 86_400 * 365, 60)));
    }

    @Test
    void shouldAcceptMessageWithinTtlAndSkew() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signedAt(node, nowSeconds() - 60 - 25, 60)), "late, within the skew");
        assertEquals(DecodeResult.OK, verify(signedAt(node, nowSeconds() + 25, 60)), "early, within the skew");
        assertEquals(DecodeResult.OK, verify(signedAt(node, nowSeconds() - 3000, 3600)), "a long ttl");
        assertEquals(DecodeResult.OK, verify(signedAt(node, nowSeconds(), Long.MAX_VALUE)), "a ttl that cannot run out");
    }

    @Test
    void shouldApplyTheConfiguredSkew() throws Exception
    {
        final List<Pattern> defaults = AdapterConfig.defaultPrivilegedUsers();
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() - 70, 60), defaults, 0));
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds() + 5, 60), defaults, 0));
        assertEquals(DecodeResult.OK, verify(signedAt(node, nowSeconds() - 500, 60), defaults, 600_000));
    }

    @Test
    void shouldRejectMessageWithoutPositiveTtl() throws Exception
    {
        // Choria's Message.ValidateTTL accepts nothing when ttl is 0 (or unset, which Go reads as 0)
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds(), 0)));
        assertEquals(DecodeResult.EXPIRED_REQUEST, verify(signedAt(node, nowSeconds(), -60)));
        final ChoriaMessage none = signed(node.certificatePem(), node.key()).without("ttl");
        sign(none, node.key());
        assertEquals(DecodeResult.OFF_SCHEMA, decode(none), "Choria's schema requires a ttl before its value is judged");
    }

    @Test
    void shouldRejectOldInsecureRegistrationEvenWhenThePolicyAcceptsIt() throws Exception
    {
        final ChoriaMessage insecure = ChoriaMessage.of(ChoriaMessage.Form.V1_REQUEST);
        insecure.secure.put("signature", quote(ChoriaMessage.base64("insecure registration")));
        final byte[] bytes = insecure.bytes();
        assertEquals(DecodeResult.OK, decoder.decode(bytes, 0, bytes.length, decoded));
        assertEquals(DecodeResult.EXPIRED_REQUEST,
            new RequestVerifier(new TrustedSigners(List.of(fleetCa.certificate()), 16), true).verify(decoder, decoded));
    }

    @Test
    void shouldCountIdentityAndExpiryRefusalsUnderTheirOwnCauseAsInvalid() throws Exception
    {
        final AdapterMetrics metrics = new AdapterMetrics("identity");
        final com.lmax.disruptor.RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.worker(ring, decoder, metrics,
            new ErrorLog(org.slf4j.LoggerFactory.getLogger(SignerIdentityTest.class)),
            new RequestVerifier(new TrustedSigners(List.of(fleetCa.certificate()), 16), false));
        worker.onMessage(message(signedAs(node, OTHER_NODE, "choria=" + ChoriaMessage.SENDER)));
        worker.onMessage(message(signedAs(node, ChoriaMessage.SENDER, "choria=" + OTHER_NODE)));
        worker.onMessage(message(signedAt(node, nowSeconds() - 3600, 60)));
        worker.onMessage(message(signed(node.certificatePem(), node.key())));
        assertEquals(2, metrics.rejected(DecodeResult.IDENTITY_MISMATCH).sum());
        assertEquals(1, metrics.rejected(DecodeResult.EXPIRED_REQUEST).sum());
        assertEquals(3, metrics.dropped(DropReason.INVALID).sum());
        assertEquals(3, metrics.inputErrors.sum());
        assertEquals(0, ring.getCursor(), "only the genuine one was queued");
        assertEquals("identity_mismatch", DecodeResult.IDENTITY_MISMATCH.label());
        assertEquals("expired_request", DecodeResult.EXPIRED_REQUEST.label());
    }

    private static io.nats.client.Message message(final ChoriaMessage message)
    {
        return io.nats.client.impl.NatsMessage.builder().subject("choria.broadcast.agent.registration").data(message.bytes()).build();
    }

    private static long nowSeconds()
    {
        return System.currentTimeMillis() / 1000;
    }

    /** A request signed by {@code signer} that claims {@code sender} and {@code callerId}. */
    private static ChoriaMessage signedAs(final CertificateAuthority.Issued signer, final String sender, final String callerId)
        throws GeneralSecurityException
    {
        final ChoriaMessage message = signed(signer.certificatePem(), signer.key());
        message.field("senderid", quote(sender)).field("callerid", quote(callerId));
        sign(message, signer.key());
        return message;
    }

    /** A genuine request of {@code signer} made at {@code timeSeconds} with {@code ttl}. */
    private static ChoriaMessage signedAt(final CertificateAuthority.Issued signer, final long timeSeconds, final long ttl)
        throws GeneralSecurityException
    {
        final ChoriaMessage message = signed(signer.certificatePem(), signer.key());
        message.field("time", Long.toString(timeSeconds)).field("ttl", Long.toString(ttl));
        sign(message, signer.key());
        return message;
    }

    private DecodeResult decode(final ChoriaMessage message)
    {
        final byte[] bytes = message.bytes();
        return decoder.decode(bytes, 0, bytes.length, decoded);
    }

    private DecodeResult verify(final ChoriaMessage message)
    {
        return verify(message, AdapterConfig.defaultPrivilegedUsers(), AdapterConfig.DEFAULT_VERIFY_CLOCK_SKEW_MS);
    }

    private DecodeResult verify(final ChoriaMessage message, final List<Pattern> privilegedUsers, final long clockSkewMs)
    {
        final byte[] bytes = message.bytes();
        assertEquals(DecodeResult.OK, decoder.decode(bytes, 0, bytes.length, decoded), "decodes before it is verified");
        final TrustedSigners signers = new TrustedSigners(List.of(fleetCa.certificate()), 64, true, privilegedUsers);
        return new RequestVerifier(signers, false, clockSkewMs).verify(decoder, decoded);
    }
}
