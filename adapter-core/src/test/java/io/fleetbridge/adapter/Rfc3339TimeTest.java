package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc3339TimeTest
{
    private static String format(final long seconds, final int nanos)
    {
        final byte[] d = new byte[Rfc3339Time.length(nanos)];
        assertEquals(d.length, Rfc3339Time.write(seconds, nanos, d, 0));
        return new String(d, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldPrintCalendarEdgesAsGoDoes()
    {
        assertEquals("2018-03-03T14:49:17Z", format(1_520_088_557L, 0));
        assertEquals("2018-03-03T14:49:17.1234Z", format(1_520_088_557L, 123_400_000));
        assertEquals("1970-01-01T00:00:00Z", format(0, 0));
        assertEquals("1970-01-01T00:00:00.1Z", format(0, 100_000_000));
        assertEquals("1970-01-01T00:00:00.12Z", format(0, 120_000_000));
        assertEquals("1970-01-01T00:00:00.999999999Z", format(0, 999_999_999));
        assertEquals("1969-12-31T23:59:59Z", format(-1, 0));
        assertEquals("2000-02-29T00:00:00Z", format(951_782_400L, 0));
        assertEquals("1972-03-01T00:00:00Z", format(68_256_000L, 0));
        assertEquals("2100-02-28T00:00:00Z", format(4_107_456_000L, 0));
        assertEquals("2100-03-01T00:00:00Z", format(4_107_542_400L, 0));
        assertEquals("0001-01-01T00:00:00Z", format(-62_135_596_800L, 0));
        assertEquals("0000-01-01T00:00:00Z", format(TransportDecoder.MIN_SECONDS, 0));
        assertEquals("9999-12-31T23:59:59Z", format(TransportDecoder.MAX_SECONDS, 0));
    }

    @Test
    void shouldAgreeWithJavaTimeOverTheWholeRange()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
        for (int k = 0; k < 20_000; k++)
        {
            final long s = random.nextLong(TransportDecoder.MIN_SECONDS, TransportDecoder.MAX_SECONDS + 1);
            final int nanos = random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
            String fraction = nanos == 0 ? "" : String.format(".%09d", nanos).replaceAll("0+$", "");
            final String expected = seconds.format(Instant.ofEpochSecond(s, nanos)) + fraction + "Z";
            assertEquals(expected, format(s, nanos), "seed " + seed + " seconds " + s + " nanos " + nanos);
        }
    }
}
