package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that a decoded v1 secure request was signed by a node the fleet's certificate
 * authority vouches for: its {@code pubcert} chains to one of the adapter's authorities and is
 * valid now, and its {@code signature} is that certificate's RSA PKCS#1 v1.5 SHA-256 signature
 * over the exact bytes of {@code message} (the string as Go unescapes it). As in Choria, this is
 * optional and off by default.
 *
 * <p>Messages it cannot check (v2, replies) are {@link DecodeResult#UNVERIFIABLE}; requests
 * signed {@code insecure registration} (nodes registering over anonymous TLS) pass only when
 * the policy accepts them. Certificates are validated once and then found in the shared
 * {@link TrustedSigners} under what they say ({@link CertificateKey}), so the steady-state cost is
 * unescaping and hashing the certificate text and one signature check.
 *
 * <p>As go-choria's {@code SecureRequest.Valid} (protocol/v1/security_request.go) does, the
 * signer is tied to the identity the request claims: its {@code callerid} must hold an identity
 * ({@link CallerIdentity}, Choria's {@code CallerIdentity}) and, unless the certificate is
 * privileged (a name matching {@code plugin.choria.security.privileged_users}, Choria's
 * {@code ShouldAllowCaller}), that identity must be one of the certificate's names
 * ({@link CertificateNames}). Choria stops there; here the {@code senderid} must be one of
 * those names too, since it picks the subject the message lands on and a registration's
 * sender is its node. Otherwise {@link DecodeResult#IDENTITY_MISMATCH}.
 *
 * <p>Against replay, the request's {@code time} and {@code ttl} bound when it is taken, as
 * go-choria's {@code Message.ValidateTTL} (message/message.go) bounds when a server acts on
 * one: older than {@code ttl} plus the clock skew allowance, or dated more than that allowance
 * ahead of this daemon's clock, it is {@link DecodeResult#EXPIRED_REQUEST}; a {@code ttl} of 0
 * or less (or none) is never valid there either. Choria accepts a time up to {@code ttl} ahead;
 * here the allowance ahead is the skew alone.
 *
 * <p>The cheap checks come before the expensive ones, so that a replayed or spoofed message
 * costs no RSA verification, and a refused certificate is remembered by {@link TrustedSigners}
 * so that a flood of bad ones costs no path validation.
 *
 * <p>Not thread safe: one per ingest worker, called on its dispatcher thread right after the
 * decoder, while the decoder still holds the message. Its own buffers are reused; the JDK's RSA
 * verification allocates internally.
 */
public final class RequestVerifier
{
    private static final byte[] INSECURE = "insecure registration".getBytes(StandardCharsets.US_ASCII);
    /** A ttl at least this long never runs out: ttl * 1000 would overflow. */
    private static final long MAX_TTL_SECONDS = Long.MAX_VALUE / 1000 - AdapterConfig.MAX_VERIFY_CLOCK_SKEW_MS;

    private final TrustedSigners signers;
    private final boolean acceptInsecure;
    private final long clockSkewMs;
    private final boolean bindIdentity;
    private final Signature rsa;
    private final ScratchBuffer signature = new ScratchBuffer(512);
    private final ScratchBuffer unescaped = new ScratchBuffer(2048);
    private final ScratchBuffer pem = new ScratchBuffer(2048);
    private final ScratchBuffer certificateKey = new ScratchBuffer(2048);

    /**
     * A verifier with its own certificate cache, for tools and benchmarks; the adapter shares one
     * cache between its ingest workers instead.
     *
     * @param authorities    certificates a signer must chain to
     * @param cacheSize      validated certificates kept; about the number of nodes
     * @param caching        false to validate the certificate of every message (a baseline, never for production)
     * @param acceptInsecure whether {@code insecure registration} requests pass
     */
    public RequestVerifier(
        final List<X509Certificate> authorities, final int cacheSize, final boolean caching, final boolean acceptInsecure)
    {
        this(authorities, cacheSize, caching, acceptInsecure, true);
    }

    /**
     * As above, with Choria's default privileged names and the default clock skew allowance.
     *
     * @param bindIdentity false to check only the chain and the signature, neither the identity
     *                     nor the time (the baseline these checks are measured against, never for production)
     */
    public RequestVerifier(final List<X509Certificate> authorities, final int cacheSize, final boolean caching,
        final boolean acceptInsecure, final boolean bindIdentity)
    {
        this(new TrustedSigners(authorities, cacheSize, caching, AdapterConfig.defaultPrivilegedUsers()), acceptInsecure,
            AdapterConfig.DEFAULT_VERIFY_CLOCK_SKEW_MS, bindIdentity);
    }

    /** With the default clock skew allowance, {@link AdapterConfig#DEFAULT_VERIFY_CLOCK_SKEW_MS}. */
    RequestVerifier(final TrustedSigners signers, final boolean acceptInsecure)
    {
        this(signers, acceptInsecure, AdapterConfig.DEFAULT_VERIFY_CLOCK_SKEW_MS, true);
    }

    /** @param clockSkewMs how far a request may be dated ahead of this clock, and taken past its ttl */
    RequestVerifier(final TrustedSigners signers, final boolean acceptInsecure, final long clockSkewMs)
    {
        this(signers, acceptInsecure, clockSkewMs, true);
    }

    private RequestVerifier(
        final TrustedSigners signers, final boolean acceptInsecure, final long clockSkewMs, final boolean bindIdentity)
    {
        this.signers = signers;
        this.acceptInsecure = acceptInsecure;
        this.clockSkewMs = clockSkewMs;
        this.bindIdentity = bindIdentity;
        try
        {
            this.rsa = Signature.getInstance("SHA256withRSA");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JDK has no SHA256withRSA", ex);
        }
    }

    /** Verifies the message the decoder has just decoded into {@code message} with {@link DecodeResult#OK}. */
    public DecodeResult verify(final TransportDecoder decoder, final DecodedMessage message)
    {
        if (message.version() != ProtocolVersion.V1 || message.kind() != IngestProtocol.REQUEST)
        {
            return DecodeResult.UNVERIFIABLE;
        }
        // a huge escaped signature or callerid must not stay allocated; a no-op otherwise
        signature.release();
        unescaped.release();
        final byte[] doc = decoder.secureDocument();
        if (decoder.signatureStart() < 0 || !decodeSignature(doc, decoder))
        {
            return DecodeResult.BAD_SIGNATURE;
        }
        final long nowMs = System.currentTimeMillis();
        if (signature.length() == INSECURE.length && Arrays.equals(signature.bytes(), 0, INSECURE.length, INSECURE, 0, INSECURE.length))
        {
            if (!acceptInsecure)
            {
                return DecodeResult.INSECURE_REGISTRATION;
            }
            return !bindIdentity || current(message, decoder, nowMs) ? DecodeResult.OK : DecodeResult.EXPIRED_REQUEST;
        }
        if (bindIdentity && !current(message, decoder, nowMs))
        {
            return DecodeResult.EXPIRED_REQUEST;
        }
        final int from = decoder.pubcertStart();
        final int to = decoder.pubcertEnd();
        if (from < 0 || to - from > TrustedSigners.MAX_CERTIFICATE_BYTES)
        {
            return DecodeResult.UNTRUSTED_CERTIFICATE;
        }
        // the PEM text as the certificate parser reads it, and the chain it names however it is spelt
        final byte[] pemBytes;
        final int pemFrom;
        final int pemLength;
        if (decoder.pubcertEscaped())
        {
            pemLength = JsonUnquote.unquote(doc, from, to, pem); // first: it may grow the buffer
            pemBytes = pem.bytes();
            pemFrom = 0;
        }
        else
        {
            pemBytes = doc;
            pemFrom = from;
            pemLength = to - from;
        }
        final int keyLength = CertificateKey.of(pemBytes, pemFrom, pemLength, certificateKey);
        final long keyHash = TrustedSigners.hash(certificateKey.bytes(), 0, keyLength);
        TrustedSigners.Signer signer = keyLength > 0 ? signers.cached(certificateKey.bytes(), 0, keyLength, keyHash) : null;
        if (signer == null)
        {
            // refusals by the bytes as they came: a spelling refused must not refuse the chain it also names
            final long rawHash = TrustedSigners.hash(doc, from, to);
            signer = signers.refused(doc, from, to, rawHash, nowMs);
            if (signer == null)
            {
                signer = signers.validate(doc, from, to, rawHash, pemBytes, pemFrom, pemLength,
                    certificateKey.bytes(), keyLength, keyHash);
            }
        }
        if (signer == TrustedSigners.UNTRUSTED)
        {
            return DecodeResult.UNTRUSTED_CERTIFICATE;
        }
        if (signer == TrustedSigners.EXPIRED || nowMs < signer.notBeforeMs || nowMs > signer.notAfterMs)
        {
            return DecodeResult.EXPIRED_CERTIFICATE;
        }
        if (bindIdentity && !speaksFor(signer, decoder, message))
        {
            return DecodeResult.IDENTITY_MISMATCH;
        }
        return signatureMatches(signer, decoder) ? DecodeResult.OK : DecodeResult.BAD_SIGNATURE;
    }

    /**
     * Whether the request is inside its validity window at {@code nowMs}: no more than the skew
     * ahead, and younger than its ttl plus the skew. v1 times are whole seconds.
     */
    private boolean current(final DecodedMessage message, final TransportDecoder decoder, final long nowMs)
    {
        final long ttlSeconds = decoder.ttlSeconds();
        if (ttlSeconds <= 0)
        {
            return false;
        }
        // time is within years 0000..9999 (the decoder refuses others), so these cannot overflow
        final long ageMs = nowMs - message.timeSeconds() * 1000L;
        if (ageMs < -clockSkewMs)
        {
            return false;
        }
        return ttlSeconds >= MAX_TTL_SECONDS || ageMs - clockSkewMs < ttlSeconds * 1000L;
    }

    /**
     * Whether the callerid holds an identity (Choria's {@code CallerIdentity} fails the request
     * otherwise, privileged or not) and, unless the signer is privileged, that identity and the
     * sender are both names of the signer's certificate.
     */
    private boolean speaksFor(final TrustedSigners.Signer signer, final TransportDecoder decoder, final DecodedMessage message)
    {
        int from = decoder.callerIdStart();
        if (from < 0)
        {
            return false;
        }
        int to = decoder.callerIdEnd();
        byte[] caller = decoder.signedMessage();
        if (decoder.callerIdEscaped())
        {
            to = JsonUnquote.unquote(caller, from, to, unescaped);
            from = 0;
            caller = unescaped.bytes();
        }
        final int start = CallerIdentity.start(caller, from, to);
        if (start < 0)
        {
            return false;
        }
        return signer.privileged
            || CertificateNames.contains(signer.names, caller, start, CallerIdentity.end(caller, start, to))
            && CertificateNames.contains(signer.names, message.sender(), 0, message.senderLength());
    }

    private boolean decodeSignature(final byte[] doc, final TransportDecoder decoder)
    {
        final int from = decoder.signatureStart();
        final int to = decoder.signatureEnd();
        final int length;
        if (decoder.signatureEscaped())
        {
            final int text = JsonUnquote.unquote(doc, from, to, unescaped);
            length = Base64Range.decode(unescaped.bytes(), 0, text, signature);
        }
        else
        {
            length = Base64Range.decode(doc, from, to, signature);
        }
        if (length < 0)
        {
            return false;
        }
        signature.length(length);
        return true;
    }

    private boolean signatureMatches(final TrustedSigners.Signer signer, final TransportDecoder decoder)
    {
        try
        {
            rsa.initVerify(signer.key);
            rsa.update(decoder.signedMessage(), 0, decoder.signedMessageLength());
            return rsa.verify(signature.bytes(), 0, signature.length());
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            // a non-RSA key, or a signature of the wrong length: not a valid signature either way
            return false;
        }
    }
}
