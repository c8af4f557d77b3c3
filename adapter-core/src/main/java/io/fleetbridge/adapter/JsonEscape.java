package io.fleetbridge.adapter;

/**
 * Writes bytes as the content of a JSON string exactly as Go's {@code encoding/json} (1.22 and
 * later, default HTML escaping) writes a Go string: {@code \"} and {@code \\}; {@code \b \f \n
 * \r \t}; other bytes below 0x20 as <code>&#92;u00XX</code> (lower case hex); {@code < > &} as
 * <code>&#92;u003c &#92;u003e &#92;u0026</code>; U+2028 and U+2029 as <code>&#92;u2028 &#92;u2029</code>; each byte of
 * invalid UTF-8 as <code>&#92;ufffd</code>; everything else, DEL and valid multi-byte UTF-8 included, as is.
 *
 * <p>Stateless and allocation free.
 */
final class JsonEscape
{
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    /** Escaped length of each ASCII byte. */
    private static final byte[] ASCII_LENGTH = new byte[128];

    static
    {
        for (int c = 0; c < 128; c++)
        {
            ASCII_LENGTH[c] = (byte) (c < 0x20 || c == '<' || c == '>' || c == '&' ? 6 : 1);
        }
        for (final char c : new char[] {'"', '\\', '\b', '\f', '\n', '\r', '\t'})
        {
            ASCII_LENGTH[c] = 2;
        }
    }

    private JsonEscape()
    {
    }

    /** Bytes {@link #write} produces for {@code b[from, to)}. */
    static int length(final byte[] b, final int from, final int to)
    {
        int length = 0;
        int i = from;
        while (i < to)
        {
            final int run = ByteScan.plainRunEnd(b, i, to);
            length += run - i;
            i = run;
            if (i == to)
            {
                break;
            }
            final int c = b[i] & 0xFF;
            if (c < 0x80)
            {
                length += ASCII_LENGTH[c];
                i++;
                continue;
            }
            final int n = GoUtf8.sequenceLength(b, i, to);
            if (n == 0)
            {
                length += 6;
                i++;
            }
            else
            {
                length += isLineOrParagraphSeparator(b, i, n) ? 6 : n;
                i += n;
            }
        }
        return length;
    }

    /** Writes {@code b[from, to)} escaped at {@code d[at]}; returns the index after it. */
    static int write(final byte[] b, final int from, final int to, final byte[] d, final int at)
    {
        int w = at;
        int i = from;
        while (i < to)
        {
            final int run = ByteScan.plainRunEnd(b, i, to);
            System.arraycopy(b, i, d, w, run - i);
            w += run - i;
            i = run;
            if (i == to)
            {
                break;
            }
            final int c = b[i] & 0xFF;
            if (c < 0x80)
            {
                w = writeAscii(c, d, w);
                i++;
                continue;
            }
            final int n = GoUtf8.sequenceLength(b, i, to);
            if (n == 0)
            {
                w = writeUnicodeEscape(0xFFFD, d, w);
                i++;
            }
            else if (isLineOrParagraphSeparator(b, i, n))
            {
                w = writeUnicodeEscape(b[i + 2] == (byte) 0xA8 ? 0x2028 : 0x2029, d, w);
                i += 3;
            }
            else
            {
                for (int k = 0; k < n; k++)
                {
                    d[w++] = b[i++];
                }
            }
        }
        return w;
    }

    private static int writeAscii(final int c, final byte[] d, final int at)
    {
        final char shortForm;
        switch (c)
        {
            case '"': shortForm = '"'; break;
            case '\\': shortForm = '\\'; break;
            case '\b': shortForm = 'b'; break;
            case '\f': shortForm = 'f'; break;
            case '\n': shortForm = 'n'; break;
            case '\r': shortForm = 'r'; break;
            case '\t': shortForm = 't'; break;
            default:
                if (ASCII_LENGTH[c] == 1)
                {
                    d[at] = (byte) c;
                    return at + 1;
                }
                return writeUnicodeEscape(c, d, at);
        }
        d[at] = '\\';
        d[at + 1] = (byte) shortForm;
        return at + 2;
    }

    private static int writeUnicodeEscape(final int code, final byte[] d, final int at)
    {
        d[at] = '\\';
        d[at + 1] = 'u';
        d[at + 2] = HEX[(code >>> 12) & 0xF];
        d[at + 3] = HEX[(code >>> 8) & 0xF];
        d[at + 4] = HEX[(code >>> 4) & 0xF];
        d[at + 5] = HEX[code & 0xF];
        return at + 6;
    }

    /** U+2028 and U+2029 are E2 80 A8 and E2 80 A9: valid JSON but line breaks to JavaScript. */
    private static boolean isLineOrParagraphSeparator(final byte[] b, final int i, final int n)
    {
        return n == 3 && b[i] == (byte) 0xE2 && b[i + 1] == (byte) 0x80 && (b[i + 2] == (byte) 0xA8 || b[i + 2] == (byte) 0xA9);
    }
}
