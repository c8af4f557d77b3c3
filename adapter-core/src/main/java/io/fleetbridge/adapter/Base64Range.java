package io.fleetbridge.adapter;

/**
 * Decodes standard base64 (RFC 4648 alphabet, '=' padding required) from a sub-range of a byte
 * array into a {@link ScratchBuffer}: {@code java.util.Base64} cannot decode a range without a
 * copy. Accepts exactly what Go's {@code base64.StdEncoding} accepts, which is what the Go
 * reference runs on these fields: CR and LF anywhere are ignored, nothing may follow the
 * padding, and non-zero unused bits in the last quantum are tolerated.
 *
 * <p>Stateless; allocation free once the buffer is large enough.
 */
final class Base64Range
{
    private static final byte INVALID = -1;
    private static final byte NEWLINE = -2;
    private static final byte PAD = -3;
    private static final byte[] VALUES = new byte[256];

    static
    {
        java.util.Arrays.fill(VALUES, INVALID);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int k = 0; k < alphabet.length(); k++)
        {
            VALUES[alphabet.charAt(k)] = (byte) k;
        }
        VALUES['\r'] = NEWLINE;
        VALUES['\n'] = NEWLINE;
        VALUES['='] = PAD;
    }

    private Base64Range()
    {
    }

    /** Decodes {@code src[from, to)} into {@code dst}; returns the length, or -1 when the input is not valid. */
    static int decode(final byte[] src, final int from, final int to, final ScratchBuffer dst)
    {
        final byte[] d = dst.ensure((to - from) / 4 * 3 + 3);
        int w = 0;
        int i = from;
        while (i + 4 <= to)
        {
            final int a = VALUES[src[i] & 0xFF];
            final int b = VALUES[src[i + 1] & 0xFF];
            final int c = VALUES[src[i + 2] & 0xFF];
            final int e = VALUES[src[i + 3] & 0xFF];
            if ((a | b | c | e) < 0)
            {
                break;
            }
            final int bits = (a << 18) | (b << 12) | (c << 6) | e;
            d[w] = (byte) (bits >>> 16);
            d[w + 1] = (byte) (bits >>> 8);
            d[w + 2] = (byte) bits;
            w += 3;
            i += 4;
        }
        // the rest, one character at a time: newlines, padding, or an error
        int bits = 0;
        int count = 0;
        for (; i < to; i++)
        {
            final int v = VALUES[src[i] & 0xFF];
            if (v >= 0)
            {
                bits = (bits << 6) | v;
                if (++count == 4)
                {
                    d[w] = (byte) (bits >>> 16);
                    d[w + 1] = (byte) (bits >>> 8);
                    d[w + 2] = (byte) bits;
                    w += 3;
                    bits = 0;
                    count = 0;
                }
            }
            else if (v == PAD)
            {
                return padded(src, i, to, bits, count, d, w, dst);
            }
            else if (v != NEWLINE)
            {
                return -1;
            }
        }
        if (count != 0)
        {
            return -1;
        }
        dst.length(w);
        return w;
    }

    private static int padded(final byte[] src, final int at, final int to, final int bits, final int count,
        final byte[] d, final int w, final ScratchBuffer dst)
    {
        if (count < 2)
        {
            return -1;
        }
        int i = at + 1;
        if (count == 2)
        {
            while (i < to && VALUES[src[i] & 0xFF] == NEWLINE)
            {
                i++;
            }
            if (i >= to || src[i] != '=')
            {
                return -1;
            }
            i++;
        }
        for (; i < to; i++)
        {
            if (VALUES[src[i] & 0xFF] != NEWLINE)
            {
                return -1;
            }
        }
        int length = w;
        if (count == 2)
        {
            d[length++] = (byte) (bits >>> 4);
        }
        else
        {
            d[length++] = (byte) (bits >>> 10);
            d[length++] = (byte) (bits >>> 2);
        }
        dst.length(length);
        return length;
    }
}
