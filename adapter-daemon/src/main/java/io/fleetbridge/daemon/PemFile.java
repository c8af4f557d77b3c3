package io.fleetbridge.daemon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files of Choria's {@code file} security provider with the JDK alone:
 * certificates ({@code CERTIFICATE} blocks, a chain or a bundle of authorities) and private keys
 * as {@code PRIVATE KEY} (PKCS#8, RSA or EC) or {@code RSA PRIVATE KEY} (PKCS#1, what Choria
 * writes). Encrypted keys are refused: the daemon has no pass phrase to offer.
 *
 * <p>Every failure is a {@link ConfigException} naming the configuration key and the file, and
 * never quotes key material. Stateless.
 */
final class PemFile
{
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, as it appears inside PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte)0x86, 0x48, (byte)0x86, (byte)0xF7,
        0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFile()
    {
    }

    /** Every certificate in the file, in file order; at least one. */
    static List<X509Certificate> certificates(final String key, final String file)
    {
        final List<X509Certificate> certificates = new ArrayList<>();
        try
        {
            final CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (final Block block : blocks(key, file))
            {
                if (block.type.equals("CERTIFICATE"))
                {
                    certificates.add((X509Certificate)factory.generateCertificate(new ByteArrayInputStream(block.der)));
                }
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw ConfigException.badValue(key, file, "not a readable PEM certificate (" + ex.getMessage() + ")");
        }
        if (certificates.isEmpty())
        {
            throw ConfigException.badValue(key, file, "no -----BEGIN CERTIFICATE----- block in the file");
        }
        return certificates;
    }

    /** The first private key in the file. */
    static PrivateKey privateKey(final String key, final String file)
    {
        for (final Block block : blocks(key, file))
        {
            switch (block.type)
            {
                case "PRIVATE KEY":
                    return pkcs8(key, file, block.der);
                case "RSA PRIVATE KEY":
                    return pkcs8(key, file, pkcs1ToPkcs8(block.der));
                case "ENCRYPTED PRIVATE KEY":
                    throw ConfigException.badValue(key, file, "the key is encrypted; store it without a pass phrase " +
                        "(openssl pkcs8 -topk8 -nocrypt) and protect the file with its permissions");
                case "EC PRIVATE KEY":
                    throw ConfigException.badValue(key, file, "SEC1 EC keys are not read; convert it to PKCS#8 " +
                        "(openssl pkcs8 -topk8 -nocrypt)");
                default:
                    break;
            }
        }
        throw ConfigException.badValue(key, file, "no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block in the file");
    }

    private static PrivateKey pkcs8(final String key, final String file, final byte[] der)
    {
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (final String algorithm : new String[] {"RSA", "EC"})
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            }
            catch (final GeneralSecurityException ex)
            {
                // try the next algorithm: PKCS#8 names its algorithm, but reading the OID is the factory's job
            }
        }
        throw ConfigException.badValue(key, file, "not an RSA or EC private key the JDK can read");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as an octet string. */
    static byte[] pkcs1ToPkcs8(final byte[] pkcs1)
    {
        final byte[] octets = tagged(0x04, pkcs1);
        final byte[] body = new byte[3 + RSA_ALGORITHM.length + octets.length];
        body[0] = 0x02;
        body[1] = 0x01;
        body[2] = 0x00;
        System.arraycopy(RSA_ALGORITHM, 0, body, 3, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, 3 + RSA_ALGORITHM.length, octets.length);
        return tagged(0x30, body);
    }

    private static byte[] tagged(final int tag, final byte[] body)
    {
        final int length = body.length;
        final int lengthBytes = length < 0x80 ? 0 : (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        final byte[] out = new byte[2 + lengthBytes + length];
        out[0] = (byte)tag;
        if (lengthBytes == 0)
        {
            out[1] = (byte)length;
        }
        else
        {
            out[1] = (byte)(0x80 | lengthBytes);
            for (int i = 0; i < lengthBytes; i++)
            {
                out[2 + i] = (byte)(length >>> (8 * (lengthBytes - 1 - i)));
            }
        }
        System.arraycopy(body, 0, out, 2 + lengthBytes, length);
        return out;
    }

    private static List<Block> blocks(final String key, final String file)
    {
        final String text;
        try
        {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw ConfigException.badValue(key, file, "cannot read it (" + ex.getClass().getSimpleName() + ")");
        }
        final List<Block> blocks = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(BEGIN, at)) >= 0)
        {
            final int typeEnd = text.indexOf("-----", at + BEGIN.length());
            if (typeEnd < 0)
            {
                break;
            }
            final String type = text.substring(at + BEGIN.length(), typeEnd);
            final String endMarker = END + type + "-----";
            final int end = text.indexOf(endMarker, typeEnd);
            if (end < 0)
            {
                throw ConfigException.badValue(key, file, "the " + type + " block has no " + endMarker + " line");
            }
            final String body = text.substring(typeEnd + 5, end);
            if (body.contains(":"))
            {
                // RFC 1421 headers (Proc-Type, DEK-Info) mean an OpenSSL-encrypted key
                throw ConfigException.badValue(key, file, "the " + type + " block is encrypted; store the key without a pass phrase");
            }
            try
            {
                blocks.add(new Block(type, Base64.getMimeDecoder().decode(body)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw ConfigException.badValue(key, file, "the " + type + " block is not base64");
            }
            at = end + endMarker.length();
        }
        return blocks;
    }

    private static final class Block
    {
        final String type;
        final byte[] der;

        Block(final String type, final byte[] der)
        {
            this.type = type;
            this.der = der;
        }
    }
}
