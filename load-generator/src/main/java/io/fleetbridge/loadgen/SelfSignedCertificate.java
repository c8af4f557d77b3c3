package io.fleetbridge.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A minimal X.509 v3 self-signed certificate (sha256WithRSA, CN only, no extensions) written
 * in DER by hand, because the JDK has no public API to make one and the generator only needs a
 * well-formed {@code pubcert} for its signed v1 requests.
 *
 * <p>Stateless; used once at start.
 */
final class SelfSignedCertificate
{
    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2A, (byte)0x86, 0x48, (byte)0x86, (byte)0xF7, 0x0D,
        0x01, 0x01, 0x0B, 0x05, 0x00};
    private static final byte[] OID_COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
        .withZone(ZoneOffset.UTC);

    private SelfSignedCertificate()
    {
    }

    /** The DER encoding of a certificate for {@code commonName}, valid from now for a year. */
    static byte[] der(final KeyPair keys, final String commonName, final Instant now) throws GeneralSecurityException
    {
        final byte[] name = tlv(0x30, tlv(0x31, tlv(0x30, concat(OID_COMMON_NAME,
            tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8))))));
        final byte[] validity = tlv(0x30, concat(utcTime(now.minusSeconds(3600)), utcTime(now.plusSeconds(365L * 86400))));
        final byte[] tbs = tlv(0x30, concat(
            tlv(0xA0, tlv(0x02, new byte[] {2})),
            tlv(0x02, new byte[] {1, (byte)(now.getEpochSecond() & 0x7F)}),
            tlv(0x30, SHA256_WITH_RSA),
            name,
            validity,
            name,
            keys.getPublic().getEncoded()));
        final Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        final byte[] signature = signer.sign();
        final byte[] bitString = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        return tlv(0x30, concat(tbs, tlv(0x30, SHA256_WITH_RSA), tlv(0x03, bitString)));
    }

    static String pem(final byte[] der)
    {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] utcTime(final Instant at)
    {
        return tlv(0x17, UTC_TIME.format(at).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] tlv(final int tag, final byte[] value)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        final int n = value.length;
        if (n < 0x80)
        {
            out.write(n);
        }
        else if (n < 0x100)
        {
            out.write(0x81);
            out.write(n);
        }
        else if (n < 0x10000)
        {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        }
        else
        {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
