package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every clean run's report must say, whatever else a test checks. */
final class LoadReports
{
    private LoadReports()
    {
    }

    /** Everything sent landed exactly once, unchanged, and the run exits 0. */
    static void assertLandedCleanly(final LoadReport report, final long expectedSent)
    {
        assertEquals(expectedSent, report.sent(), report.format());
        assertEquals(expectedSent, report.landed(), report.format());
        assertEquals(0, report.missing(), report.format());
        assertEquals(0, report.duplicates(), report.format());
        assertEquals(0, report.corrupted(), report.format());
        assertEquals(0, report.exitCode(), report.format());
    }
}
