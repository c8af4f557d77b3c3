package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioRoundsTest
{
    private static final long ONE_SECOND_NS = 1_000_000_000L;
    private static final List<String> ORDER = List.of("b", "b-envelopes", "adapter");

    /** {@code perSecond} stored in a 1 s window, the server at {@code serverCores}. */
    private static CellResult cell(final String name, final long perSecond, final double serverCores, final long dropped)
    {
        return new CellResult(name, CellResult.Kind.MEASURED, perSecond,
            new CpuMeter.Window(ONE_SECOND_NS, ONE_SECOND_NS / 2, 0, (long)(serverCores * ONE_SECOND_NS), ONE_SECOND_NS / 20,
                0, 0, 0, 0),
            1024, 1_000_000, 1_000_000 - dropped, dropped, "");
    }

    private static RatioRounds.Round round(final long bridge, final long sameWork, final long adapter)
    {
        return new RatioRounds.Round(ORDER, cell("b", bridge, 1.0, 0), cell("b-envelopes", sameWork, 1.0, 0),
            cell("adapter", adapter, 1.0, 0));
    }

    private static String render(final RatioRounds.Round... rounds)
    {
        return RatioRounds.render(RatioRounds.TARGET_GROUP, List.of(rounds));
    }

    @Test
    void shouldJudgeTheTargetOnTheMedianRatioOfAllRoundsNotOnTheFirst()
    {
        // the table's round misses, the two after it meet: median 0.96
        final String report = render(round(50_000, 40_000, 34_000), round(50_000, 40_000, 48_000), round(50_000, 40_000, 52_000));

        assertTrue(report.contains("in 3 rounds: 1024 B envelopes, file storage, 1 publisher connection"), report);
        assertTrue(report.contains("| 1 | b, b-envelopes, adapter | 50,000 | 40,000 | 34,000 | 0.68 | 0.85 |"), report);
        assertTrue(report.contains("| 2 | b, b-envelopes, adapter | 50,000 | 40,000 | 48,000 | 0.96 | 1.20 |"), report);
        assertTrue(report.contains("Median adapter ÷ (b) over 3 rounds: **0.960** (0.680 to 1.040)"), report);
        assertTrue(report.contains("at least 0.95: **met**, in 2 of 3 rounds"), report);
    }

    @Test
    void shouldSayMissedWhenTheMedianIsBelowTheTargetEvenIfOneRoundMeetsIt()
    {
        final String report = render(round(50_000, 40_000, 47_000), round(50_000, 40_000, 47_400), round(50_000, 40_000, 50_000));

        assertTrue(report.contains("**0.948**"), report);
        assertTrue(report.contains("**missed**, in 1 of 3 rounds"), report);
    }

    @Test
    void shouldSetTheAdapterAgainstTheCeilingItsOwnServerWorkLeaves()
    {
        // the same-work bridge stores 0.70 of (b); the adapter stores 0.98 of that bridge at the median
        final String report = render(round(100_000, 70_000, 68_600), round(100_000, 70_000, 70_700), round(100_000, 70_000, 60_000));

        assertTrue(report.contains("Median adapter ÷ the bridge with its server work: **0.980** (0.857 to 1.010)"), report);
        assertTrue(report.contains("same work ÷ (b): 0.700 at the median"), report);
        assertTrue(report.contains("**missed**, in 0 of 3 rounds"), report);
    }

    @Test
    void shouldShowTheServersCpuPerStoredMessageTheHostsStealAndTheAdaptersDrops()
    {
        // (b): 1.0 core for 50,000 a second is 20 µs each; same work 0.8 for 40,000, 20 µs; the adapter 0.9 for 45,000, 20 µs
        final RatioRounds.Round round = new RatioRounds.Round(ORDER, cell("b", 50_000, 1.0, 0), cell("b-envelopes", 40_000, 0.8, 0),
            cell("adapter", 45_000, 0.9, 7));

        final String report = render(round);

        assertTrue(report.contains("| 20.0 / 20.0 / 20.0 | 1.00 / 0.80 / 0.90 | 0.05 / 0.05 | 7 |"), report);
    }

    @Test
    void shouldFollowOnlyTheTargetsGroupWithBothVariantsAndRoundsAskedFor()
    {
        final RigOptions.Group memory = new RigOptions.Group(1024, StorageType.Memory, 1);
        final RigOptions.Group twoConnections = new RigOptions.Group(1024, StorageType.File, 2);

        assertTrue(RatioRounds.follow(RigOptions.parse(), RatioRounds.TARGET_GROUP));
        assertFalse(RatioRounds.follow(RigOptions.parse(), memory));
        assertFalse(RatioRounds.follow(RigOptions.parse(), twoConnections));
        assertFalse(RatioRounds.follow(RigOptions.parse("--ratio-rounds", "0"), RatioRounds.TARGET_GROUP));
        assertFalse(RatioRounds.follow(RigOptions.parse("--variants", "a,adapter"), RatioRounds.TARGET_GROUP));
    }
}
