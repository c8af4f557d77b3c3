package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
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
