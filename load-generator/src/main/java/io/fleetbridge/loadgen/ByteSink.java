package io.fleetbridge.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that the message builders append JSON fragments to.
 *
 * <p>Not thread safe: each publisher and the verifier own their sinks and reuse them for every
 * message, so after the first few messages nothing here allocates except {@link #toByteArray()},
 * which makes the exact-size copy that jnats may keep until its writer has sent it.
 */
final class ByteSink
{
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    ByteSink(final int initialCapacity)
    {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int length()
    {
        return len;
    }

    byte[] array()
    {
        return buf;
    }

    ByteSink clear()
    {
        len = 0;
        return this;
    }

    byte[] toByteArray()
    {
        return Arrays.copyOf(buf, len);
    }

    /** True when this sink holds exactly {@code other[0, otherLength)}. */
    boolean contentEquals(final byte[] other, final int otherLength)
    {
        return Arrays.equals(buf, 0, len, other, 0, otherLength);
    }

    private void ensure(final int extra)
    {
        if (len + extra > buf.length)
        {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteSink append(final byte b)
    {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** Appends ASCII text; callers pass only ASCII, so one char is one byte. */
    ByteSink ascii(final CharSequence text)
    {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            buf[len++] = (byte)text.charAt(i);
        }
        return this;
    }

    ByteSink bytes(final byte[] src)
    {
        return bytes(src, 0, src.length);
    }

    ByteSink bytes(final byte[] src, final int off, final int n)
    {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends a non-negative or negative decimal without going through a String. */
    ByteSink decimal(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return ascii(Long.toString(value));
        }
        long v = value;
        if (v < 0)
        {
            append((byte)'-');
            v = -v;
        }
        final int digits = digits(v);
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--)
        {
            buf[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** Appends {@code value} in decimal, left padded with zeros to {@code width} digits. */
    ByteSink zeroPadded(final long value, final int width)
    {
        for (int i = digits(value); i < width; i++)
        {
            append((byte)'0');
        }
        return decimal(value);
    }

    /** Appends the low {@code nibbles} hex digits of {@code value}, most significant first. */
    ByteSink hex(final long value, final int nibbles)
    {
        ensure(nibbles);
        for (int i = nibbles - 1; i >= 0; i--)
        {
            buf[len++] = HEX[(int)(value >>> (i * 4)) & 0xF];
        }
        return this;
    }

    static int digits(final long v)
    {
        int d = 1;
        long x = v;
        while (x >= 10)
        {
            x /= 10;
            d++;
        }
        return d;
    }

    /** Appends standard, padded base64 of the whole of {@code src}. */
    ByteSink base64(final ByteSink src)
    {
        return base64(src.buf, 0, src.len);
    }

    ByteSink base64(final byte[] src, final int off, final int n)
    {
        ensure(((n + 2) / 3) * 4);
        final byte[] out = buf;
        int o = len;
        int i = off;
        final int end = off + n;
        while (end - i >= 3)
        {
            final int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            out[o++] = BASE64[bits >>> 18];
            out[o++] = BASE64[(bits >>> 12) & 0x3F];
            out[o++] = BASE64[(bits >>> 6) & 0x3F];
            out[o++] = BASE64[bits & 0x3F];
            i += 3;
        }
        final int rest = end - i;
        if (rest > 0)
        {
            final int bits = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            out[o++] = BASE64[bits >>> 18];
            out[o++] = BASE64[(bits >>> 12) & 0x3F];
            out[o++] = rest == 2 ? BASE64[(bits >>> 6) & 0x3F] : (byte)'=';
            out[o++] = '=';
        }
        len = o;
        return this;
    }

    /**
     * Appends the content of a JSON string literal (without quotes) holding {@code src}, escaped as
     * Go's encoder escapes it for the characters the generator produces: quote, backslash and
     * control characters. The generator never emits {@code <>&} or non-ASCII, where Go would
     * differ from a plain escaper.
     */
    ByteSink jsonEscaped(final ByteSink src)
    {
        return jsonEscaped(src.buf, 0, src.len);
    }

    ByteSink jsonEscaped(final byte[] src, final int off, final int n)
    {
        ensure(n + 16);
        for (int i = off; i < off + n; i++)
        {
            final byte b = src[i];
            switch (b)
            {
                case '"': append((byte)'\\').append((byte)'"'); break;
                case '\\': append((byte)'\\').append((byte)'\\'); break;
                case '\n': append((byte)'\\').append((byte)'n'); break;
                case '\r': append((byte)'\\').append((byte)'r'); break;
                case '\t': append((byte)'\\').append((byte)'t'); break;
                default:
                    if (b >= 0 && b < 0x20)
                    {
                        ascii("\\u00").hex(b, 2);
                    }
                    else
                    {
                        append(b);
                    }
            }
        }
        return this;
    }

    @Override
    public String toString()
    {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
