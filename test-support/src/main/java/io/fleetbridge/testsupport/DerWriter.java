package io.fleetbridge.testsupport;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings an X.509 certificate needs: each method returns one complete
 * tag-length-value. Enough for test certificates, not a general ASN.1 library. Stateless.
 */
final class DerWriter
{
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private DerWriter()
    {
    }

    static byte[] sequence(final byte[]... parts)
    {
        return tagged(0x30, concat(parts));
    }

    static byte[] set(final byte[]... parts)
    {
        return tagged(0x31, concat(parts));
    }

    static byte[] integer(final BigInteger value)
    {
        return tagged(0x02, value.toByteArray());
    }

    static byte[] bool(final boolean value)
    {
        return tagged(0x01, new byte[] {(byte)(value ? 0xFF : 0)});
    }

    static byte[] nullValue()
    {
        return new byte[] {0x05, 0x00};
    }

    static byte[] octetString(final byte[] value)
    {
        return tagged(0x04, value);
    }

    /** A BIT STRING with no unused bits. */
    static byte[] bitString(final byte[] value)
    {
        final byte[] body = new byte[value.length + 1];
        System.arraycopy(value, 0, body, 1, value.length);
        return tagged(0x03, body);
    }

    static byte[] utf8String(final String value)
    {
        return tagged(0x0C, value.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime before 2050, GeneralizedTime from then on, as RFC 5280 requires. */
    static byte[] time(final ZonedDateTime at)
    {
        final ZonedDateTime utc = at.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050 && utc.getYear() >= 1950)
        {
            return tagged(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        return tagged(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(final String dotted)
    {
        final String[] arcs = dotted.split("\\.");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++)
        {
            final long arc = Long.parseLong(arcs[i]);
            int shift = 63 - Long.numberOfLeadingZeros(arc | 1);
            shift -= shift % 7;
            for (; shift > 0; shift -= 7)
            {
                out.write((int)((arc >>> shift) & 0x7F) | 0x80);
            }
            out.write((int)(arc & 0x7F));
        }
        return tagged(0x06, out.toByteArray());
    }

    /** A context-specific constructed tag around already encoded content: {@code [n] EXPLICIT}. */
    static byte[] explicit(final int tagNumber, final byte[] content)
    {
        return tagged(0xA0 | tagNumber, content);
    }

    /** A context-specific primitive tag: {@code [n] IMPLICIT} of a primitive value. */
    static byte[] implicitPrimitive(final int tagNumber, final byte[] value)
    {
        return tagged(0x80 | tagNumber, value);
    }

    static byte[] tagged(final int tag, final byte[] body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
        out.write(tag);
        final int length = body.length;
        if (length < 0x80)
        {
            out.write(length);
        }
        else
        {
            final int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--)
            {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
