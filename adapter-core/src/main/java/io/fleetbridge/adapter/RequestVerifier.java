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
 * {@link TrustedSigners}, so the steady-state cost is a hash of the certificate bytes and one
 * signature check.
 *
 * <p>Not thread safe: one per ingest worker, called on its dispatcher thread right after the
 * decoder, while the decoder still holds the message. Its own buffers are reused; the JDK's RSA
 * verification allocates internally.
 */
public final class RequestVerifier
{
    private static final byte[] INSECURE = "insecure registration".getBytes(StandardCharsets.US_ASCII);

    private final TrustedSigners signers;
    private final boolean acceptInsecure;
    private final Signature rsa;
    private final ScratchBuffer signature = new ScratchBuffer(512);
    private final ScratchBuffer unescaped = new ScratchBuffer(2048);
    private final ScratchBuffer pem = new ScratchBuffer(2048);

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
        this(new TrustedSigners(authorities, cacheSize, caching), acceptInsecure);
    }

    RequestVerifier(final TrustedSigners signers, final boolean acceptInsecure)
    {
        this.signers = signers;
        this.acceptInsecure = acceptInsecure;
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
        final byte[] doc = decoder.secureDocument();
        if (decoder.signatureStart() < 0 || !decodeSignature(doc, decoder))
        {
            return DecodeResult.BAD_SIGNATURE;
        }
        if (signature.length() == INSECURE.length && Arrays.equals(signature.bytes(), 0, INSECURE.length, INSECURE, 0, INSECURE.length))
        {
            return acceptInsecure ? DecodeResult.OK : DecodeResult.INSECURE_REGISTRATION;
        }
        final int from = decoder.pubcertStart();
        final int to = decoder.pubcertEnd();
        if (from < 0)
        {
            return DecodeResult.UNTRUSTED_CERTIFICATE;
        }
        final long hash = TrustedSigners.hash(doc, from, to);
        TrustedSigners.Signer signer = signers.cached(doc, from, to, hash);
        if (signer == null)
        {
            if (decoder.pubcertEscaped())
            {
                final int length = JsonUnquote.unquote(doc, from, to, pem);
                signer = signers.validate(doc, from, to, hash, pem.bytes(), 0, length);
            }
            else
            {
                signer = signers.validate(doc, from, to, hash, doc, from, to - from);
            }
            if (signer == null)
            {
                return DecodeResult.UNTRUSTED_CERTIFICATE;
            }
        }
        final long nowMs = System.currentTimeMillis();
        if (signer == TrustedSigners.EXPIRED || nowMs < signer.notBeforeMs || nowMs > signer.notAfterMs)
        {
            return DecodeResult.EXPIRED_CERTIFICATE;
        }
        return signatureMatches(signer, decoder) ? DecodeResult.OK : DecodeResult.BAD_SIGNATURE;
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
