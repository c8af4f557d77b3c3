package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What a {@code pubcert} says, whatever way it is written: the base64 alphabet characters of each
 * {@code CERTIFICATE} block, the blocks joined by a dot. The key {@link TrustedSigners} remembers a
 * validated chain under.
 *
 * <p>Why not the bytes as they arrive: the certificate parser skips text before, between and after
 * the blocks and anything outside the alphabet inside them (as Go's {@code pem.Decode} skips text
 * around a block), so one certificate can be sent in endlessly many spellings. Keyed by the
 * spelling, each was a cache miss, a full path validation and a new entry of up to 32 KiB, and
 * anyone holding one fleet certificate (or a copy of one from the subject) could fill the heap
 * without a private key. Keyed by this, every spelling of a chain is one entry.
 *
 * <p>A chain is cached only when its key is exactly its certificates' encodings ({@link #matches}),
 * so an entry stands for the certificates validated, never for text around them. Stateless; {@link
 * #of} writes into the caller's buffer and allocates only when it grows.
 */
final class CertificateKey
{
    private static final byte[] BEGIN = "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte SEPARATOR = '.';

    private CertificateKey()
    {
    }

    /** The key of the PEM text {@code pem[from, from + length)} into {@code out}; its length, 0 when it has no whole block. */
    static int of(final byte[] pem, final int from, final int length, final ScratchBuffer out)
    {
        final byte[] key = out.ensure(length);
        final int end = from + length;
        int n = 0;
        int at = from;
        while ((at = indexOf(pem, at, end, BEGIN)) >= 0)
        {
            final int close = indexOf(pem, at + BEGIN.length, end, END);
            if (close < 0)
            {
                break;
            }
            if (n > 0)
            {
                key[n++] = SEPARATOR;
            }
            for (int i = at + BEGIN.length; i < close; i++)
            {
                final byte b = pem[i];
                if (alphabet(b))
                {
                    key[n++] = b;
                }
            }
            at = close + END.length;
        }
        return n;
    }

    /** Whether {@code key[0, length)} is exactly {@code chain}'s encodings, in order: only then may it stand for them. */
    static boolean matches(final List<X509Certificate> chain, final byte[] key, final int length)
    {
        final Base64.Encoder base64 = Base64.getEncoder();
        int at = 0;
        try
        {
            for (int c = 0; c < chain.size(); c++)
            {
                if (c > 0)
                {
                    if (at >= length || key[at++] != SEPARATOR)
                    {
                        return false;
                    }
                }
                final byte[] encoded = base64.encode(chain.get(c).getEncoded());
                if (length - at < encoded.length || !Arrays.equals(key, at, at + encoded.length, encoded, 0, encoded.length))
                {
                    return false;
                }
                at += encoded.length;
            }
        }
        catch (final CertificateEncodingException ex)
        {
            return false;
        }
        return at == length;
    }

    private static boolean alphabet(final byte b)
    {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '=';
    }

    private static int indexOf(final byte[] src, final int from, final int to, final byte[] what)
    {
        final int last = to - what.length;
        for (int i = from; i <= last; i++)
        {
            if (src[i] == what[0] && Arrays.equals(src, i, i + what.length, what, 0, what.length))
            {
                return i;
            }
        }
        return -1;
    }
}
