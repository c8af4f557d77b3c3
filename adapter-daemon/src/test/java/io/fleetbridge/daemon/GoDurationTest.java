package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GoDurationTest
{
    @Test
    void shouldReadGoDurations()
    {
        assertEquals(500, GoDuration.parseMs("500ms"));
        assertEquals(2_000, GoDuration.parseMs("2s"));
        assertEquals(300_000, GoDuration.parseMs("5m"));
        assertEquals(3_600_000, GoDuration.parseMs("1h"));
        assertEquals(90_000, GoDuration.parseMs("1m30s"));
        assertEquals(5_400_000, GoDuration.parseMs("1.5h"));
        assertEquals(2, GoDuration.parseMs("1500us"));
        assertEquals(1, GoDuration.parseMs("1000000ns"));
        assertEquals(3_723_004, GoDuration.parseMs("1h2m3s4ms"));
    }

    @Test
    void shouldReadPlainNumberAsSeconds()
    {
        assertEquals(30_000, GoDuration.parseMs("30"));
        assertEquals(0, GoDuration.parseMs("0"));
    }

    @Test
    void shouldRefuseWhatGoRefuses()
    {
        for (final String bad : new String[] {"", "s", "-1s", "1.2.3s", "1d1h", "1 s", "ms5", "1e3s", ".s", "999999999999999h", "d",
            "1m2M", "infd", "0x1p2d", "1e30y"})
        {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parseMs(bad), bad);
        }
    }

    @Test
    void shouldReadChoriasLongUnitsInWholeHoursAsChoriaDoes()
    {
        // go-choria's util.ParseDuration: one number and d, w, M (30 days) or y (365 days), truncated to whole hours
        assertEquals(86_400_000L, GoDuration.parseMs("1d"));
        assertEquals(86_400_000L, GoDuration.parseMs("1D"));
        assertEquals(36 * 3_600_000L, GoDuration.parseMs("1.5d"));
        assertEquals(2 * 3_600_000L, GoDuration.parseMs("0.1d"), "2.4 hours, truncated");
        assertEquals(14 * 86_400_000L, GoDuration.parseMs("2w"));
        assertEquals(30 * 86_400_000L, GoDuration.parseMs("1M"));
        assertEquals(365 * 86_400_000L, GoDuration.parseMs("1y"));
        assertEquals(60_000L, GoDuration.parseMs("1m"), "m stays minutes");
        // Go's float syntax, and its float32 rounding before the multiplication: 0.35 months is 251 hours there, not 252
        assertEquals(12 * 3_600_000L, GoDuration.parseMs(".5d"));
        assertEquals(10 * 86_400_000L, GoDuration.parseMs("1e1d"));
        assertEquals(251 * 3_600_000L, GoDuration.parseMs("0.35M"));
        assertEquals(1532 * 3_600_000L, GoDuration.parseMs("0.175y"));
    }

    @Test
    void shouldFormatWhatItReadsBack()
    {
        for (final long ms : new long[] {0, 1, 500, 1_000, 1_500, 2_000, 60_000, 90_000, 300_000, 3_600_000, 3_723_004, 86_400_000})
        {
            assertEquals(ms, GoDuration.parseMs(GoDuration.format(ms)), () -> GoDuration.format(ms));
        }
        assertEquals("5m", GoDuration.format(300_000));
        assertEquals("1m30s", GoDuration.format(90_000));
        assertEquals("1.5s", GoDuration.format(1_500));
        assertEquals("500ms", GoDuration.format(500));
    }
}
