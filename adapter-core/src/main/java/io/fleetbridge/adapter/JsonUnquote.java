package io.fleetbridge.adapter;

/**
 * Decodes the content of a JSON string, as Go's {@code encoding/json} does when it fills a Go
 * string: escapes resolved, {@code \\uXXXX} surrogate pairs joined into one UTF-8 sequence, a
 * lone or mismatched surrogate replaced by U+FFFD, and every byte of invalid UTF-8 replaced by
 * U+FFFD (three bytes), so that what the encoder later writes matches the Go adapter's bytes.
 *
 * <p>Stateless; writes into the caller's {@link ScratchBuffer}, which grows only when the
 * replacements make the output longer than the input. The range must have been validated by
 * {@link JsonCursor#readString}: escapes are not checked again.
 */
final class JsonUnquote
{
    private JsonUnquote()
    {
    }

    /** Unquotes {@code src[from, to)} into {@code dst} from its start; returns and records the length. */
    static int unquote(final byte[] src, final int from, final int to, final ScratchBuffer dst)
    {
        byte[] d = dst.ensure(to - from);
        int w = 0;
        int i = from;
        // invariant: d.length >= w + (to - i); every step below writes no more than it reads,
        // except an invalid byte, which writes three for one and checks room first
        while (i < to)
        {
            final int run = ByteScan.asciiRunEnd(src, i, to);
            if (run > i)
            {
                System.arraycopy(src, i, d, w, run - i);
                w += run - i;
                i = run;
                if (i == to)
                {
                    break;
                }
            }
            if (src[i] == '\\')
            {
                final int e = src[i + 1];
                if (e == 'u')
                {
                    int rune = hex4(src, i + 2);
                    i += 6;
                    if (rune >= 0xD800 && rune < 0xE000)
                    {
                        final int low = rune < 0xDC00 && i + 6 <= to && src[i] == '\\' && src[i + 1] == 'u' ? hex4(src, i + 2) : -1;
                        if (low >= 0xDC00 && low < 0xE000)
                        {
                            rune = 0x10000 + ((rune - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                        else
                        {
                            rune = 0xFFFD;
                        }
                    }
                    w = writeUtf8(d, w, rune);
                }
                else
                {
                    d[w++] = simpleEscape(e);
                    i += 2;
                }
            }
            else
            {
                final int length = GoUtf8.sequenceLength(src, i, to);
                if (length == 0)
                {
                    final int needed = w + 3 + (to - i - 1);
                    if (needed > d.length)
                    {
                        d = dst.grow(w, needed);
                    }
                    d[w++] = (byte) 0xEF;
                    d[w++] = (byte) 0xBF;
                    d[w++] = (byte) 0xBD;
                    i++;
                }
                else
                {
                    for (int k = 0; k < length; k++)
                    {
                        d[w++] = src[i++];
                    }
                }
            }
        }
        dst.length(w);
        return w;
    }

    /** The value of four hex digits at {@code at}, or -1 when one is not a hex digit. */
    static int hex4(final byte[] b, final int at)
    {
        int value = 0;
        for (int k = 0; k < 4; k++)
        {
            final int c = b[at + k];
            final int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    static byte simpleEscape(final int e)
    {
        switch (e)
        {
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            default: return (byte) e;
        }
    }

    static int writeUtf8(final byte[] d, final int at, final int rune)
    {
        int w = at;
        if (rune < 0x80)
        {
            d[w++] = (byte) rune;
        }
        else if (rune < 0x800)
        {
            d[w++] = (byte) (0xC0 | (rune >>> 6));
            d[w++] = (byte) (0x80 | (rune & 0x3F));
        }
        else if (rune < 0x10000)
        {
            d[w++] = (byte) (0xE0 | (rune >>> 12));
            d[w++] = (byte) (0x80 | ((rune >>> 6) & 0x3F));
            d[w++] = (byte) (0x80 | (rune & 0x3F));
        }
        else
        {
            d[w++] = (byte) (0xF0 | (rune >>> 18));
            d[w++] = (byte) (0x80 | ((rune >>> 12) & 0x3F));
            d[w++] = (byte) (0x80 | ((rune >>> 6) & 0x3F));
            d[w++] = (byte) (0x80 | (rune & 0x3F));
        }
        return w;
    }
}
