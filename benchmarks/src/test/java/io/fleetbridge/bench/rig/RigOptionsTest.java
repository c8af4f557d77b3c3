package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.RingWait;
import io.nats.client.api.StorageType;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RigOptionsTest
{
    @Test
    void shouldRunEverySizeOnFileAndOneKibOnMemoryAndOnSeveralConnectionsByDefault()
    {
        assertEquals(List.of(
            new RigOptions.Group(300, StorageType.File, 1),
            new RigOptions.Group(1024, StorageType.File, 1),
            new RigOptions.Group(4096, StorageType.File, 1),
            new RigOptions.Group(1024, StorageType.Memory, 1),
            new RigOptions.Group(1024, StorageType.File, 2)), RigOptions.parse().plan());
    }

    @Test
    void shouldRunEveryCombinationWhenFull()
    {
        assertEquals(12, RigOptions.parse("--full").plan().size());
        assertEquals(2, RigOptions.parse("--sizes", "300", "--storage", "memory", "--connections", "1,4").plan().size());
    }

    @Test
    void shouldLeaveFixedWorkerVariantsOutOfGroupsWithSeveralConnections()
    {
        final RigOptions options = RigOptions.parse();

        assertEquals(RigOptions.ALL_VARIANTS, options.variantsFor(new RigOptions.Group(300, StorageType.File, 1)));
        assertEquals(List.of("a", "b", "adapter"), options.variantsFor(new RigOptions.Group(300, StorageType.File, 2)));
        assertTrue(RigOptions.ALL_VARIANTS.stream().noneMatch(RigOptions.OPT_IN_VARIANTS::contains), "opt-in only when asked");
    }

    @Test
    void shouldMeasureLatencyAtAQuarterHalfAndNineTenthsOfTheBridgeByDefault()
    {
        assertEquals(List.of(0.25, 0.5, 0.9), RigOptions.parse().latencyFractions());
        assertEquals(List.of(), RigOptions.parse("--latency", "off").latencyFractions());
        assertEquals(List.of(0.5), RigOptions.parse("--latency", "0.5", "--latency-only").latencyFractions());
        assertTrue(RigOptions.parse("--latency-only").latencyOnly());
        assertEquals(3, RigOptions.parse("--latency-senders", "3").latencySenders());
        assertEquals(LatencySweep.VARIANTS, RigOptions.parse().latencyVariants());
        assertEquals(java.time.Duration.ofMinutes(2), RigOptions.parse().duplicateWindow());
        assertEquals(SourceKind.SOCKET, RigOptions.parse().source(), "the source that takes least of the shared CPU");
        assertEquals(SourceKind.JNATS, RigOptions.parse("--source", "jnats").source());
        assertEquals(java.time.Duration.ofSeconds(5), RigOptions.parse("--duplicate-window", "5").duplicateWindow());
        assertEquals(List.of("b", "b-msgid", "b-header"),
            RigOptions.parse("--latency-variants", "b,b-msgid,b-header").latencyVariants());
    }

    @Test
    void shouldRunTheAdapterWithTheWaitStrategyGivenAndNameItInTheSettings()
    {
        assertEquals(RingWait.BLOCKING, RigOptions.parse().waitStrategy(), "the daemon's default");
        assertTrue(RigOptions.parse().waitNote().contains("`blocking`"), RigOptions.parse().waitNote());
        final RigOptions yielding = RigOptions.parse("--wait-strategy", "yielding");
        assertEquals(RingWait.YIELDING, yielding.waitStrategy());
        assertTrue(yielding.waitNote().contains("`yielding`") && yielding.waitNote().contains("not the default"), yielding.waitNote());
        assertEquals(RingWait.BUSY_SPIN, RigOptions.parse("--wait-strategy", "BUSY_SPIN").waitStrategy());
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> RigOptions.parse("--wait-strategy", "spin"));
        assertTrue(refused.getMessage().contains("blocking, yielding or busy_spin"), refused.getMessage());
    }

    @Test
    void shouldGiveTheBridgeCeilingAWindowOfItsOwnAndEveryOtherVariantTheLoadSources()
    {
        final RigOptions defaults = RigOptions.parse();
        assertEquals(5000, defaults.windowFor("b"), "(b)'s tuned number of publishes in flight");
        assertEquals(20_000, defaults.windowFor("adapter"));
        assertEquals(20_000, defaults.windowFor("b-ids"), "only the ceiling itself is tuned apart");

        final RigOptions given = RigOptions.parse("--window", "8000", "--bridge-window", "3000");
        assertEquals(3000, given.windowFor("b"));
        assertEquals(8000, given.windowFor("go-core"));
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--bridge-window", "0"));
    }

    @Test
    void shouldRefuseMoreAcksInFlightThanTheAdaptersWindowHolds()
    {
        assertEquals(5000, RigOptions.parse().acksInFlight());
        assertEquals(65_536, RigOptions.parse("--acks-in-flight", "65536").acksInFlight());
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> RigOptions.parse("--acks-in-flight", "100000"));
        assertEquals("--acks-in-flight must be at most 65536 (the adapter's window per publisher), not 100000", refused.getMessage());
    }

    @Test
    void shouldRehearseEachLatencyVariantUnlessToldNotTo()
    {
        assertEquals(8, RigOptions.parse().rehearsalSeconds());
        assertEquals(0, RigOptions.parse("--rehearsal", "0").rehearsalSeconds());
        assertRefused("--rehearsal must be 0 or more", "--rehearsal", "-1");

        assertTrue(LatencySweep.rehearsalNote(RigOptions.parse("--latency", "0.5")).contains("ran 8 s open loop at 0.50 × (b)"));
        assertTrue(LatencySweep.rehearsalNote(RigOptions.parse("--rehearsal", "0")).startsWith("No rehearsal"));
    }

    @Test
    void shouldTakeTheThroughputRatioInTwoMoreRoundsUnlessTold()
    {
        assertEquals(2, RigOptions.parse().ratioRounds());
        assertEquals(0, RigOptions.parse("--ratio-rounds", "0").ratioRounds());
        assertEquals(4, RigOptions.parse("--ratio-rounds", "4").ratioRounds());
        assertRefused("--ratio-rounds must be 0 or more", "--ratio-rounds", "-1");
    }

    @Test
    void shouldMeasureOneRoundUnlessToldAndInterleaveTheVariantsOfSeveral()
    {
        assertEquals(1, RigOptions.parse().rounds());
        assertEquals(5, RigOptions.parse("--rounds", "5").rounds());
        assertRefused("--rounds must be at least 1", "--rounds", "0");

        final List<String> given = List.of("b", "b-ids", "adapter");
        assertEquals(given, LatencySweep.order(given, 1));
        assertEquals(List.of("adapter", "b-ids", "b"), LatencySweep.order(given, 2));
        assertEquals(given, LatencySweep.order(given, 3));
        assertEquals("", LatencySweep.roundsNote(1));
        assertTrue(LatencySweep.roundsNote(3).contains("measured in 3 rounds"));
    }

    @Test
    void shouldMeasureTheCeilingUnlessGivenOne()
    {
        assertEquals(0, RigOptions.parse().ceiling());
        assertEquals(30_000, RigOptions.parse("--ceiling", "30000").ceiling());
        assertRefused("--ceiling must be at least 1", "--ceiling", "0");
    }

    /** The command line is refused with a message that names the problem. */
    private static void assertRefused(final String expected, final String... args)
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RigOptions.parse(args));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void shouldFeedOnlyVariantsWithAnIngestOpenLoop()
    {
        for (final String own : List.of("a", "go-core", "go-sync"))
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RigOptions.parse("--latency-variants", "b," + own));
            assertTrue(refused.getMessage().contains(own), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--latency-variants", "b,nope"));
    }

    @Test
    void shouldRefuseLatencyFractionsOutsideTheirRangeAndLatencyOnlyWithout()
    {
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--latency", "0"));
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--latency", "0.5,2.5"));
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--latency", "off", "--latency-only"));
    }

    @Test
    void shouldRefuseUnknownOptionsAndVariants()
    {
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--fast"));
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--variants", "a,c"));
    }

    @Test
    void shouldWriteThePageWithItsPlotBesideItAndMorePointsThanTheTableForThePlot()
    {
        final RigOptions page = RigOptions.parse("--page", "docs/benchmarks.md");

        assertTrue(page.writesPage());
        assertFalse(page.quick());
        assertEquals(java.nio.file.Paths.get("docs/benchmarks-load.png"), page.plot());
        assertEquals(RigOptions.PAGE_LATENCY_FRACTIONS, page.latencyFractions());
        assertTrue(page.latencyFractions().containsAll(OperatorPage.TABLE_FRACTIONS), "every point the table shows");
        assertEquals(2, page.ratioRounds(), "three rounds for the headline's medians");
        assertEquals(10, page.measureSeconds());
        assertEquals(List.of(0.5), RigOptions.parse("--page", "p.md", "--latency", "0.5").latencyFractions());
        assertFalse(RigOptions.parse().writesPage(), "the report, as before, without --page");
        assertEquals(null, RigOptions.parse().plot());
    }

    @Test
    void shouldMakeQuickTheHeadlineAloneWithShortWindowsUnlessTheyAreGiven()
    {
        final RigOptions quick = RigOptions.parse("--quick", "--page", "docs/benchmarks.md");

        assertTrue(quick.quick() && quick.writesPage());
        assertEquals(OperatorPage.TABLE_FRACTIONS, quick.latencyFractions());
        assertEquals(0, quick.ratioRounds(), "one round");
        assertEquals(RigOptions.QUICK_WARMUP_SECONDS, quick.warmupSeconds());
        assertEquals(RigOptions.QUICK_MEASURE_SECONDS, quick.measureSeconds());
        assertEquals(RigOptions.QUICK_REHEARSAL_SECONDS, quick.rehearsalSeconds());
        // 4 closed-loop cells and 3 x 3 open-loop points, each with about 2 s of drain and settling: well under 4 minutes
        final long seconds = 4L * (quick.warmupSeconds() + quick.rehearsalSeconds() + quick.measureSeconds() + 2)
            + 9L * (quick.warmupSeconds() + quick.measureSeconds() + 2);
        assertTrue(seconds < 180, seconds + " s");

        final RigOptions given = RigOptions.parse("--measure", "6", "--quick", "--warmup", "1", "--ratio-rounds", "2");
        assertEquals(6, given.measureSeconds());
        assertEquals(1, given.warmupSeconds());
        assertEquals(2, given.ratioRounds());
        assertRefused("not --latency off", "--quick", "--latency", "off");
        assertRefused("leave out --quick and --page", "--quick", "--latency-only");
    }

    @Test
    void shouldSizeABrokerInTheFullPageAndWhenAskedButNotInTheQuickPageOrTheReport()
    {
        assertTrue(RigOptions.parse("--page", "docs/benchmarks.md").scaling(), "the full page");
        assertFalse(RigOptions.parse("--quick", "--page", "docs/benchmarks.md").scaling(), "the quick page is the headline alone");
        assertFalse(RigOptions.parse().scaling(), "the report as before");
        assertTrue(RigOptions.parse("--scaling").scaling());
        assertFalse(RigOptions.parse("--scaling").scalingOnly());

        final RigOptions alone = RigOptions.parse("--scaling-only", "--warmup", "2", "--measure", "3");
        assertTrue(alone.scaling() && alone.scalingOnly());
        assertFalse(alone.writesPage());
        assertEquals(3, alone.measureSeconds());
        assertRefused("--scaling-only writes the report", "--scaling-only", "--page", "p.md");
        assertRefused("--scaling-only writes the report", "--scaling-only", "--quick");
        assertRefused("--scaling-only writes the report", "--scaling-only", "--latency-only");
    }
}
