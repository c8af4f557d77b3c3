package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeRegistrationsTest
{
    /** Three rounds: the bridge 10k, 12k, 14k msgs/s; the adapter 12k, 11k, 15k: ratios 1.20, 0.92, 1.07. */
    static LargeRegistrations large()
    {
        return new LargeRegistrations(
            List.of(bridge(10_000), bridge(12_000), bridge(14_000)),
            List.of(adapter(12_000, ""), adapter(11_000, ""), adapter(15_000, "dropped slow_consumer 7")),
            21_124);
    }

    private static CellResult bridge(final long perSecond)
    {
        return OperatorPageTest.cell("b-envelopes", CellResult.Kind.MEASURED, perSecond, 0.4, 0.1, 0.97, "");
    }

    private static CellResult adapter(final long perSecond, final String note)
    {
        return OperatorPageTest.cell("adapter", CellResult.Kind.MEASURED, perSecond, 0.6, 0.1, 0.98, note);
    }

    @Test
    void shouldPairTheRatiosByRoundRatherThanDivideTheMedians()
    {
        // medians alone: 12,000 / 12,000 = 1.00; paired by round: 1.20, 0.92, 1.07, whose median is 1.07
        assertEquals(15_000.0 / 14_000, large().medianRatio(), 1e-9);
    }

    @Test
    void shouldShowTheMedianCellOfEachWithItsCpuPerMessage()
    {
        final String section = large().render("2.15.1");

        assertTrue(section.startsWith("## 14 KiB registrations\n"), section);
        assertTrue(section.contains("transport 21,124 B"), section);
        assertTrue(section.contains("the median of 3 rounds"), section);
        // the bridge's median 12,000: (0.4 - 0.1) cores / 12,000 = 25.0 µs, the server 0.97 / 12,000 = 80.8 µs
        assertTrue(section.contains("| same-work bridge (`b-envelopes`) | 12,000 | 1.00 | 25.0 | 80.8 | 0.30 | 0.97 |"), section);
        // the adapter's median 12,000: (0.6 - 0.1) / 12,000 = 41.7 µs
        assertTrue(section.contains("| **adapter (ours)** | 12,000 | 1.00 | 41.7 | 81.7 | 0.50 | 0.98 |"), section);
        assertTrue(section.contains("paired by round: 1.07 at the median"), section);
        assertTrue(section.contains("- **adapter (ours)**, round 3, closed loop: dropped slow_consumer 7"), section);
    }

    @Test
    void shouldRefuseRoundsThatDoNotPair()
    {
        assertThrows(IllegalArgumentException.class, () -> new LargeRegistrations(List.of(bridge(1)), List.of(), 100));
        assertThrows(IllegalArgumentException.class, () -> new LargeRegistrations(List.of(), List.of(), 100));
    }
}
