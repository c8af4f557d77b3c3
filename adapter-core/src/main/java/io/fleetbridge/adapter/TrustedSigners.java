package io.fleetbridge.adapter;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
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
import java.util.regex.Pattern;

/**
 * The signer certificates of one adapter that have been checked against its certificate
 * authorities, remembered so that a node's certificate, which arrives with every one of its
 * messages, costs a full path validation only the first time.
 *
 * <p>A direct-mapped table indexed by a 64-bit hash of the chain's {@link CertificateKey} (its
 * certificates' base64, however the message spells the PEM around them); a hit is confirmed by
 * comparing the keys themselves, so a hash collision can only cost a validation, never admit a
 * certificate that was not checked. An entry is at most the chain's own encodings, and only chains
 * the authorities vouch for get one, so the table's memory is bounded by the fleet's certificates,
 * not by what senders write. A colliding certificate replaces the older one. The validity of the
 * whole chain, its authority's included, is checked on every hit, so a cached certificate stops
 * being accepted the moment it or a certificate above it expires.
 *
 * <p>Refused certificates are remembered too, in a second table of {@link #REFUSALS} entries,
 * two to a set ({@link #remember}), keyed by the text as it arrived, so that a flood of garbage or
 * foreign certificates costs unescaping that text, two hashes and a comparison per message rather
 * than a parse and a path validation. That table is
 * bounded in entries and, since {@link RequestVerifier} refuses a {@code pubcert} above
 * {@link #MAX_CERTIFICATE_BYTES} before it gets here, in bytes. A certificate refused only
 * because it or its chain is outside its validity dates is validated again after
 * {@link #RECHECK_EXPIRED_MS}, so that one which was not yet valid is accepted once it is.
 *
 * <p>Besides the chain (go-choria's {@code FileSecurity.VerifyCertificate},
 * providers/security/filesec/file_security.go) a signer must be fit for signing: a leaf with a
 * key usage extension must allow {@code digitalSignature}, and one with an extended key usage
 * must allow client authentication (Choria verifies with {@code ExtKeyUsageClientAuth}). The
 * names it vouches for and whether it is privileged are worked out once, at validation
 * ({@link CertificateNames}).
 *
 * <p>Thread safe and lock free: every ingest worker of the adapter shares one. A lookup
 * allocates nothing; a miss allocates the parsed certificate and the new entry.
 */
final class TrustedSigners
{
    /**
     * A validated signer certificate: its {@link CertificateKey}, its public key, the validity of its
     * whole chain, the names it vouches for (UTF-8) and whether any of them is privileged. Immutable.
     */
    static final class Signer
    {
        final long hash;
        final byte[] certificateKey;
        final PublicKey key;
        final long notBeforeMs;
        final long notAfterMs;
        final byte[][] names;
        final boolean privileged;

        Signer(final long hash, final byte[] certificateKey, final PublicKey key, final long notBeforeMs, final long notAfterMs,
            final byte[][] names, final boolean privileged)
        {
            this.hash = hash;
            this.certificateKey = certificateKey;
            this.key = key;
            this.notBeforeMs = notBeforeMs;
            this.notAfterMs = notAfterMs;
            this.names = names;
            this.privileged = privileged;
        }
    }

    /** A refused certificate's bytes, the verdict ({@link #EXPIRED} or {@link #UNTRUSTED}) and when to validate it again. Immutable. */
    private static final class Refusal
    {
        final long hash;
        final byte[] raw;
        final Signer verdict;
        final long recheckAtMs;

        Refusal(final long hash, final byte[] raw, final Signer verdict, final long recheckAtMs)
        {
            this.hash = hash;
            this.raw = raw;
            this.verdict = verdict;
            this.recheckAtMs = recheckAtMs;
        }
    }

    /** Returned for a certificate that chains to an authority but is not valid now. */
    static final Signer EXPIRED = new Signer(0, new byte[0], null, 0, 0, new byte[0][], false);
    /** Returned for what is not a certificate, does not chain to an authority, or may not sign. */
    static final Signer UNTRUSTED = new Signer(0, new byte[0], null, 0, 0, new byte[0][], false);

    /** Refused certificates remembered: enough for a flood that cycles through many, at most {@link #MAX_CERTIFICATE_BYTES} each. */
    static final int REFUSALS = 256;
    /** Entries per set of the refusal table: two, so that one collision does not make two certificates take turns. */
    private static final int REFUSAL_WAYS = 2;
    /**
     * Longest {@code pubcert} considered, as it arrives (escaped): a leaf and two intermediates
     * with 4096-bit keys take about 6 KiB. Bounds the memory of the refusal table to 8 MiB.
     */
    static final int MAX_CERTIFICATE_BYTES = 32 * 1024;
    /** How long a certificate refused for its dates stays refused before it is validated again. */
    static final long RECHECK_EXPIRED_MS = 60_000;

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final Set<TrustAnchor> anchors;
    private final AtomicReferenceArray<Signer> table;
    private final int mask;
    private final AtomicReferenceArray<Refusal> refusals = new AtomicReferenceArray<>(REFUSALS);
    private final AtomicLong validations = new AtomicLong();
    private final boolean caching;
    private final List<Pattern> privileged;

    /**
     * With Choria's default privileged patterns, {@link AdapterConfig#DEFAULT_PRIVILEGED_USERS}.
     *
     * @param authorities the certificates a signer must chain to, at least one
     * @param capacity    entries kept, rounded up to a power of two; about the number of nodes
     */
    TrustedSigners(final List<X509Certificate> authorities, final int capacity)
    {
        this(authorities, capacity, true, AdapterConfig.defaultPrivilegedUsers());
    }

    /**
     * @param caching    false to validate every certificate every time: the baseline the cache is measured against
     * @param privileged patterns of certificate names that may sign for any caller ({@code plugin.choria.security.privileged_users})
     */
    TrustedSigners(
        final List<X509Certificate> authorities, final int capacity, final boolean caching, final List<Pattern> privileged)
    {
        this.caching = caching;
        this.privileged = List.copyOf(privileged);
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
        final int size = AdapterConfig.roundUpToPowerOfTwo(Math.max(1, Math.min(capacity, AdapterConfig.MAX_SIGNER_CACHE_SIZE)));
        this.table = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** A cached signer for the certificate key {@code src[from, to)} ({@link CertificateKey}), or null when it has not been validated yet. */
    Signer cached(final byte[] src, final int from, final int to, final long hash)
    {
        final Signer signer = caching ? table.get(index(hash)) : null;
        if (signer != null && signer.hash == hash && Arrays.equals(signer.certificateKey, 0, signer.certificateKey.length, src, from, to))
        {
            return signer;
        }
        return null;
    }

    /**
     * The verdict remembered for the refused certificate bytes {@code src[from, to)}:
     * {@link #UNTRUSTED} or {@link #EXPIRED}; null when they have not been refused, or were
     * refused for their dates longer than {@link #RECHECK_EXPIRED_MS} ago.
     */
    Signer refused(final byte[] src, final int from, final int to, final long hash, final long nowMs)
    {
        if (!caching)
        {
            return null;
        }
        final int set = refusalSet(hash);
        for (int way = set; way < set + REFUSAL_WAYS; way++)
        {
            final Refusal refusal = refusals.get(way);
            if (refusal != null && refusal.hash == hash && nowMs < refusal.recheckAtMs
                && Arrays.equals(refusal.raw, 0, refusal.raw.length, src, from, to))
            {
                return refusal.verdict;
            }
        }
        return null;
    }

    /**
     * Validates the PEM certificate in {@code pem} (with any intermediates after it) against the
     * authorities now; caches a signer under its {@link CertificateKey} {@code key[0, keyLength)} and a
     * refusal under the raw bytes {@code src[from, to)} it arrived as.
     *
     * @return the signer; {@link #EXPIRED} when it or a certificate in its chain is not valid now;
     *         {@link #UNTRUSTED} when it is not a certificate, does not chain to an authority, or
     *         its key usages do not allow signing requests
     */
    Signer validate(
        final byte[] src, final int from, final int to, final long hash, final byte[] pem, final int pemFrom, final int pemLength,
        final byte[] key, final int keyLength, final long keyHash)
    {
        final Signer verdict = check(pem, pemFrom, pemLength, key, keyLength, keyHash);
        if (caching && (verdict == UNTRUSTED || verdict == EXPIRED) && to - from <= MAX_CERTIFICATE_BYTES)
        {
            final long recheckAtMs = verdict == EXPIRED ? System.currentTimeMillis() + RECHECK_EXPIRED_MS : Long.MAX_VALUE;
            remember(new Refusal(hash, Arrays.copyOfRange(src, from, to), verdict, recheckAtMs));
        }
        return verdict;
    }

    private Signer check(
        final byte[] pem, final int pemFrom, final int pemLength, final byte[] key, final int keyLength, final long keyHash)
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
                return UNTRUSTED;
            }
            final CertPath path = factory.generateCertPath(chain);
            final PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            final PKIXCertPathValidatorResult result =
                (PKIXCertPathValidatorResult)CertPathValidator.getInstance("PKIX").validate(path, parameters);
            final X509Certificate leaf = chain.get(0);
            if (!maySign(leaf))
            {
                return UNTRUSTED;
            }
            // the whole chain's validity, the authority's included (the JDK's validator does not check an anchor's
            // dates, Go's x509.Verify does): a hit checks these, so an intermediate expiring first ends the entry
            long notBeforeMs = Long.MIN_VALUE;
            long notAfterMs = Long.MAX_VALUE;
            final List<X509Certificate> all = new ArrayList<>(chain);
            if (result.getTrustAnchor().getTrustedCert() != null)
            {
                all.add(result.getTrustAnchor().getTrustedCert());
            }
            for (final X509Certificate certificate : all)
            {
                notBeforeMs = Math.max(notBeforeMs, certificate.getNotBefore().getTime());
                notAfterMs = Math.min(notAfterMs, certificate.getNotAfter().getTime());
            }
            final long nowMs = System.currentTimeMillis();
            if (nowMs < notBeforeMs || nowMs > notAfterMs)
            {
                return EXPIRED;
            }
            final byte[][] names = CertificateNames.of(leaf);
            final Signer signer = new Signer(keyHash, Arrays.copyOf(key, keyLength), leaf.getPublicKey(),
                notBeforeMs, notAfterMs, names, CertificateNames.privileged(names, privileged));
            // only under the chain's own encodings: an entry stands for what was validated, whatever text came around it
            if (caching && CertificateKey.matches(chain, key, keyLength))
            {
                table.set(index(keyHash), signer);
            }
            return signer;
        }
        catch (final CertPathValidatorException ex)
        {
            final CertPathValidatorException.Reason reason = ex.getReason();
            return reason == CertPathValidatorException.BasicReason.EXPIRED
                || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID ? EXPIRED : UNTRUSTED;
        }
        catch (final GeneralSecurityException | ClassCastException ex)
        {
            return UNTRUSTED;
        }
    }

    /** digitalSignature when the key usage is restricted; client authentication when the extended key usage is. */
    private static boolean maySign(final X509Certificate leaf) throws CertificateParsingException
    {
        final boolean[] usage = leaf.getKeyUsage();
        if (usage != null && (usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE]))
        {
            return false;
        }
        final List<String> extended = leaf.getExtendedKeyUsage();
        return extended == null || extended.contains(CLIENT_AUTH) || extended.contains(ANY_EXTENDED_KEY_USAGE);
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

    /** The first entry of the set {@code hash} belongs to in the refusal table. */
    private static int refusalSet(final long hash)
    {
        return (int)(hash ^ (hash >>> 32)) & (REFUSALS - 1) & -REFUSAL_WAYS;
    }

    /**
     * Puts a refusal first in its set: in place of an entry with the same hash, else the newer entry moves to the
     * second way and the older one there is displaced. Two refused certificates whose hashes share a set both stay
     * remembered, where one entry per set let them displace each other and be validated again on every message.
     * Races between ingest threads only cost a validation: an entry is matched by its bytes, never by its place.
     */
    private void remember(final Refusal refusal)
    {
        final int set = refusalSet(refusal.hash);
        final Refusal first = refusals.get(set);
        if (first != null && first.hash != refusal.hash)
        {
            refusals.set(set + 1, first);
        }
        refusals.set(set, refusal);
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
