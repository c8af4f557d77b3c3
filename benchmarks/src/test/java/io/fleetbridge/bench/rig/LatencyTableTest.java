package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.LatencyRecorder;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyTableTest
{
    private static final long ONE_SECOND_NS = 1_000_000_000L;
    private static final CellResult BRIDGE = new CellResult("(b) bridge ceiling", CellResult.Kind.BRIDGE_CEILING, 280_000,
        new CpuMeter.Window(10 * ONE_SECOND_NS, 6 * ONE_SECOND_NS, ONE_SECOND_NS, 4 * ONE_SECOND_NS, 0, 0, 0, 0, 0), 3376, 400_000, 400_000, 0, "");

    private static LatencyPoint point(final double fraction, final long p99Ns, final Map<DropReason, Long> drops, final long landed)
    {
        return point("adapter (ours)", fraction, p99Ns, drops, landed);
    }

    /** A point with the given p99 and drops; every other figure fixed. Shared with {@link LatencyRoundsTest}. */
    static LatencyPoint point(
        final String variant, final double fraction, final long p99Ns, final Map<DropReason, Long> drops, final long landed)
    {
        return new LatencyPoint(variant, fraction, 14_000, 140_000, 141_000,
            new CpuMeter.Window(10 * ONE_SECOND_NS, 7 * ONE_SECOND_NS, 2 * ONE_SECOND_NS, 5 * ONE_SECOND_NS, ONE_SECOND_NS / 2,
                ONE_SECOND_NS, 3 * ONE_SECOND_NS / 10, 12 * ONE_SECOND_NS, 4 * ONE_SECOND_NS),
            new LatencySummary(140_000, 800_000, p99Ns, 9_990_000, 25_000_000),
            new LatencySummary(140_000, 500_000, 1_500_000, 5_000_000, 20_000_000),
            new LatencySummary(141_000, 60_000, 120_000, 300_000, 2_500_000),
            drops, 200_000, landed, "");
    }

    @Test
    void shouldRenderOneRowPerPointWithMillisecondsRatesAndCores()
    {
        final String table = LatencyTable.render("t", LatencyTable.measured(List.of(BRIDGE)), List.of(point(0.5, 3_210_000, Map.of(), 200_000)));

        assertTrue(table.contains("measured just before in this run (closed loop): **28,000 msgs/s**"), table);
        assertTrue(table.contains("| adapter (ours) | 0.50 | 14,000 | 14,000 (14,100) | 0.80 | 3.21 | 9.99 | 25.00 | 0.50 / 1.50 | 0 | 0 "
            + "| 0.12 / 2.50 | 0.70 (0.20) | 0.50 | 0.10 / 0.03 | 1.20 / 0.40 | 0.05 |"), table);
    }

    @Test
    void shouldTakeTheMedianOfTheBridgesWindowsAndListEachOfThem()
    {
        final CellResult fast = bridge(67_651);
        final CellResult slow = bridge(39_304);
        final CellResult middle = bridge(52_239);

        final String line = LatencyTable.measured(List.of(fast, slow, middle));

        assertEquals(middle, LatencyTable.median(List.of(fast, slow, middle)));
        assertTrue(line.contains("**52,239 msgs/s**"), line);
        assertTrue(line.endsWith(", the median of 3 windows of 67,651, 39,304, 52,239 msgs/s."), line);
        assertFalse(LatencyTable.measured(List.of(middle)).contains("median"), "one window is not a median");
    }

    /** A bridge window of 10 s that landed {@code perSecond} msgs/s. */
    private static CellResult bridge(final long perSecond)
    {
        return new CellResult("(b) bridge ceiling", CellResult.Kind.BRIDGE_CEILING, perSecond * 10,
            new CpuMeter.Window(10 * ONE_SECOND_NS, 6 * ONE_SECOND_NS, ONE_SECOND_NS, 4 * ONE_SECOND_NS, 0, 0, 0, 0, 0), 3376, 400_000, 400_000, 0, "");
    }

    @Test
    void shouldSayWhenTheCeilingWasGivenRatherThanMeasured()
    {
        final String table = LatencyTable.render("t", LatencyTable.given(30_000), List.of(point(0.5, 3_210_000, Map.of(), 200_000)));

        assertTrue(table.contains("(b) bridge ceiling given with `--ceiling`, not measured in this run: **30,000 msgs/s**"), table);
        assertFalse(table.contains("measured just before"), table);
    }

    @Test
    void shouldListDropsByReasonInTheirOrderAndCountTheRestAsLost()
    {
        final LatencyPoint overloaded = point(0.9, 1, Map.of(DropReason.SLOW_CONSUMER, 5L, DropReason.QUEUE_FULL, 1_234L,
            DropReason.INVALID, 0L), 190_000);

        assertEquals("queue_full 1,234, slow_consumer 5", LatencyTable.drops(overloaded));
        assertEquals(200_000 - 190_000 - 1_239, overloaded.lost());
    }

    @Test
    void shouldCheckBothTargetsAtTheirFractions()
    {
        final String met = LatencyTable.targets(List.of(point(0.25, 9_000_000, Map.of(), 200_000),
            point(0.5, 4_999_000, Map.of(), 200_000), point(0.9, 9_000_000, Map.of(), 200_000)));
        final String missed = LatencyTable.targets(List.of(point(0.5, 5_000_000, Map.of(), 200_000),
            point(0.9, 1, Map.of(DropReason.QUEUE_FULL, 1L), 199_999)));

        assertTrue(met.contains("p99 ingest→ack at 0.50 × (b): 5.00 ms, target under 5.00 ms: **met**"), met);
        assertTrue(met.contains("drops at 0.90 × (b): 0 dropped + 0 lost, target none: **met**"), met);
        assertFalse(met.contains("0.25"), met);
        assertTrue(missed.contains("p99 ingest→ack at 0.50 × (b): 5.00 ms, target under 5.00 ms: **missed**"), missed);
        assertTrue(missed.contains("drops at 0.90 × (b): 1 dropped + 0 lost, target none: **missed**"), missed);
    }

    @Test
    void shouldHoldOnlyTheAdapterRowsToTheTargetsNotTheBridgesTheyAreMeasuredAgainst()
    {
        final String targets = LatencyTable.targets(List.of(
            point(BridgeCeiling.NAME, 0.5, 9_000_000, Map.of(), 200_000),
            point(BridgeCeiling.SAME_WORK_NAME, 0.9, 1, Map.of(DropReason.PUBLISH_FAILED, 1L), 199_999),
            point(0.5, 1_000_000, Map.of(), 200_000)));

        assertFalse(targets.contains(BridgeCeiling.NAME) || targets.contains(BridgeCeiling.SAME_WORK_NAME), targets);
        assertTrue(targets.contains("- adapter (ours), p99 ingest→ack at 0.50 × (b): 1.00 ms"), targets);
    }

    @Test
    void shouldQuoteTheSameWorkBridgeBesideTheP99TargetOnlyWhenItRanAtThatFraction()
    {
        final String withFloor = LatencyTable.targets(List.of(
            point(BridgeCeiling.SAME_WORK_NAME, 0.5, 7_250_000, Map.of(), 200_000),
            point(0.5, 9_000_000, Map.of(), 200_000)));
        final String otherFraction = LatencyTable.targets(List.of(
            point(BridgeCeiling.SAME_WORK_NAME, 0.25, 7_250_000, Map.of(), 200_000),
            point(0.5, 9_000_000, Map.of(), 200_000)));

        assertTrue(withFloor.contains("target under 5.00 ms: **missed** (the bridge given the same server work, `b-envelopes`: 7.25 ms)"),
            withFloor);
        assertFalse(otherFraction.contains("7.25"), otherFraction);
        assertTrue(otherFraction.contains("target under 5.00 ms: **missed**" + System.lineSeparator()), otherFraction);
    }

    @Test
    void shouldSummariseOnlyWhatWasRecordedAfterTheMark()
    {
        final LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordNs(1_000_000_000);
        final Histogram mark = LatencySummary.mark(recorder);
        for (int i = 1; i <= 100; i++)
        {
            recorder.recordNs(i * 1_000_000L);
        }

        final LatencySummary window = LatencySummary.since(recorder, mark);

        assertEquals(100, window.count());
        assertEquals(50, Math.round(window.p50Ns() / 1e6));
        assertEquals(99, Math.round(window.p99Ns() / 1e6));
        assertEquals(100, Math.round(window.maxNs() / 1e6));
    }
}
