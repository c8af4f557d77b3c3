package io.fleetbridge.testsupport;

import static io.fleetbridge.testsupport.DerWriter.bitString;
import static io.fleetbridge.testsupport.DerWriter.bool;
import static io.fleetbridge.testsupport.DerWriter.explicit;
import static io.fleetbridge.testsupport.DerWriter.implicitPrimitive;
import static io.fleetbridge.testsupport.DerWriter.integer;
import static io.fleetbridge.testsupport.DerWriter.nullValue;
import static io.fleetbridge.testsupport.DerWriter.octetString;
import static io.fleetbridge.testsupport.DerWriter.oid;
import static io.fleetbridge.testsupport.DerWriter.sequence;
import static io.fleetbridge.testsupport.DerWriter.set;
import static io.fleetbridge.testsupport.DerWriter.utf8String;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away certificate authority for tests: an RSA key and a self-signed CA certificate,
 * and {@link #issue} for server and client certificates signed by it, written as PEM files the
 * way Choria's {@code file} security provider and {@code nats-server} read them. Built with the
 * JDK alone (the certificate's DER is written by hand, then signed with SHA256withRSA), so tests
 * need neither openssl nor an extra library.
 *
 * <p>Issued certificates name {@code localhost} and {@code 127.0.0.1} as subject alternative
 * names, so TLS clients that check host names accept them for a local server;
 * {@link #issue(String, List)} names others, for a certificate that must not pass for this host.
 * Not thread safe.
 */
public final class CertificateAuthority
{
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(final String name, final KeyPair keys, final X509Certificate certificate)
    {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new authority with a fresh 2048-bit RSA key, valid from a day ago for ten years. */
    public static CertificateAuthority create(final String name)
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return create(name, now.minusDays(1), now.plusYears(10));
    }

    /** A new self-signed authority valid from {@code notBefore} to {@code notAfter}: an expired one, for instance. */
    public static CertificateAuthority create(final String name, final ZonedDateTime notBefore, final ZonedDateTime notAfter)
    {
        final KeyPair keys = rsaKeys();
        final byte[] subject = distinguishedName(name);
        return new CertificateAuthority(name, keys, sign(keys.getPrivate(), subject, subject, keys, notBefore, notAfter,
            authorityExtensions()));
    }

    /** An intermediate authority this one signs, valid from {@code notBefore} to {@code notAfter}. */
    public CertificateAuthority intermediate(final String intermediateName, final ZonedDateTime notBefore, final ZonedDateTime notAfter)
    {
        final KeyPair intermediateKeys = rsaKeys();
        return new CertificateAuthority(intermediateName, intermediateKeys, sign(keys.getPrivate(), distinguishedName(name),
            distinguishedName(intermediateName), intermediateKeys, notBefore, notAfter, authorityExtensions()));
    }

    private static byte[] authorityExtensions()
    {
        return sequence(
            extension(BASIC_CONSTRAINTS, true, sequence(bool(true))),
            // keyCertSign and cRLSign: bits 5 and 6
            extension(KEY_USAGE, true, bitStringWithUnused(new byte[] {0x06}, 1)));
    }

    /** The authority's own certificate. */
    public X509Certificate certificate()
    {
        return certificate;
    }

    /** The authority's certificate as PEM text. */
    public String certificatePem()
    {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /** Writes the authority's certificate as PEM to {@code file} and returns the file. */
    public Path writeCertificate(final Path file)
    {
        return write(file, certificatePem());
    }

    /** A certificate for {@code commonName}, valid from an hour ago for a day. */
    public Issued issue(final String commonName)
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return issue(commonName, now.minusHours(1), now.plusDays(1));
    }

    /** A certificate for {@code commonName}, valid from an hour ago for {@code validity}. */
    public Issued issue(final String commonName, final Duration validity)
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return issue(commonName, now.minusHours(1), now.minusHours(1).plus(validity));
    }

    /** A certificate for {@code commonName} with a fresh key, valid in [notBefore, notAfter]. */
    public Issued issue(final String commonName, final ZonedDateTime notBefore, final ZonedDateTime notAfter)
    {
        return issue(commonName, notBefore, notAfter, List.of("localhost", "127.0.0.1"));
    }

    /**
     * A certificate for {@code commonName}, valid from an hour ago for a day, whose subject
     * alternative names are exactly {@code altNames}: IPv4 literals as IP addresses, the rest as
     * DNS names. An empty list leaves the extension out, so only the common name names the host.
     */
    public Issued issue(final String commonName, final List<String> altNames)
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return issue(commonName, now.minusHours(1), now.plusDays(1), altNames);
    }

    private Issued issue(final String commonName, final ZonedDateTime notBefore, final ZonedDateTime notAfter,
        final List<String> altNames)
    {
        final KeyPair leaf = rsaKeys();
        final List<byte[]> parts = new ArrayList<>();
        parts.add(extension(BASIC_CONSTRAINTS, true, sequence()));
        // digitalSignature and keyEncipherment: bits 0 and 2
        parts.add(extension(KEY_USAGE, true, bitStringWithUnused(new byte[] {(byte)0xA0}, 5)));
        if (!altNames.isEmpty())
        {
            final List<byte[]> names = new ArrayList<>();
            for (final String altName : altNames)
            {
                final byte[] ip = ipv4(altName);
                names.add(ip == null ? implicitPrimitive(2, altName.getBytes(StandardCharsets.US_ASCII)) : implicitPrimitive(7, ip));
            }
            parts.add(extension(SUBJECT_ALT_NAME, false, sequence(names.toArray(new byte[0][]))));
        }
        final byte[] extensions = sequence(parts.toArray(new byte[0][]));
        final X509Certificate issued = sign(keys.getPrivate(), distinguishedName(name), distinguishedName(commonName), leaf,
            notBefore, notAfter, extensions);
        return new Issued(issued, leaf.getPrivate());
    }

    /**
     * A certificate for {@code commonName}, valid from an hour ago for a day, with the key usage
     * given as the first byte of its bit string ({@code 0x80} digitalSignature, {@code 0x20}
     * keyEncipherment; negative: no key usage extension) and, when any are given, an extended
     * key usage extension listing {@code extendedKeyUsages} (OIDs such as
     * {@code 1.3.6.1.5.5.7.3.2}, client authentication).
     */
    public Issued issueWithUsage(final String commonName, final int keyUsage, final String... extendedKeyUsages)
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final KeyPair leaf = rsaKeys();
        final List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, sequence()));
        if (keyUsage >= 0)
        {
            final int unused = keyUsage == 0 ? 0 : Integer.numberOfTrailingZeros(keyUsage);
            extensions.add(extension(KEY_USAGE, true, bitStringWithUnused(new byte[] {(byte)keyUsage}, unused)));
        }
        if (extendedKeyUsages.length > 0)
        {
            final byte[][] oids = new byte[extendedKeyUsages.length][];
            for (int i = 0; i < oids.length; i++)
            {
                oids[i] = oid(extendedKeyUsages[i]);
            }
            extensions.add(extension(EXTENDED_KEY_USAGE, false, sequence(oids)));
        }
        final X509Certificate issued = sign(keys.getPrivate(), distinguishedName(name), distinguishedName(commonName), leaf,
            now.minusHours(1), now.plusDays(1), sequence(extensions.toArray(new byte[0][])));
        return new Issued(issued, leaf.getPrivate());
    }

    /** A certificate and its private key. */
    public static final class Issued
    {
        private final X509Certificate certificate;
        private final PrivateKey key;

        Issued(final X509Certificate certificate, final PrivateKey key)
        {
            this.certificate = certificate;
            this.key = key;
        }

        public X509Certificate certificate()
        {
            return certificate;
        }

        public PrivateKey key()
        {
            return key;
        }

        public String certificatePem()
        {
            return pem("CERTIFICATE", encoded(certificate));
        }

        /** The key as {@code PRIVATE KEY} (PKCS#8). */
        public String pkcs8KeyPem()
        {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** The key as {@code RSA PRIVATE KEY} (PKCS#1), the form Choria writes. */
        public String pkcs1KeyPem()
        {
            final RSAPrivateCrtKey rsa = (RSAPrivateCrtKey)key;
            return pem("RSA PRIVATE KEY", sequence(integer(BigInteger.ZERO), integer(rsa.getModulus()),
                integer(rsa.getPublicExponent()), integer(rsa.getPrivateExponent()), integer(rsa.getPrimeP()),
                integer(rsa.getPrimeQ()), integer(rsa.getPrimeExponentP()), integer(rsa.getPrimeExponentQ()),
                integer(rsa.getCrtCoefficient())));
        }

        /** Writes {@code <base>.pem} and {@code <base>-key.pem} (PKCS#1) into {@code dir}; returns the certificate file. */
        public Path write(final Path dir, final String base)
        {
            CertificateAuthority.write(dir.resolve(base + "-key.pem"), pkcs1KeyPem());
            return CertificateAuthority.write(dir.resolve(base + ".pem"), certificatePem());
        }
    }

    private static X509Certificate sign(
        final PrivateKey issuerKey, final byte[] issuer, final byte[] subject, final KeyPair subjectKeys,
        final ZonedDateTime notBefore, final ZonedDateTime notAfter, final byte[] extensions)
    {
        final byte[] algorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
        final byte[] tbs = sequence(
            explicit(0, integer(BigInteger.TWO)),
            integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)),
            algorithm,
            issuer,
            sequence(DerWriter.time(notBefore), DerWriter.time(notAfter)),
            subject,
            subjectKeys.getPublic().getEncoded(),
            explicit(3, extensions));
        try
        {
            final Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(issuerKey);
            signer.update(tbs);
            final byte[] der = sequence(tbs, algorithm, bitString(signer.sign()));
            return (X509Certificate)CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot sign a test certificate", ex);
        }
    }

    private static byte[] distinguishedName(final String commonName)
    {
        return sequence(set(sequence(oid(COMMON_NAME), utf8String(commonName))));
    }

    private static byte[] extension(final String id, final boolean critical, final byte[] value)
    {
        final List<byte[]> parts = new ArrayList<>();
        parts.add(oid(id));
        if (critical)
        {
            parts.add(bool(true));
        }
        parts.add(octetString(value));
        return sequence(parts.toArray(new byte[0][]));
    }

    private static byte[] bitStringWithUnused(final byte[] bits, final int unused)
    {
        final byte[] body = new byte[bits.length + 1];
        body[0] = (byte)unused;
        System.arraycopy(bits, 0, body, 1, bits.length);
        return DerWriter.tagged(0x03, body);
    }

    /** The four bytes of a dotted IPv4 literal; null for anything else (a DNS name). */
    private static byte[] ipv4(final String name)
    {
        final String[] octets = name.split("\\.", -1);
        if (octets.length != 4)
        {
            return null;
        }
        final byte[] address = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (!octets[i].matches("[0-9]{1,3}") || Integer.parseInt(octets[i]) > 255)
            {
                return null;
            }
            address[i] = (byte)Integer.parseInt(octets[i]);
        }
        return address;
    }

    private static KeyPair rsaKeys()
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("no RSA in this JDK", ex);
        }
    }

    private static byte[] encoded(final X509Certificate certificate)
    {
        try
        {
            return certificate.getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }

    static Path write(final Path file, final String text)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
