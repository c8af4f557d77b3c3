package io.fleetbridge.adapter;

import static io.fleetbridge.adapter.RequestVerifierTest.sign;
import static io.fleetbridge.adapter.RequestVerifierTest.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fleetbridge.testsupport.CertificateAuthority;
import io.fleetbridge.testsupport.Deadline;

/** Which certificates may sign, and what a flood of certificates that may not costs. */
class TrustedSignersTest
{
    private static final byte[] NO_KEY = new byte[0];

    private static final int DIGITAL_SIGNATURE = 0x80;
    private static final int KEY_ENCIPHERMENT = 0x20;
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private static CertificateAuthority fleetCa;
    private static CertificateAuthority otherCa;
    private static CertificateAuthority.Issued node;

    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final DecodedMessage decoded = new DecodedMessage();
    private TrustedSigners signers;
    private RequestVerifier verifier;

    @BeforeAll
    static void certificates()
    {
        fleetCa = CertificateAuthority.create("fleet CA");
        otherCa = CertificateAuthority.create("some other CA");
        node = fleetCa.issue(ChoriaMessage.SENDER);
    }

    @BeforeEach
    void cache()
    {
        signers = new TrustedSigners(List.of(fleetCa.certificate()), 1024);
        verifier = new RequestVerifier(signers, false);
    }

    @Test
    void shouldRejectCertificateWhoseKeyUsageLacksDigitalSignature() throws Exception
    {
        final CertificateAuthority.Issued encipherOnly = fleetCa.issueWithUsage(ChoriaMessage.SENDER, KEY_ENCIPHERMENT);
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(encipherOnly.certificatePem(), encipherOnly.key())));
    }

    @Test
    void shouldAcceptCertificateWithDigitalSignatureOrWithoutKeyUsage() throws Exception
    {
        final CertificateAuthority.Issued signing = fleetCa.issueWithUsage(ChoriaMessage.SENDER, DIGITAL_SIGNATURE);
        assertEquals(DecodeResult.OK, verify(signed(signing.certificatePem(), signing.key())));
        final CertificateAuthority.Issued unrestricted = fleetCa.issueWithUsage(ChoriaMessage.SENDER, -1);
        assertEquals(DecodeResult.OK, verify(signed(unrestricted.certificatePem(), unrestricted.key())));
    }

    @Test
    void shouldRequireClientAuthenticationWhenTheExtendedKeyUsageIsRestricted() throws Exception
    {
        // Choria verifies signers with x509.VerifyOptions{KeyUsages: ExtKeyUsageClientAuth}
        final CertificateAuthority.Issued serverOnly = fleetCa.issueWithUsage(ChoriaMessage.SENDER, DIGITAL_SIGNATURE, SERVER_AUTH);
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(serverOnly.certificatePem(), serverOnly.key())));
        final CertificateAuthority.Issued client = fleetCa.issueWithUsage(ChoriaMessage.SENDER, DIGITAL_SIGNATURE, SERVER_AUTH, CLIENT_AUTH);
        assertEquals(DecodeResult.OK, verify(signed(client.certificatePem(), client.key())));
    }

    @Test
    void shouldValidateEachRefusedCertificateOnlyOnceInAFlood() throws Exception
    {
        final CertificateAuthority.Issued stranger = otherCa.issue(ChoriaMessage.SENDER);
        final CertificateAuthority.Issued encipherOnly = fleetCa.issueWithUsage(ChoriaMessage.SENDER, KEY_ENCIPHERMENT);
        final byte[][] flood = {
            signed(stranger.certificatePem(), stranger.key()).bytes(),
            signed(encipherOnly.certificatePem(), encipherOnly.key()).bytes(),
            signed(garbageCertificate(1), node.key()).bytes(),
            signed(garbageCertificate(2), node.key()).bytes(),
            signed("not a certificate at all", node.key()).bytes(),
        };
        for (int i = 0; i < 1000; i++)
        {
            final byte[] input = flood[i % flood.length];
            assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, decoded));
            assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verifier.verify(decoder, decoded), "message " + i);
        }
        assertEquals(flood.length, signers.validations(), "one validation per distinct refused certificate");
        assertEquals(DecodeResult.OK, verify(signed(node.certificatePem(), node.key())), "a genuine node still gets through");
    }

    /**
     * The parser skips text around a PEM block, so one certificate has endless spellings. Keyed by the spelling, each
     * cost a path validation and kept up to 32 KiB: a sender with any fleet certificate (a copy from the subject will
     * do, no key needed) filled the heap. Every spelling is now one entry, forged signatures or not.
     */
    @Test
    void shouldValidateACertificateOnceHoweverItsPemIsSpelt() throws Exception
    {
        final String pem = node.certificatePem();
        for (int i = 0; i < 50; i++)
        {
            final String spelling = "prefix " + i + " ".repeat(i * 80) + "\n" + pem.replace("\n", i % 2 == 0 ? "\n" : "\r\n")
                + "trailing " + i + "\n";
            final ChoriaMessage message = signed(spelling, node.key());
            message.field("requestid", ChoriaMessage.quote(String.format("%032x", i)));
            sign(message, node.key());
            if (i % 3 == 0)
            {
                message.secure.put("signature", ChoriaMessage.quote(ChoriaMessage.base64("not the node's signature")));
            }
            assertEquals(i % 3 == 0 ? DecodeResult.BAD_SIGNATURE : DecodeResult.OK, verify(message), "spelling " + i);
        }
        assertEquals(1, signers.validations(), "one validation, one entry, for every spelling of the certificate");
    }

    /** A certificate text longer than the verifier's buffer, after a short one: it must be read, not the last one's. */
    @Test
    void shouldReadALongCertificateTextAfterAShortOne() throws Exception
    {
        assertEquals(DecodeResult.OK, verify(signed(node.certificatePem(), node.key())));
        final String name = "web2.ldn.example.net";
        final CertificateAuthority.Issued other = fleetCa.issue(name);
        final ChoriaMessage message = signed("x".repeat(8192) + "\n" + other.certificatePem(), other.key());
        message.field("senderid", ChoriaMessage.quote(name)).field("callerid", ChoriaMessage.quote("choria=" + name));
        sign(message, other.key());
        assertEquals(DecodeResult.OK, verify(message));
    }

    /** Java's path validator does not check the authority's own dates; Go's x509.Verify does, and so must this. */
    @Test
    void shouldRefuseACertificateOfAnExpiredAuthority() throws Exception
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final CertificateAuthority expired = CertificateAuthority.create("expired fleet CA", now.minusDays(30), now.minusDays(1));
        final CertificateAuthority.Issued issued = expired.issue(ChoriaMessage.SENDER, now.minusHours(1), now.plusDays(1));
        signers = new TrustedSigners(List.of(expired.certificate()), 1024);
        verifier = new RequestVerifier(signers, false);
        assertEquals(DecodeResult.EXPIRED_CERTIFICATE, verify(signed(issued.certificatePem(), issued.key())));
    }

    /** A cached chain ends when its intermediate expires, though the node's own certificate is still valid. */
    @Test
    void shouldStopAcceptingACachedChainOnceItsIntermediateExpires() throws Exception
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final CertificateAuthority intermediate = fleetCa.intermediate("fleet intermediate", now.minusHours(1), now.plusSeconds(10));
        final CertificateAuthority.Issued issued = intermediate.issue(ChoriaMessage.SENDER, now.minusHours(1), now.plusDays(1));
        final ChoriaMessage message = signed(issued.certificatePem() + intermediate.certificatePem(), issued.key());
        assertEquals(DecodeResult.OK, verify(message));
        // 10 s: two RSA keys are made before the first verify, which must still fall inside it on a busy machine
        Deadline.await(Duration.ofSeconds(40), "the cached chain to be refused after its intermediate's notAfter",
            () -> verify(message) == DecodeResult.EXPIRED_CERTIFICATE);
        assertEquals(1, signers.validations(), "refused from the cache, not by validating again");
    }

    @Test
    void shouldRememberTwoRefusedCertificatesWhoseHashesShareAPlace()
    {
        // hashes chosen to fall on the same entry of a table of REFUSALS: a random flood meets this about one run in 25
        final long hash = 0x5eed;
        final long sameSet = hash + TrustedSigners.REFUSALS;
        final byte[] first = "first refused certificate".getBytes(StandardCharsets.US_ASCII);
        final byte[] second = "second refused certificate".getBytes(StandardCharsets.US_ASCII);
        final long nowMs = System.currentTimeMillis();

        assertEquals(TrustedSigners.UNTRUSTED, signers.validate(first, 0, first.length, hash, first, 0, first.length, NO_KEY, 0, 0));
        assertEquals(TrustedSigners.UNTRUSTED, signers.validate(second, 0, second.length, sameSet, second, 0, second.length, NO_KEY, 0, 0));

        assertEquals(TrustedSigners.UNTRUSTED, signers.refused(first, 0, first.length, hash, nowMs), "the first is still remembered");
        assertEquals(TrustedSigners.UNTRUSTED, signers.refused(second, 0, second.length, sameSet, nowMs), "and the second");
        final byte[] third = "third refused certificate".getBytes(StandardCharsets.US_ASCII);
        assertEquals(TrustedSigners.UNTRUSTED, signers.validate(third, 0, third.length, hash + 2L * TrustedSigners.REFUSALS,
            third, 0, third.length, NO_KEY, 0, 0));
        assertNull(signers.refused(first, 0, first.length, hash, nowMs), "a third in the same place displaces the oldest");
        assertEquals(TrustedSigners.UNTRUSTED, signers.refused(second, 0, second.length, sameSet, nowMs));
    }

    @Test
    void shouldRefuseACertificateLongerThanAnyRealOneWithoutValidatingIt() throws Exception
    {
        final String padded = node.certificatePem() + "x".repeat(TrustedSigners.MAX_CERTIFICATE_BYTES);
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(padded, node.key())));
        assertEquals(0, signers.validations());
    }

    @Test
    void shouldKeepTheRefusalTableBounded() throws Exception
    {
        final int distinct = 4 * TrustedSigners.REFUSALS;
        for (int i = 0; i < distinct; i++)
        {
            assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(garbageCertificate(i), node.key())));
        }
        assertEquals(distinct, signers.validations(), "each new one is validated");
        // two to a set: the latest are remembered, older ones were displaced rather than kept
        assertEquals(DecodeResult.UNTRUSTED_CERTIFICATE, verify(signed(garbageCertificate(distinct - 1), node.key())));
        assertEquals(distinct, signers.validations(), "the last one is remembered");
        int revalidated = 0;
        for (int i = 0; i < distinct; i++)
        {
            final long before = signers.validations();
            verify(signed(garbageCertificate(i), node.key()));
            revalidated += (int)(signers.validations() - before);
        }
        assertTrue(revalidated >= distinct - TrustedSigners.REFUSALS,
            "at most " + TrustedSigners.REFUSALS + " refusals kept, " + (distinct - revalidated) + " were");
    }

    @Test
    void shouldValidateACertificateRefusedForItsDatesAgainAfterAWhile()
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final byte[] notYetValid = fleetCa.issue(ChoriaMessage.SENDER, now.plusHours(1), now.plusDays(1))
            .certificatePem().getBytes(StandardCharsets.US_ASCII);
        final byte[] foreign = otherCa.issue(ChoriaMessage.SENDER).certificatePem().getBytes(StandardCharsets.US_ASCII);
        final long startMs = System.currentTimeMillis();
        assertSame(TrustedSigners.EXPIRED, validate(notYetValid));
        assertSame(TrustedSigners.UNTRUSTED, validate(foreign));

        assertSame(TrustedSigners.EXPIRED, refused(notYetValid, startMs), "remembered for now");
        assertNull(refused(notYetValid, System.currentTimeMillis() + TrustedSigners.RECHECK_EXPIRED_MS + 1),
            "validated again later: it may have become valid");
        assertSame(TrustedSigners.UNTRUSTED, refused(foreign, Long.MAX_VALUE - 1), "a foreign one stays refused");
        assertNull(signers.cached(foreign, 0, foreign.length, TrustedSigners.hash(foreign, 0, foreign.length)),
            "refusals never answer the lookup of trusted signers");
    }

    private TrustedSigners.Signer validate(final byte[] pem)
    {
        final ScratchBuffer key = new ScratchBuffer(64);
        final int keyLength = CertificateKey.of(pem, 0, pem.length, key);
        return signers.validate(pem, 0, pem.length, TrustedSigners.hash(pem, 0, pem.length), pem, 0, pem.length,
            key.bytes(), keyLength, TrustedSigners.hash(key.bytes(), 0, keyLength));
    }

    private TrustedSigners.Signer refused(final byte[] pem, final long nowMs)
    {
        return signers.refused(pem, 0, pem.length, TrustedSigners.hash(pem, 0, pem.length), nowMs);
    }

    private DecodeResult verify(final ChoriaMessage message)
    {
        final byte[] bytes = message.bytes();
        assertEquals(DecodeResult.OK, decoder.decode(bytes, 0, bytes.length, decoded), "decodes before it is verified");
        return verifier.verify(decoder, decoded);
    }

    /** A PEM block of random bytes: parses as no certificate. */
    private static String garbageCertificate(final int seed)
    {
        final byte[] der = new byte[600];
        new Random(seed).nextBytes(der);
        der[0] = 0x30;
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END CERTIFICATE-----\n";
    }
}
