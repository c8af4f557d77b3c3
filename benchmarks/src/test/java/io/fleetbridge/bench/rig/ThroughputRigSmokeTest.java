package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.RingWait;
import io.fleetbridge.testsupport.NatsServerExtension;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.api.StorageType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every variant runs about a second against a real nats-server, and every message it was sent is accounted for;
 * one open-loop latency point runs the same way, and so does a latency part of two rounds.
 */
// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class ThroughputRigSmokeTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldLandMessagesAndAccountForEverySentOneInEveryVariant() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofSeconds(1), SourceKind.SOCKET);
            final RegistrationTransports messages = new RegistrationTransports(300, 1000, 42);
            final RigOptions.Group group = new RigOptions.Group(300, StorageType.File, 1);
            for (final String name : RigOptions.KNOWN_VARIANTS)
            {
                final Cell cell = runner.nextCell(group, messages, 1000, 2000);

                final Variant variant = variant(name);
                final boolean needsSource = variant.needsSource();

                final CellResult result = runner.run(cell, variant, ThroughputRig.kind(name));

                assertTrue(result.landedInWindow() > 0, name + " landed nothing in its window: " + result);
                assertTrue(result.sent() > 0, name + " sent nothing: " + result);
                if (needsSource)
                {
                    assertTrue(result.window().sourceCores() > 0, name + ": the source's threads used no CPU: " + result);
                }
                if ("go-core".equals(name))
                {
                    // core NATS publishing, as the Go adapter does, can lose messages nobody counts: that is
                    // what the rig's "lost" column shows; it must never over-count
                    assertTrue(result.landed() + result.dropped() <= result.sent(), name + ": more settled than sent: " + result);
                }
                else
                {
                    assertEquals(result.sent(), result.landed() + result.dropped(), name + ": landed + dropped != sent: " + result);
                }
                // drained, nothing dropped; a cell this short may still be compiling, which its note may say
                assertTrue(result.note().isEmpty() || result.note().startsWith("JIT compiling"), name + ": " + result.note());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldMeasureTheBridgesAndTheAdapterAgainInAlternatingOrderAfterTheTargetsTable() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-ratio"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            final RigOptions options = RigOptions.parse("--ratio-rounds", "1", "--senders", "100", "--window", "500",
                "--bridge-window", "500", "--acks-in-flight", "500");
            final RegistrationTransports messages = new RegistrationTransports(1024, 100, 46);
            final List<String> names = List.of(RatioRounds.BRIDGE, RatioRounds.ADAPTER);
            final List<CellResult> table = new ArrayList<>();
            for (final String name : names)
            {
                final Cell cell = runner.nextCell(RatioRounds.TARGET_GROUP, messages, 500, options.windowFor(name));
                table.add(runner.run(cell, variant(name), ThroughputRig.kind(name)));
            }

            final String report = RatioRounds.run(runner, options, RatioRounds.TARGET_GROUP, messages, names, table);

            // round 1 is the table's (b) and adapter with a same-work bridge run after them; round 2 ran all
            // three again, in reverse, and each stored something
            assertTrue(report.contains("in 2 rounds"), report);
            assertTrue(report.contains("| 1 | b, adapter, b-envelopes |"), report);
            final Matcher round2 = Pattern.compile("\\| 2 \\| adapter, b-envelopes, b \\| ([0-9,]+) \\| ([0-9,]+) \\| ([0-9,]+) \\|")
                .matcher(report);
            assertTrue(round2.find(), report);
            for (int i = 1; i <= 3; i++)
            {
                assertTrue(Long.parseLong(round2.group(i).replace(",", "")) > 0, report);
            }
            assertTrue(report.contains("Median adapter ÷ (b) over 2 rounds"), report);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adapter", "b"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldNotCallItDrainedUntilEverythingOfferedHasArrived(final String name) throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-drain-" + name))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            final Cell cell = runner.nextCell(RatioRounds.TARGET_GROUP, new RegistrationTransports(1024, 10, 47), 100, 100);
            try (RigStream stream = RigStream.create(management, cell.stream(), cell.subjectPrefix(), cell.storage(),
                     RigStream.DEFAULT_DUPLICATE_WINDOW);
                 Variant variant = variant(name))
            {
                variant.prepare(cell);
                variant.start();

                assertTrue(variant.drain(Duration.ofSeconds(5), 0), name + ": nothing offered, nothing to wait for");
                // three offered that never arrive: still in the server or the socket, as far as the variant knows
                assertFalse(variant.drain(Duration.ofMillis(200), 3), name + ": called drained with input still to come");
            }
        }
    }

    @Test
    void shouldWarmUpTheFirstCellOfEachVariantLongerSoItsCodeIsCompiledBeforeItsWindow() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-warmup"))
        {
            final CellRunner runner = new CellRunner(NATS.server(), management, Duration.ofSeconds(3), Duration.ofSeconds(10), 1,
                SourceKind.SOCKET, RigStream.DEFAULT_DUPLICATE_WINDOW, Duration.ofSeconds(8));
            assertEquals(Duration.ofSeconds(11), runner.warmupFor("adapter"), "the adapter's first cell");
            assertEquals(Duration.ofSeconds(3), runner.warmupFor("adapter"), "its later cells");
            assertEquals(Duration.ofSeconds(11), runner.warmupFor("b"), "another variant's first cell");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldMeasureEveryLatencyPointOncePerRoundAndSumTheRoundsUp() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-rounds"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            // a given ceiling: every round at 0.5 x 2,000 msgs/s, without measuring (b) first
            final RigOptions options = RigOptions.parse("--latency", "0.5", "--latency-variants", "b,b-envelopes", "--rounds", "2",
                "--rehearsal", "0", "--senders", "100", "--ceiling", "2000");

            final String report = LatencySweep.run(runner, options, 44);

            assertTrue(report.contains("### Summary of 2 rounds"), report);
            assertTrue(report.contains("given with `--ceiling`, not measured in this run: **2,000 msgs/s**"), report);
            // each variant's summary row lists two rounds' p99s: "| name | 0.50 | x.xx, y.yy | median |"
            for (final String name : List.of(BridgeCeiling.NAME, BridgeCeiling.SAME_WORK_NAME))
            {
                assertTrue(report.matches("(?s).*\\| " + Pattern.quote(name) + " \\| 0\\.50 \\| [0-9.]+, [0-9.]+ \\|.*"),
                    name + " has no two-round summary row in:\n" + report);
            }
            assertTrue(report.contains("round 1 of 2") && report.contains("round 2 of 2"), report);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSetTheLatencyRatesFromTheMedianOfThreeWindowsOfTheBridge() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-ceiling"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            final RigOptions options = RigOptions.parse("--latency", "0.1", "--latency-variants", "b", "--rehearsal", "0",
                "--senders", "100", "--window", "500");

            final String report = LatencySweep.run(runner, options, 45);

            final Matcher ceiling = Pattern.compile("closed loop\\): \\*\\*([0-9,]+) msgs/s\\*\\*.*the median of 3 windows of "
                + "([0-9,]+), ([0-9,]+), ([0-9,]+) msgs/s").matcher(report);
            assertTrue(ceiling.find(), report);
            final List<Long> windows = new ArrayList<>();
            for (int i = 2; i <= 4; i++)
            {
                windows.add(Long.parseLong(ceiling.group(i).replace(",", "")));
            }
            Collections.sort(windows);
            assertEquals(windows.get(1), Long.parseLong(ceiling.group(1).replace(",", "")), report);
            assertTrue(windows.get(0) > 0, report);
        }
    }

    @ParameterizedTest
    @EnumSource(SourceKind.class)
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldSendOnScheduleAndReportTheAdaptersIngestToAckInAnOpenLoopPoint(final SourceKind source) throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-latency"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(300), Duration.ofSeconds(1), source);
            final RegistrationTransports messages = new RegistrationTransports(1024, 1000, 43);
            final long perSecond = 2_000;
            final Cell rehearsal = runner.nextCell(LatencySweep.GROUP, messages, 1000, 2000);
            runner.rehearseOpenLoop(rehearsal, new AdapterVariant(false, RingWait.BLOCKING), perSecond, 1, Duration.ofMillis(500));
            // the rehearsal leaves nothing behind: its stream is gone, so the point below counts only its own messages
            assertFalse(management.jetStreamManagement().getStreamNames().contains(rehearsal.stream()));
            final Cell cell = runner.nextCell(LatencySweep.GROUP, messages, 1000, 2000);

            final LatencyPoint point = runner.runOpenLoop(cell, new AdapterVariant(false, RingWait.BLOCKING), 0.5, perSecond, 1);

            // open loop: the source keeps its rate whatever the adapter does, so it sends the schedule's count
            assertEquals(perSecond, point.sentPerSecond(), perSecond * 0.25, point.toString());
            assertEquals(point.sent(), point.landed(), "a light load must land every message: " + point);
            assertEquals(0, point.dropped(), point.toString());
            assertTrue(point.ingestToAck().count() >= point.sentInWindow(), "every message of the window is acked: " + point);
            assertTrue(point.ingestToAck().p50Ns() > 0, point.toString());
            // send→ack is recorded with every ack, as ingest→ack is; the two windows start a moment apart
            assertEquals(point.ingestToAck().count(), point.sendToAck().count(), point.ingestToAck().count() * 0.1, point.toString());
            assertTrue(point.sendToAck().p50Ns() > 0, point.toString());
            assertTrue(point.sourceLag().count() > 0, point.toString());
            assertTrue(point.note().isEmpty() || point.note().startsWith("JIT compiling"), point.note());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldMeasureWhatAnIdleAdapterCostsWithEachWaitStrategyAndLeaveNothingBehind() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-idle"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(300), Duration.ofSeconds(1), SourceKind.SOCKET);
            final RegistrationTransports messages = new RegistrationTransports(1024, 100, 44);
            // long enough that a JIT or GC burst in the blocking window cannot close a gap of most of a core
            final Duration measure = Duration.ofMillis(1500);
            final Cell blockingCell = runner.nextCell(LatencySweep.GROUP, messages, 1000, 2000);
            final Cell yieldingCell = runner.nextCell(LatencySweep.GROUP, messages, 1000, 2000);

            final CpuMeter.Window blocking = runner.idle(blockingCell, new AdapterVariant(false, RingWait.BLOCKING), measure);
            final CpuMeter.Window yielding = runner.idle(yieldingCell, new AdapterVariant(false, RingWait.YIELDING), measure);

            assertTrue(blocking.wallNs() >= measure.toNanos() && yielding.wallNs() >= measure.toNanos(), blocking + " " + yielding);
            // a yielding publisher never sleeps, so with no traffic at all its thread still takes most of a core
            assertTrue(yielding.jvmCores() > blocking.jvmCores() + 0.25, "blocking " + blocking + ", yielding " + yielding);
            assertFalse(management.jetStreamManagement().getStreamNames().contains(yieldingCell.stream()));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldMeasureTheHeadlineClosedLoopAndOpenLoopAtFractionsOfTheSameWorkBridge() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-headline"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            final RigOptions options = RigOptions.parse("--quick", "--latency", "0.25,0.5", "--senders", "100", "--window", "500",
                "--bridge-window", "500", "--acks-in-flight", "500");

            final Headline headline = Headline.measure(runner, options, 48);

            assertEquals(List.copyOf(Headline.LABELS.keySet()), headline.rows().stream().map(Headline.Row::variant).toList());
            assertEquals(headline.row(Headline.SAME_WORK).closedLoop().msgsPerSecond(), headline.sameWorkPerSecond(), 1e-9);
            for (final Headline.Row row : headline.rows())
            {
                assertTrue(row.closedLoop().msgsPerSecond() > 0, row.toString());
                assertTrue(row.closedLoop().footprint().known() && row.closedLoop().footprint().rssBytes() > 0, row.toString());
                if (Headline.GO.equals(row.variant()))
                {
                    assertTrue(row.openLoop().isEmpty(), "the Go design waits for no ack: no latency to time");
                    continue;
                }
                assertEquals(List.of(0.25, 0.5), row.openLoop().stream().map(LatencyPoint::fraction).toList(), row.variant());
                final LatencyPoint half = row.at(0.5);
                assertEquals(PacingSchedule.rateFor(0.5, headline.sameWorkPerSecond()), half.targetPerSecond(), row.variant());
                assertTrue(half.ingestToAck().p99Ns() > 0, half.toString());
            }
            final String table = OperatorPage.table(headline, "test");
            assertEquals(2 + Headline.LABELS.size(), table.lines().count(), table);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSplitTheLoadOverTwoAdaptersInOneJvmEachStoringIntoItsOwnStream() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-lanes");
             Connection watcher = RigConnections.open(NATS.url(), "smoke-lanes-watch"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofSeconds(1), SourceKind.SOCKET);
            final Cell cell = runner.nextCell(RatioRounds.TARGET_GROUP, new RegistrationTransports(1024, 100, 49), 500, 1000, 2);
            // what each adapter publishes into its lane's stream, seen by a plain subscriber on the stream's subjects
            final LongAdder[] stored = {new LongAdder(), new LongAdder()};
            final Dispatcher dispatcher = watcher.createDispatcher();
            for (int lane = 0; lane < stored.length; lane++)
            {
                final LongAdder count = stored[lane];
                dispatcher.subscribe(cell.lane(lane).subjectPrefix() + ".>", message -> count.increment());
            }
            watcher.flush(Duration.ofSeconds(5));

            final CellResult result = runner.run(cell, variant("adapter"), ThroughputRig.kind("adapter"));

            assertTrue(result.landedInWindow() > 0, result.toString());
            // both streams counted: one lane alone would hold about half of what was sent
            assertEquals(result.sent(), result.landed() + result.dropped(), "landed + dropped != sent: " + result);
            assertEquals(0, result.dropped(), result.toString());
            assertTrue(stored[0].sum() > 0 && stored[1].sum() > 0,
                "each adapter stored into its own stream: " + stored[0].sum() + " and " + stored[1].sum());
            assertFalse(management.jetStreamManagement().getStreamNames().contains(cell.lane(1).stream()), "every lane's stream deleted");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldMeasureTheScalingCellsAgainstTheSameWorkBridgeAndSizeABrokerFromThem() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke-scaling"))
        {
            final CellRunner runner = runner(management, Duration.ofMillis(200), Duration.ofMillis(500), SourceKind.SOCKET);
            final RigOptions options = RigOptions.parse("--scaling-only", "--senders", "100", "--window", "500",
                "--acks-in-flight", "500");

            final Scaling scaling = Scaling.measure(runner, options, 50);

            assertEquals(List.of("adapter, 1 publisher", "adapter, 2 publishers", "adapter, 4 publishers",
                "2 adapters in one daemon, 1 publisher each"), scaling.rows().stream().map(Scaling.Row::label).toList());
            assertEquals(BridgeCeiling.ServerWork.ENVELOPES.title, scaling.sameWork().variant());
            for (final Scaling.Row row : scaling.rows())
            {
                assertTrue(row.cell().msgsPerSecond() > 0, row.toString());
                assertTrue(row.cell().jvmMicrosPerMessage() > 0 && row.cell().serverMicrosPerMessage() > 0, row.toString());
                assertEquals(row.cell().sent(), row.cell().landed() + row.cell().dropped(), row.toString());
            }
            final String section = scaling.render("test");
            assertTrue(section.contains("### A 16-core broker, on paper"), section);
            assertFalse(section.contains("| – |"), "every row measured a cost to size from:\n" + section);
        }
    }

    /** A runner on the test's server with one source connection, the default duplicate window and no longer first warm-up. */
    private static CellRunner runner(final Connection management, final Duration warmup, final Duration measure,
        final SourceKind source)
    {
        return new CellRunner(NATS.server(), management, warmup, measure, 1, source, RigStream.DEFAULT_DUPLICATE_WINDOW,
            Duration.ZERO);
    }

    /** The variant a name stands for, with the rig's default options. */
    private static Variant variant(final String name)
    {
        return ThroughputRig.variant(name, RigOptions.parse());
    }
}
