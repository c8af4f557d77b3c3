package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The whole generator against a real nats-server, with {@link ReferenceBridge} standing in for
 * the adapter: every schedule and protocol reports zero loss, and a bridge that publishes where
 * the verifier does not look is reported as loss with exit status 1.
 */
class LoadRunTest
{
    private static final String INGEST = "choria.broadcast.agent.registration";

    @RegisterExtension
    final NatsServerExtension nats = NatsServerExtension.single();

    private String stream;

    private LoadOptions options()
    {
        return new LoadOptions().servers(nats.url()).stream(stream).quiet(true).drainTimeout(Duration.ofSeconds(10))
            .seed(1);
    }

    private LoadReport runBridged(final LoadOptions options, final String bridgeTopic) throws Exception
    {
        stream = "REG";
        final Connection nc = Nats.connect(nats.url());
        try
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("REG").subjects("choria.node_metadata.>",
                "choria.elsewhere.>").storageType(StorageType.Memory).build());
        }
        finally
        {
            nc.close();
        }
        final ReferenceBridge bridge = new ReferenceBridge(nats.url(), INGEST, bridgeTopic);
        try
        {
            return LoadRun.run(options.stream(stream));
        }
        finally
        {
            bridge.close();
        }
    }

    private static void assertClean(final LoadReport report, final long expectedSent)
    {
        LoadReports.assertLandedCleanly(report, expectedSent);
        assertEquals(expectedSent, report.latencyUs().getTotalCount());
    }

    @Test
    void shouldLandEverySteadyMessageWithSplayedNodes() throws Exception
    {
        final LoadReport report = runBridged(options().nodes(300).schedule(ScheduleKind.STEADY)
            .interval(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2)), "choria.node_metadata.%s");
        assertClean(report, 600);
    }

    @Test
    void shouldLandEveryMessageOfAFixedRate() throws Exception
    {
        final LoadReport report = runBridged(options().nodes(50).schedule(ScheduleKind.RATE).rate(500)
            .duration(Duration.ofSeconds(1)).protocol(WireProtocol.V1_REPLY), "choria.node_metadata.%s");
        assertClean(report, 500);
    }

    @Test
    void shouldLandEveryNodeOfABurst() throws Exception
    {
        final LoadReport report = runBridged(options().nodes(1000).schedule(ScheduleKind.BURST)
            .window(Duration.ofMillis(500)).protocol(WireProtocol.V2_REQUEST), "choria.node_metadata.%s");
        assertClean(report, 1000);
    }

    @Test
    void shouldLandEverythingSentAsFastAsPossibleOverTwoConnections(@TempDir final Path dir) throws Exception
    {
        final LoadReport report = runBridged(options().nodes(100).schedule(ScheduleKind.MAX).count(2000).connections(2)
            .sign(true).size("512-1024"), "choria.node_metadata.%s");
        assertClean(report, 2000);

        final Path png = dir.resolve("run.png");
        LatencyPlot.write(report, png);
        assertTrue(Files.size(png) > 10_000, "a real picture");
    }

    @Test
    void shouldSilenceTheStoppedNodesOnlyBetweenStopAndReturn(@TempDir final Path dir) throws Exception
    {
        // 100 nodes every second for 5 s; 10 stop from 2 s to 4 s: they skip their second and third rounds
        final Path list = dir.resolve("stopped.txt");
        final LoadOptions options = options().nodes(100).schedule(ScheduleKind.STEADY).interval(Duration.ofSeconds(1))
            .duration(Duration.ofSeconds(5)).protocol(WireProtocol.V2_REQUEST).churn(0.1).churnAt(Duration.ofSeconds(2))
            .churnReturnAt(Duration.ofSeconds(4)).churnList(list);
        final List<String> stopped = FleetChurn.plan(options).stoppedSenders();

        final LoadReport report = runBridged(options, "choria.node_metadata.%s");

        assertClean(report, 480);
        assertEquals(stopped, report.churn().stoppedSenders());
        assertEquals(stopped, Files.readAllLines(list), "the list file names the same nodes");
        assertEquals(10, report.churnStopped(), report.format());
        assertEquals(10, report.churnReturned(), report.format());
        assertEquals(20, report.churnSkipped(), report.format());
        assertTrue(report.format().contains("10 nodes stopped at 2 s, 10 of them sent again since 4 s; "
            + "20 registrations not sent (not missing)"), report.format());

        // what the stream holds, by sender: each registration's own time, relative to the sender's first
        final Map<String, List<Duration>> rounds = new TreeMap<>();
        final Connection nc = Nats.connect(nats.url());
        try
        {
            final JetStreamManagement jsm = nc.jetStreamManagement();
            final long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
            for (long seq = 1; seq <= last; seq++)
            {
                final Map<String, Object> envelope = Json.object(jsm.getMessage(stream, seq).getData());
                rounds.computeIfAbsent((String)envelope.get("sender"), k -> new ArrayList<>())
                    .add(Duration.between(Instant.EPOCH, Instant.parse((String)envelope.get("time"))));
            }
        }
        finally
        {
            nc.close();
        }
        assertEquals(100, rounds.size());
        final Duration start = Duration.between(Instant.EPOCH, report.startTime());
        for (final Map.Entry<String, List<Duration>> e : rounds.entrySet())
        {
            for (final Duration t : e.getValue())
            {
                final Duration sinceStart = t.minus(start);
                assertTrue(!stopped.contains(e.getKey()) || sinceStart.toMillis() < 2000 || sinceStart.toMillis() >= 4000,
                    e.getKey() + " stopped, yet registered at " + sinceStart);
            }
            final Duration first = e.getValue().get(0);
            final List<Long> seconds = e.getValue().stream().map(t -> t.minus(first)).map(Duration::toSeconds).toList();
            // present before the stop (rounds 0 and 1) and after the return (round 4), absent in between
            assertEquals(stopped.contains(e.getKey()) ? List.of(0L, 1L, 4L) : List.of(0L, 1L, 2L, 3L, 4L), seconds,
                e.getKey());
        }
    }

    @Test
    void shouldReportLossAndFailWhenNothingLandsWhereTheVerifierLooks() throws Exception
    {
        final LoadReport report = runBridged(options().nodes(100).schedule(ScheduleKind.RATE).rate(200)
            .duration(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(1)), "choria.elsewhere.%s");

        assertEquals(100, report.sent(), report.format());
        assertEquals(0, report.landed());
        assertEquals(100, report.missing());
        assertEquals(5, report.missingIds().size());
        assertEquals(1, report.exitCode());
        assertTrue(report.format().contains("FAIL"), report.format());
    }

    /** A --size over the server's max_payload fails every publish: the progress line says so at once, not only the report. */
    @Test
    void shouldShowPublishErrorsInTheProgressLineAsTheyHappen() throws Exception
    {
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final LoadReport report = LoadRun.run(options().stream("BIG").createStream(true).quiet(false).size("2000000").nodes(5)
            .schedule(ScheduleKind.RATE).rate(20).duration(Duration.ofMillis(1500)).drainTimeout(Duration.ofSeconds(1)),
            new AtomicBoolean(), new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertEquals(0, report.landed(), report.format());
        final String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.lines().anyMatch(line -> line.startsWith("[") && line.contains("publish errors ")), lines);
    }

    /**
     * The verifier's consumer lost before its first message is made again by jnats with the policy it was
     * first given: with "new" it would skip what was stored meanwhile, and those would count as missing.
     */
    @Test
    @SuppressWarnings("try")
    void shouldReadWhatWasStoredWhileTheVerifiersFirstConsumerWasLost() throws Exception
    {
        stream = "LOST";
        try (Connection nc = Nats.connect(nats.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects("choria.node_metadata.>")
                .storageType(StorageType.Memory).build());
            nc.jetStream().publish("choria.node_metadata.before", "stored before the verifier".getBytes(StandardCharsets.UTF_8));
            try (StreamWatcher watcher = StreamWatcher.open(options()))
            {
                final JetStreamManagement jsm = nc.jetStreamManagement();
                Deadline.await(Duration.ofSeconds(10), "the verifier's consumer", () -> consumers(jsm).size() == 1);
                jsm.deleteConsumer(stream, consumers(jsm).get(0));
                for (int i = 0; i < 3; i++)
                {
                    nc.jetStream().publish("choria.node_metadata.n" + i, "meanwhile".getBytes(StandardCharsets.UTF_8));
                }
                // jnats notices the lost consumer from missed heartbeats, in tens of seconds
                Deadline.await(Duration.ofSeconds(90), "the three stored while the consumer was gone read", () -> watcher.early() == 3);
            }
        }
    }

    private List<String> consumers(final JetStreamManagement jsm)
    {
        try
        {
            return jsm.getConsumerNames(stream);
        }
        catch (final IOException | JetStreamApiException ex)
        {
            return List.of();
        }
    }

    /** A stream that is not there is named with the two ways to make it, not only the server's error code. */
    @Test
    void shouldSayHowToCreateAStreamThatIsMissing()
    {
        final IOException ex = assertThrows(IOException.class, () -> StreamWatcher.open(options().stream("NO_SUCH_STREAM")));
        assertTrue(ex.getMessage().startsWith("cannot read stream NO_SUCH_STREAM on [" + nats.url() + "]"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("create it with the daemon's create-stream, or add --create-stream"), ex.getMessage());
    }

    @Test
    void shouldPassWhenTheLossIsWithinTheAllowance() throws Exception
    {
        final LoadReport report = runBridged(options().nodes(10).schedule(ScheduleKind.RATE).rate(100)
            .duration(Duration.ofMillis(200)).drainTimeout(Duration.ofMillis(500)).allowLoss(LossAllowance.parse("100%")),
            "choria.elsewhere.%s");

        assertEquals(20, report.missing(), report.format());
        assertEquals(0, report.exitCode());
    }
}
