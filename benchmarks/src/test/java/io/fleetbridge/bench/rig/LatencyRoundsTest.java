package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.fleetbridge.bench.rig.LatencyTableTest.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRoundsTest
{
    private static final String ADAPTER = "adapter (ours)";

    /** One round: b-envelopes and the adapter at half of (b), each with the given p99 in ms, nothing dropped. */
    private static List<LatencyPoint> round(final double bridgeMs, final double adapterMs)
    {
        return List.of(
            point(BridgeCeiling.SAME_WORK_NAME, 0.5, (long)(bridgeMs * 1e6), Map.of(), 200_000),
            point(ADAPTER, 0.5, (long)(adapterMs * 1e6), Map.of(), 200_000));
    }

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleOnes()
    {
        assertEquals(3.0, LatencyRounds.median(new double[] {9, 1, 3}));
        assertEquals(4.0, LatencyRounds.median(new double[] {9, 1, 3, 5}));
        assertEquals(-2.5, LatencyRounds.median(new double[] {-2.5}));
    }

    @Test
    void shouldListEveryRoundsP99AndTheirMedianPerVariant()
    {
        final String summary = LatencyRounds.render(List.of(round(8, 12), round(30, 14), round(6, 4.5)));

        assertTrue(summary.startsWith("### Summary of 3 rounds"), summary);
        assertTrue(summary.contains("| " + BridgeCeiling.SAME_WORK_NAME + " | 0.50 | 8.00, 30.00, 6.00 | 8.00 |"), summary);
        assertTrue(summary.contains("| adapter (ours) | 0.50 | 12.00, 14.00, 4.50 | 12.00 |"), summary);
        assertTrue(summary.contains("| 0.70 (0.20) | 1.20 | 0.05, 0.05, 0.05 |"), "cores, threads waiting, steal: " + summary);
    }

    @Test
    void shouldPairTheAdapterWithTheSameWorkBridgeRoundByRound()
    {
        final String paired = LatencyRounds.paired(List.of(round(8, 12), round(30, 14), round(6, 4.5)));

        // +4 in the first round, -16 in the second, -1.5 in the third: the median is the third's, not 14 - 8
        assertTrue(paired.contains("| adapter (ours) | 0.50 | +4.00, -16.00, -1.50 | -1.50 | (under 5 rounds) | 2 of 3 |"), paired);
        assertFalse(paired.contains(BridgeCeiling.SAME_WORK_NAME + " | 0.50 | +"), "the bridge is not paired with itself: " + paired);
    }

    @Test
    void shouldPairTheSpinningBridgeWithoutJudgingItAndLeaveThreeRoundsUndecided()
    {
        final String spinning = BridgeCeiling.spinningName(3000);
        final List<List<LatencyPoint>> rounds = List.of(
            List.of(point(BridgeCeiling.SAME_WORK_NAME, 0.5, 8_000_000, Map.of(), 200_000), point(ADAPTER, 0.5, 9_000_000, Map.of(), 200_000),
                point(spinning, 0.5, 11_000_000, Map.of(), 200_000)),
            List.of(point(BridgeCeiling.SAME_WORK_NAME, 0.5, 6_000_000, Map.of(), 200_000), point(ADAPTER, 0.5, 8_500_000, Map.of(), 200_000),
                point(spinning, 0.5, 7_000_000, Map.of(), 200_000)),
            List.of(point(BridgeCeiling.SAME_WORK_NAME, 0.5, 5_000_000, Map.of(), 200_000), point(ADAPTER, 0.5, 5_500_000, Map.of(), 200_000),
                point(spinning, 0.5, 9_000_000, Map.of(), 200_000)));

        final String targets = LatencyRounds.targets(rounds);
        final String paired = LatencyRounds.paired(rounds);

        // +1, +2.5, +0.5: a median of +1.00 ms, but three rounds cannot bound it at 90% confidence
        assertTrue(targets.contains("- adapter (ours), p99 ingest→ack at 0.50 × (b) minus the same-work bridge's, paired by round:"
            + " median +1.00 ms over 3 rounds, too few for an interval of the median (5 at least); target at most +1.00 ms:"
            + " **not decided**"), targets);
        assertTrue(paired.contains("| " + spinning + " | 0.50 | +3.00, +1.00, +4.00 | +3.00 | (under 5 rounds) | 0 of 3 |"), paired);
        assertFalse(targets.contains(spinning), "a calibration, not a target: " + targets);
    }

    @Test
    void shouldJudgeThePairedTargetOnTheIntervalOfTheMedianDifference()
    {
        // six rounds: the interval is the smallest to the largest difference, at 96.9%
        final String met = LatencyRounds.targets(differences(0.2, -3, 1, 0.5, -0.4, 0.9));
        final String missed = LatencyRounds.targets(differences(1.5, 4, 2, 9, 1.1, 3));
        final String undecided = LatencyRounds.targets(differences(0.5, 4, 2, 9, 1.1, 3));

        assertTrue(met.contains("median +0.35 ms over 6 rounds, its interval [-3.00, +1.00] at 96.9% (ms); target at most"
            + " +1.00 ms: **met**"), met);
        assertTrue(missed.contains("median +2.50 ms over 6 rounds, its interval [+1.10, +9.00] at 96.9% (ms); target at most"
            + " +1.00 ms: **missed**"), missed);
        // a median of +2.5 ms, yet one round in six was within the target: not enough to call it either way
        assertTrue(undecided.contains("its interval [+0.50, +9.00] at 96.9% (ms); target at most +1.00 ms: **not decided** (the"
            + " interval holds the target"), undecided);
        assertTrue(LatencyRounds.paired(differences(1.5, 4, 2, 9, 1.1, 3)).contains("| +2.50 | [+1.10, +9.00] at 96.9% | 0 of 6 |"));
    }

    /** Rounds in which the adapter's p99 is the bridge's 10 ms plus each difference, in ms. */
    private static List<List<LatencyPoint>> differences(final double... differencesMs)
    {
        final List<List<LatencyPoint>> rounds = new java.util.ArrayList<>();
        for (final double difference : differencesMs)
        {
            rounds.add(round(10, 10 + difference));
        }
        return rounds;
    }

    @Test
    void shouldPairNothingWhenTheRunDidNotFeedTheSameWorkBridge()
    {
        final List<LatencyPoint> adapterOnly = List.of(point(ADAPTER, 0.5, 3_000_000, Map.of(), 200_000));

        assertEquals("", LatencyRounds.paired(List.of(adapterOnly, adapterOnly)));
        assertFalse(LatencyRounds.targets(List.of(adapterOnly, adapterOnly)).contains("b-envelopes"));
    }

    @Test
    void shouldJudgeTheP99TargetOnTheMedianAndSayInHowManyRoundsItWasMet()
    {
        final String met = LatencyRounds.targets(List.of(round(8, 12), round(30, 4), round(6, 4.5)));
        final String missed = LatencyRounds.targets(List.of(round(8, 12), round(30, 5), round(6, 4.9)));

        assertTrue(met.contains("- adapter (ours), p99 ingest→ack at 0.50 × (b): median 4.50 ms over 3 rounds, under 5.00 ms in 2"
            + " of them; target under 5.00 ms: **met** (the bridge given the same server work, `b-envelopes`: median 8.00 ms)"), met);
        // 5 ms exactly is not under 5 ms, in a round or as the median
        assertTrue(missed.contains("median 5.00 ms over 3 rounds, under 5.00 ms in 1 of them; target under 5.00 ms: **missed**"),
            missed);
    }

    @Test
    void shouldCountDropsAtNinetyPercentOverEveryRound()
    {
        final List<LatencyPoint> clean = List.of(point(ADAPTER, 0.9, 1, Map.of(), 200_000));
        final List<LatencyPoint> dropping = List.of(point(ADAPTER, 0.9, 1, Map.of(DropReason.QUEUE_FULL, 7L), 199_990));

        final String targets = LatencyRounds.targets(List.of(clean, dropping, clean));

        // the second round dropped 7 and lost 3 more (200,000 sent, 199,990 landed)
        assertTrue(targets.contains("- adapter (ours), drops at 0.90 × (b) in 3 rounds: 10 dropped or lost, target none: **missed**"),
            targets);
        assertTrue(LatencyRounds.targets(List.of(clean, clean)).contains("0 dropped or lost, target none: **met**"));
    }

    @Test
    void shouldRefuseRoundsThatDoNotHoldTheSamePoints()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> LatencyRounds.render(List.of(round(8, 12), List.of(point(ADAPTER, 0.5, 1, Map.of(), 200_000)))));

        assertTrue(error.getMessage().contains("round 2 has no point for " + BridgeCeiling.SAME_WORK_NAME), error.getMessage());
    }
}
