package io.fleetbridge.adapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
    private static final VarHandle QUADS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle OCTETS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SEXTETS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] VALUES = new byte[256];
    /** The value of a character already shifted to its place in a quantum, -1 when it is not in the alphabet. */
    private static final int[] FIRST = new int[256];
    private static final int[] SECOND = new int[256];
    private static final int[] THIRD = new int[256];
    private static final int[] FOURTH = new int[256];

    static
    {
        java.util.Arrays.fill(VALUES, INVALID);
        java.util.Arrays.fill(FIRST, -1);
        java.util.Arrays.fill(SECOND, -1);
        java.util.Arrays.fill(THIRD, -1);
        java.util.Arrays.fill(FOURTH, -1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int k = 0; k < alphabet.length(); k++)
        {
            VALUES[alphabet.charAt(k)] = (byte) k;
            FIRST[alphabet.charAt(k)] = k << 18;
            SECOND[alphabet.charAt(k)] = k << 12;
            THIRD[alphabet.charAt(k)] = k << 6;
            FOURTH[alphabet.charAt(k)] = k;
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
        return decode(src, from, to, dst.ensure(capacity(from, to)), 0, dst);
    }

    /** Room {@link #decode(byte[], int, int, byte[], int, ScratchBuffer)} needs for {@code src[from, to)}, slack for its 8-byte stores included. */
    static int capacity(final int from, final int to)
    {
        return (to - from) / 4 * 3 + 8;
    }

    /**
     * Decodes {@code src[from, to)} to {@code d[w..]}, where {@code d} is {@code dst}'s array with
     * at least {@link #capacity} bytes from {@code w}, and sets {@code dst}'s length: the
     * continuation for a caller that has decoded the quanta before {@code from} itself.
     */
    static int decode(final byte[] src, final int from, final int to, final byte[] d, final int at, final ScratchBuffer dst)
    {
        int w = at;
        int i = from;
        // eight characters to six bytes per step, stored as one big-endian long (two bytes of slack)
        while (i + 8 <= to)
        {
            final long q = (long) OCTETS.get(src, i);
            final int high = FIRST[(int) q & 0xFF] | SECOND[(int) (q >>> 8) & 0xFF] | THIRD[(int) (q >>> 16) & 0xFF] | FOURTH[(int) (q >>> 24) & 0xFF];
            final int low = FIRST[(int) (q >>> 32) & 0xFF] | SECOND[(int) (q >>> 40) & 0xFF] | THIRD[(int) (q >>> 48) & 0xFF] | FOURTH[(int) (q >>> 56)];
            if ((high | low) < 0)
            {
                break;
            }
            SEXTETS.set(d, w, ((long) high << 40) | ((long) low << 16));
            w += 6;
            i += 8;
        }
        while (i + 4 <= to)
        {
            // one OR of pre-shifted values both assembles the quantum and flags an invalid character
            final int q = (int) QUADS.get(src, i);
            final int bits = FIRST[q & 0xFF] | SECOND[(q >>> 8) & 0xFF] | THIRD[(q >>> 16) & 0xFF] | FOURTH[q >>> 24];
            if (bits < 0)
            {
                break;
            }
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
