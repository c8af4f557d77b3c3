package io.fleetbridge.adapter;

/**
 * The UTF-8 validity rule of Go's {@code utf8.DecodeRune}, which both halves of the codec must
 * follow to be byte compatible with the Go reference: Go's JSON decoder replaces every byte
 * it rejects with U+FFFD, and its encoder writes each such byte as <code>&#92;ufffd</code>.
 * Overlong forms, encoded surrogates (ED A0..BF) and code points above U+10FFFF are invalid,
 * and so is a sequence cut short by the end of the range; each invalid byte counts once.
 */
final class GoUtf8
{
    private GoUtf8()
    {
    }

    /**
     * The length (1 to 4) of the valid sequence starting at {@code i}, or 0 when the byte at
     * {@code i} is invalid and stands alone.
     */
    static int sequenceLength(final byte[] b, final int i, final int end)
    {
        final int b0 = b[i] & 0xFF;
        if (b0 < 0x80)
        {
            return 1;
        }
        if (b0 < 0xC2)
        {
            return 0;
        }
        if (b0 < 0xE0)
        {
            return i + 1 < end && isContinuation(b[i + 1]) ? 2 : 0;
        }
        if (b0 < 0xF0)
        {
            if (i + 2 >= end)
            {
                return 0;
            }
            final int b1 = b[i + 1] & 0xFF;
            final int low = b0 == 0xE0 ? 0xA0 : 0x80;
            final int high = b0 == 0xED ? 0x9F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(b[i + 2]) ? 3 : 0;
        }
        if (b0 < 0xF5)
        {
            if (i + 3 >= end)
            {
                return 0;
            }
            final int b1 = b[i + 1] & 0xFF;
            final int low = b0 == 0xF0 ? 0x90 : 0x80;
            final int high = b0 == 0xF4 ? 0x8F : 0xBF;
            return b1 >= low && b1 <= high && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }
}
