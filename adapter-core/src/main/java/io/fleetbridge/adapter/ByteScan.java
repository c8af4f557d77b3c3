package io.fleetbridge.adapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the end of a run of bytes that need no attention, eight bytes per step (SWAR: the
 * classic "has a zero byte" and "has a byte below n" bit tricks on a little-endian long).
 * Registration payloads are kilobytes of plain base64, so almost all the codec's time is
 * spent in these runs. Stateless and allocation free.
 *
 * <p>For each test the lowest flagged bit is always a true hit (borrows only travel upwards,
 * past a real hit), so {@code numberOfTrailingZeros / 8} is the exact index. The scans that also
 * stop at bytes above 0x7F test a byte for zero as {@code v - 1} alone, without the usual
 * {@code & ~v}, and need no test of their own for those bytes: {@code x - 0x20} flags 0xA0 and up
 * (as well as the control bytes), and the first equality test flags 0x80 to 0x9F, whose high bit
 * its xor keeps and whose {@code - 1} cannot clear (only 0xA2, and in {@link #plainCandidate} 0xA6,
 * become 0x80 there: both above 0x9F). Three operations fewer a word made the 14 KiB decode about
 * a sixth faster; {@code ByteScanTest} tries every byte value in every position.
 *
 * <p>Each word loop is a counted {@code for} loop to an end computed before it, a shape C2
 * unrolls and takes the array's bounds checks out of: written {@code while (i + 8 <= to)}, the
 * same plain scan took about 1.5 times as long over a 14 KiB registration's 19 KB of base64.
 */
final class ByteScan
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long CONTROLS = ONES * 0x20;
    private static final long FOURS = ONES * 4;
    private static final long AMPERSANDS = ONES * '&';
    private static final long ANGLE_BITS = ONES * 0x62;
    private static final long TILDES = ONES * '~';

    private ByteScan()
    {
    }

    /**
     * First index in [from, to) of '"', '\\', a byte below 0x20 or one above 0x7F (what ends a
     * run that a JSON string can copy as is); {@code to} when none.
     */
    static int stringRunEnd(final byte[] b, final int from, final int to)
    {
        int i = from;
        for (final int last = to - 8; i <= last; i += 8)
        {
            final long x = (long) LONGS.get(b, i);
            // x - CONTROLS flags a byte below 0x20 or above 0x9F, the quote test one from 0x80 to
            // 0x9F as well (see the class comment)
            final long hit = (((x ^ QUOTES) - ONES) | ((x ^ BACKSLASHES) - ONES) | (x - CONTROLS)) & HIGHS;
            if (hit != 0)
            {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < to; i++)
        {
            final int c = b[i] & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7F)
            {
                return i;
            }
        }
        return to;
    }

    /** First index in [from, to) of '"'; {@code to} when none. */
    static int quoteEnd(final byte[] b, final int from, final int to)
    {
        int i = from;
        for (final int last = to - 8; i <= last; i += 8)
        {
            final long hit = zero((long) LONGS.get(b, i) ^ QUOTES);
            if (hit != 0)
            {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        while (i < to && b[i] != '"')
        {
            i++;
        }
        return i;
    }

    /** First index in [from, to) of a byte Go's JSON encoder does not copy as is; {@code to} when none. */
    static int plainRunEnd(final byte[] b, final int from, final int to)
    {
        int i = from;
        while (true)
        {
            final int candidate = plainCandidate(b, i, to);
            if (candidate >= to || goEscapes(b[candidate]))
            {
                return candidate;
            }
            // '^', '|' or '~', which the word test cannot tell from '<', '>' and '\\': plain after all
            i = candidate + 1;
        }
    }

    /** Whether Go's JSON encoder writes byte {@code c} other than as itself. */
    private static boolean goEscapes(final byte c)
    {
        return c == '"' || c == '\\' || (c & 0xFF) < 0x20 || c == '<' || c == '>' || c == '&' || c < 0;
    }

    /**
     * First index in [from, to) of a byte Go escapes, or of '^', '|' or '~'; {@code to} when none. Two tests
     * cover five bytes: x | 4 is '&' only for '"' and '&', and x | 0x62 is '~' only for '<', '>', '\\', '^',
     * '|', '~' and two control bytes. One test fewer than telling them apart made the scan about a fifth
     * faster, and base64 has none of the three extra bytes.
     */
    private static int plainCandidate(final byte[] b, final int from, final int to)
    {
        int i = from;
        for (final int last = to - 8; i <= last; i += 8)
        {
            final long x = (long) LONGS.get(b, i);
            final long hit = ((((x | FOURS) ^ AMPERSANDS) - ONES) | (((x | ANGLE_BITS) ^ TILDES) - ONES) | (x - CONTROLS)) & HIGHS;
            if (hit != 0)
            {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < to; i++)
        {
            if (goEscapes(b[i]))
            {
                return i;
            }
        }
        return to;
    }

    /** High bit set in each byte of {@code v} that is zero (exact for the lowest such byte). */
    private static long zero(final long v)
    {
        return (v - ONES) & ~v & HIGHS;
    }
}
