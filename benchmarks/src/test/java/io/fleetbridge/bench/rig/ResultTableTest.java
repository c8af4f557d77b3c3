package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTableTest
{
    private static final long ONE_SECOND_NS = 1_000_000_000L;

    private static CellResult row(final String name, final CellResult.Kind kind, final long landedInWindow)
    {
        return new CellResult(name, kind, landedInWindow,
            new CpuMeter.Window(2 * ONE_SECOND_NS, ONE_SECOND_NS, ONE_SECOND_NS / 2, 3 * ONE_SECOND_NS, 0,
                ONE_SECOND_NS / 5, ONE_SECOND_NS / 10, 0, 0), 1000,
            1_000_000, 990_000, 9_000, "");
    }

    @Test
    void shouldDivideEveryRowByBothCeilingsOfItsTable()
    {
        final String table = ResultTable.render("t", List.of(
            row("a", CellResult.Kind.PUBLISH_CEILING, 200_000),
            row("b", CellResult.Kind.BRIDGE_CEILING, 100_000),
            row("x", CellResult.Kind.MEASURED, 50_000)));

        assertTrue(table.contains("| a | 100,000 | 100.0 | 1.00 | 2.00 |"), table);
        assertTrue(table.contains("| b | 50,000 | 50.0 | 0.50 | 1.00 |"), table);
        assertTrue(table.contains("| x | 25,000 | 25.0 | 0.25 | 0.50 |"), table);
    }

    @Test
    void shouldReportCoresAsCpuOverWallTimeOfTheWindow()
    {
        final CellResult result = row("x", CellResult.Kind.MEASURED, 1);

        assertEquals(0.5, result.window().jvmCores(), 1e-9);
        assertEquals(0.25, result.window().sourceCores(), 1e-9);
        assertEquals(1.5, result.window().serverCores(), 1e-9);
        assertTrue(ResultTable.render("t", List.of(result)).contains("| 0.50 (0.25) | 0.10 / 0.05 | 1.50 | 1,000,000 | 9,000 | 1,000 |"));
    }

    @Test
    void shouldCountAsLostOnlyWhatNeitherLandedNorWasDropped()
    {
        assertEquals(1_000, row("x", CellResult.Kind.MEASURED, 1).lost());
    }

    @Test
    void shouldShowDashWhenTheTableHasNoSuchCeiling()
    {
        final String table = ResultTable.render("t", List.of(row("x", CellResult.Kind.MEASURED, 10)));

        assertTrue(table.contains("| x | 5 | 0.0 | – | – |"), table);
    }

    @Test
    void shouldFlagASuspectRow()
    {
        final CellResult suspect = new CellResult("x", CellResult.Kind.MEASURED, 1, new CpuMeter.Window(ONE_SECOND_NS, 0, 0, 0, 0, 0, 0, 0, 0), 1,
            1, 1, 0, "drain timed out");

        assertTrue(ResultTable.render("t", List.of(suspect)).contains("⚠ drain timed out |"));
    }
}
