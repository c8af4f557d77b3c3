package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class GoTimeTest
{
    private static String format(final long seconds, final int nanos)
    {
        final ByteSink sink = new ByteSink(40);
        GoTime.append(sink, seconds, nanos);
        return sink.toString();
    }

    @Test
    void shouldPrintWholeSecondsWithoutFraction()
    {
        assertEquals("2018-03-03T14:49:17Z", format(1520088557L, 0));
    }

    @Test
    void shouldDropTrailingZerosOfTheFraction()
    {
        assertEquals("2018-03-03T14:49:17.1234Z", format(1520088557L, 123_400_000));
        assertEquals("2018-03-03T14:49:17.000000001Z", format(1520088557L, 1));
    }

    @Test
    void shouldAgreeWithJavaTimeOverCenturies()
    {
        for (long s = -2_000_000_000L; s < 8_000_000_000L; s += 86_399L * 37)
        {
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(s)), format(s, 0), "at " + s);
        }
    }
}
