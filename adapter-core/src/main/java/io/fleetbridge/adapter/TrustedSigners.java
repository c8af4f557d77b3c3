package io.fleetbridge.adapter;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The signer certificates of one adapter that have been checked against its certificate
 * authorities, remembered so that a node's certificate, which arrives with every one of its
 * messages, costs a full path validation only the first time.
 *
 * <p>A direct-mapped table indexed by a 64-bit hash of the certificate's bytes as they appear in
 * the message; a hit is confirmed by comparing the bytes themselves, so a hash collision can
 * only cost a validation, never admit a certificate that was not checked. A colliding
 * certificate replaces the older one. Validity dates are checked on every hit, so a cached
 * certificate stops being accepted the moment it expires.
 *
 * <p>Thread safe and lock free: every ingest worker of the adapter shares one. A lookup
 * allocates nothing; a miss allocates the parsed certificate and the new entry.
 */
final class TrustedSigners
{
    /** A validated signer certificate: its bytes as they arrived, its key and its validity. Immutable. */
    static final class Signer
    {
        final long hash;
        final byte[] raw;
        final PublicKey key;
        final long notBeforeMs;
        final long notAfterMs;

        Signer(final long hash, final byte[] raw, final PublicKey key, final long notBeforeMs, final long notAfterMs)
        {
            this.hash = hash;
            this.raw = raw;
            this.key = key;
            this.notBeforeMs = notBeforeMs;
            this.notAfterMs = notAfterMs;
        }
    }

    /** Returned by {@link #validate} for a certificate that chains to an authority but is not valid now. */
    static final Signer EXPIRED = new Signer(0, new byte[0], null, 0, 0);

    private final Set<TrustAnchor> anchors;
    private final AtomicReferenceArray<Signer> table;
    private final int mask;
    private final AtomicLong validations = new AtomicLong();
    private final boolean caching;

    /**
     * @param authorities the certificates a signer must chain to, at least one
     * @param capacity    entries kept, rounded up to a power of two; about the number of nodes
     */
    TrustedSigners(final List<X509Certificate> authorities, final int capacity)
    {
        this(authorities, capacity, true);
    }

    /** @param caching false to validate every certificate every time: the baseline the cache is measured against */
    TrustedSigners(final List<X509Certificate> authorities, final int capacity, final boolean caching)
    {
        this.caching = caching;
        if (authorities.isEmpty())
        {
            throw new IllegalArgumentException("at least one certificate authority is needed");
        }
        final Set<TrustAnchor> set = new HashSet<>();
        for (final X509Certificate authority : authorities)
        {
            set.add(new TrustAnchor(authority, null));
        }
        this.anchors = Set.copyOf(set);
        final int size = AdapterConfig.roundUpToPowerOfTwo(Math.max(1, Math.min(capacity, 1 << 20)));
        this.table = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** A cached signer for the certificate bytes {@code src[from, to)}, or null when it has not been validated yet. */
    Signer cached(final byte[] src, final int from, final int to, final long hash)
    {
        final Signer signer = caching ? table.get(index(hash)) : null;
        if (signer != null && signer.hash == hash && Arrays.equals(signer.raw, 0, signer.raw.length, src, from, to))
        {
            return signer;
        }
        return null;
    }

    /**
     * Validates the PEM certificate in {@code pem} (with any intermediates after it) against the
     * authorities now and caches it under the raw bytes it arrived as.
     *
     * @return the signer; {@link #EXPIRED} when it or a certificate in its chain is not valid now;
     *         null when it is not a certificate or does not chain to an authority
     */
    Signer validate(
        final byte[] src, final int from, final int to, final long hash, final byte[] pem, final int pemFrom, final int pemLength)
    {
        validations.incrementAndGet();
        try
        {
            final CertificateFactory factory = CertificateFactory.getInstance("X.509");
            final List<X509Certificate> chain = new ArrayList<>();
            for (final java.security.cert.Certificate certificate :
                factory.generateCertificates(new ByteArrayInputStream(pem, pemFrom, pemLength)))
            {
                chain.add((X509Certificate)certificate);
            }
            if (chain.isEmpty())
            {
                return null;
            }
            final CertPath path = factory.generateCertPath(chain);
            final PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            final X509Certificate leaf = chain.get(0);
            final Signer signer = new Signer(hash, Arrays.copyOfRange(src, from, to), leaf.getPublicKey(),
                leaf.getNotBefore().getTime(), leaf.getNotAfter().getTime());
            if (caching)
            {
                table.set(index(hash), signer);
            }
            return signer;
        }
        catch (final CertPathValidatorException ex)
        {
            final CertPathValidatorException.Reason reason = ex.getReason();
            return reason == CertPathValidatorException.BasicReason.EXPIRED
                || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID ? EXPIRED : null;
        }
        catch (final GeneralSecurityException | ClassCastException ex)
        {
            return null;
        }
    }

    /** Full validations so far: about one per distinct certificate when the cache works. */
    long validations()
    {
        return validations.get();
    }

    private int index(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & mask;
    }

    /** FNV-1a, 64 bits: cheap, and collisions only cost a validation. */
    static long hash(final byte[] src, final int from, final int to)
    {
        long h = 0xCBF29CE484222325L;
        for (int i = from; i < to; i++)
        {
            h = (h ^ (src[i] & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
