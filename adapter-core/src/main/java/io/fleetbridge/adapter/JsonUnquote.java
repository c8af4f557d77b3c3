package io.fleetbridge.adapter;

/**
 * Decodes the content of a JSON string, as Go's {@code encoding/json} does when it fills a Go
 * string: escapes resolved, {@code \\uXXXX} surrogate pairs joined into one UTF-8 sequence, a
 * lone or mismatched surrogate replaced by U+FFFD, and every byte of invalid UTF-8 replaced by
 * U+FFFD (three bytes), so that what the encoder later writes matches the Go adapter's bytes.
 *
 * <p>Stateless; writes into the caller's {@link ScratchBuffer}, which grows only when the
 * replacements make the output longer than the input. {@link #unquote} takes a range that
 * {@link JsonCursor#readString} has validated; {@link #unquoteString} validates as it goes.
 */
final class JsonUnquote
{
    private JsonUnquote()
    {
    }

    /** Unquotes {@code src[from, to)} into {@code dst} from its start; returns and records the length. */
    static int unquote(final byte[] src, final int from, final int to, final ScratchBuffer dst)
    {
        unquoteString(src, from, to, dst);
        return dst.length();
    }

    /**
     * Unquotes string content from {@code from} up to its closing quote, or up to {@code limit}
     * when there is none, into {@code dst} from its start, checking the escapes on the way (the
     * one loop for both {@link #unquote} and {@link JsonCursor#readStringInto}).
     *
     * <p>{@code dst} is marked {@link ScratchBuffer#plain} when the content was copied as it was and
     * holds nothing Go's JSON encoder would escape: a registration's base64 is then written into the
     * envelope without another look.
     *
     * @return -1 for a syntax error (a control byte, or an unknown or cut-off escape); else the
     *         index where it stopped (the closing quote, or {@code limit}) shifted left by one, with
     *         the low bit set when anything was unescaped or not ASCII
     */
    static long unquoteString(final byte[] src, final int from, final int limit, final ScratchBuffer dst)
    {
        return unquoteString(src, from, limit, dst, 0, 0);
    }

    /**
     * {@link #unquoteString(byte[], int, int, ScratchBuffer)} for input whose {@code [plainFrom, plainTo)}
     * is known to be a plain run ({@link ScratchBuffer#plainRun}): the scan starts again after it.
     * Either way the longest run copied as is is recorded in {@code dst}, for the next reader.
     */
    static long unquoteString(final byte[] src, final int from, final int limit, final ScratchBuffer dst,
        final int plainFrom, final int plainTo)
    {
        byte[] d = dst.ensure(limit - from);
        int longestFrom = 0;
        int longestTo = 0;
        int w = 0;
        int i = from;
        boolean escaped = false;
        // '<', '>' and '&' need no unquoting but Go's encoder escapes them: seen here, so that the
        // encoder need not scan content this loop found plain (ScratchBuffer#plainLength)
        boolean html = false;
        // invariant: d.length >= w + (limit - i); every step below writes no more than it reads,
        // except an invalid byte, which writes three for one and checks room first
        while (true)
        {
            final int run = ByteScan.plainRunEnd(src, i >= plainFrom && i < plainTo ? Math.min(plainTo, limit) : i, limit);
            if (run - i > longestTo - longestFrom)
            {
                longestFrom = w;
                longestTo = w + run - i;
            }
            System.arraycopy(src, i, d, w, run - i);
            w += run - i;
            i = run;
            if (i >= limit || src[i] == '"')
            {
                break;
            }
            final int c = src[i];
            if (c == '<' || c == '>' || c == '&')
            {
                html = true;
                d[w++] = (byte)c;
                i++;
                continue;
            }
            escaped = true;
            if (c < 0)
            {
                // a UTF-8 sequence cannot contain the closing quote, so the limit serves as the string's end
                final int length = GoUtf8.sequenceLength(src, i, limit);
                if (length == 0)
                {
                    final int needed = w + 3 + (limit - i - 1);
                    if (needed > d.length)
                    {
                        d = dst.grow(w, needed);
                    }
                    w = writeUtf8(d, w, 0xFFFD);
                    i++;
                }
                else
                {
                    for (int k = 0; k < length; k++)
                    {
                        d[w++] = src[i++];
                    }
                }
                continue;
            }
            if (c != '\\' || i + 1 >= limit)
            {
                return -1;
            }
            final int e = src[i + 1];
            if (e == 'u')
            {
                int rune = i + 6 > limit ? -1 : hex4(src, i + 2);
                if (rune < 0)
                {
                    return -1;
                }
                i += 6;
                if (rune >= 0xD800 && rune < 0xE000)
                {
                    // a valid low surrogate escape right after joins the pair; anything else is checked on the next turn
                    final int low = rune < 0xDC00 && i + 6 <= limit && src[i] == '\\' && src[i + 1] == 'u' ? hex4(src, i + 2) : -1;
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
            else if (isSimpleEscape(e))
            {
                d[w++] = simpleEscape(e);
                i += 2;
            }
            else
            {
                return -1;
            }
        }
        if (escaped || html)
        {
            dst.length(w);
        }
        else
        {
            dst.plainLength(w);
        }
        dst.plainRun(longestFrom, longestTo);
        return ((long)i << 1) | (escaped ? 1 : 0);
    }

    static boolean isSimpleEscape(final int e)
    {
        return e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't';
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
