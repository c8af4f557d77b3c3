package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.daemon.Daemon;
import io.fleetbridge.daemon.DaemonConfig;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The generator against the real daemon and a real nats-server: a short run of every schedule
 * and protocol lands every message exactly as PROTOCOL.md says, the daemon's own counters agree,
 * and a daemon publishing where the verifier does not look is reported as loss with exit status 1.
 */
class DaemonLoadTest
{
    private static final String INGEST = "choria.broadcast.agent.registration";
    private static final String TOPIC = "choria.node_metadata.%s";

    @RegisterExtension
    final NatsServerExtension nats = NatsServerExtension.single();

    private Daemon daemon;
    private int statsPort;
    private Map<String, String> daemonConfig;

    @AfterEach
    void stopDaemon()
    {
        if (daemon != null)
        {
            daemon.close();
        }
    }

    private void startDaemon(final String protocol, final String topic) throws Exception
    {
        startDaemon(protocol, topic, Map.of());
    }

    private void startDaemon(final String protocol, final String topic, final Map<String, String> extra) throws Exception
    {
        final Connection nc = Nats.connect(nats.url());
        try
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("NODE_METADATA")
                .subjects("choria.node_metadata.>", "choria.elsewhere.>").storageType(StorageType.Memory).build());
        }
        finally
        {
            nc.close();
        }
        statsPort = freePort();
        final Map<String, String> config = new HashMap<>();
        config.put("identity", "loadgen-test");
        config.put("plugin.choria.stats_port", String.valueOf(statsPort));
        config.put("plugin.choria.adapters", "reg");
        config.put("plugin.choria.adapter.reg.type", "jetstream");
        config.put("plugin.choria.adapter.reg.ingest.topic", INGEST);
        config.put("plugin.choria.adapter.reg.ingest.protocol", protocol);
        config.put("plugin.choria.adapter.reg.ingest.servers", nats.url());
        config.put("plugin.choria.adapter.reg.stream.servers", nats.url());
        config.put("plugin.choria.adapter.reg.stream.topic", topic);
        config.putAll(extra);
        daemonConfig = config;
        daemon = Daemon.start(DaemonConfig.parse(config));
        Deadline.await(Duration.ofSeconds(60), "the daemon is ready", () -> daemon.problems().isEmpty());
    }

    /** Stops the daemon and starts a new one with the same configuration: its counters start from zero. */
    private void restartDaemon() throws Exception
    {
        daemon.close();
        daemon = null;
        daemon = Daemon.start(DaemonConfig.parse(daemonConfig));
        Deadline.await(Duration.ofSeconds(60), "the daemon is ready again", () -> daemon.problems().isEmpty());
    }

    private LoadOptions options()
    {
        return new LoadOptions().servers(nats.url()).subject(INGEST).stream("NODE_METADATA").topic(TOPIC).quiet(true)
            .drainTimeout(Duration.ofSeconds(15)).metricsUrl("http://127.0.0.1:" + statsPort + "/metrics").seed(2);
    }

    private static void assertClean(final LoadReport report, final long expectedSent)
    {
        LoadReports.assertLandedCleanly(report, expectedSent);
        final AdapterCounters adapter = report.adapter();
        assertNotNull(adapter, report.format());
        assertEquals(expectedSent, adapter.received(), 0.0, report.format());
        assertEquals(expectedSent, adapter.published(), 0.0, report.format());
        assertEquals(0.0, adapter.droppedTotal(), report.format());
    }

    @Test
    void shouldLandASteadyFleetWithoutLoss() throws Exception
    {
        startDaemon("request", TOPIC);
        assertClean(LoadRun.run(options().nodes(1000).schedule(ScheduleKind.STEADY).interval(Duration.ofSeconds(1))
            .duration(Duration.ofSeconds(2))), 2000);
    }

    @Test
    void shouldLandAFixedRateOfSignedRequestsWithoutLoss() throws Exception
    {
        startDaemon("request", TOPIC);
        assertClean(LoadRun.run(options().nodes(200).schedule(ScheduleKind.RATE).rate(1000)
            .duration(Duration.ofSeconds(2)).sign(true)), 2000);
    }

    @Test
    void shouldLandABurstOfV2RequestsWithoutLoss() throws Exception
    {
        startDaemon("request", TOPIC);
        assertClean(LoadRun.run(options().nodes(3000).schedule(ScheduleKind.BURST).window(Duration.ofSeconds(1))
            .protocol(WireProtocol.V2_REQUEST)), 3000);
    }

    @Test
    void shouldLandRepliesSentAsFastAsPossibleWithoutLoss() throws Exception
    {
        startDaemon("reply", TOPIC);
        assertClean(LoadRun.run(options().nodes(500).schedule(ScheduleKind.MAX).count(5000).connections(2)
            .protocol(WireProtocol.V1_REPLY)), 5000);
    }

    @Test
    void shouldNeitherSendNorMissTheRegistrationsOfStoppedNodes() throws Exception
    {
        startDaemon("request", TOPIC);
        // 200 nodes every second for 4 s; 10 stop from 1 s to 3 s and skip two rounds each
        final LoadReport report = LoadRun.run(options().nodes(200).schedule(ScheduleKind.STEADY)
            .interval(Duration.ofSeconds(1)).duration(Duration.ofSeconds(4)).churn(0.05).churnAt(Duration.ofSeconds(1))
            .churnReturnAt(Duration.ofSeconds(3)));

        assertClean(report, 780);
        assertEquals(20, report.churnSkipped(), report.format());
        assertEquals(10, report.churnStopped(), report.format());
        assertEquals(10, report.churnReturned(), report.format());
    }

    @Test
    void shouldNoticeADaemonRestartEvenWhenItsCountersEndAboveTheirBaseline() throws Exception
    {
        // a fresh daemon: its baseline is zero, so the scrapes before and after the run alone cannot tell
        startDaemon("request", TOPIC);
        // long enough that the restarted daemon counts some of the run even when its restart is slow
        final LoadOptions options = options().nodes(100).schedule(ScheduleKind.RATE).rate(200)
            .duration(Duration.ofSeconds(15)).drainIdle(Duration.ofSeconds(2));
        final CompletableFuture<LoadReport> run = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return LoadRun.run(options);
            }
            catch (final Exception e)
            {
                throw new CompletionException(e);
            }
        });
        // five seconds of the run: the restarted daemon needs as long to count past it, and the run's
        // once-a-second scrapes see the drop within that
        Deadline.await(Duration.ofSeconds(60), "the daemon has counted five seconds of the run",
            () -> received(options.metricsUrl()) >= 1000);
        restartDaemon();
        final LoadReport report = run.get(60, TimeUnit.SECONDS);

        assertTrue(report.adapter().reset(), report.format());
        assertTrue(report.adapter().received() > 0, report.format());
        assertTrue(report.format().contains("restarted during the run: counters reset; figures since the restart"),
            report.format());
    }

    @Test
    void shouldReportLossAndExitNonZeroWhenTheDaemonPublishesElsewhere() throws Exception
    {
        startDaemon("request", "choria.elsewhere.%s");
        final LoadReport report = LoadRun.run(options().nodes(100).schedule(ScheduleKind.RATE).rate(500)
            .duration(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(2)));

        assertEquals(250, report.sent(), report.format());
        assertEquals(0, report.landed(), report.format());
        assertEquals(250, report.missing(), report.format());
        assertEquals(1, report.exitCode(), report.format());
        assertEquals(250, report.adapter().published(), 0.0, "the daemon did publish, only not where asked");
        assertTrue(report.format().contains("FAIL"), report.format());
    }

    @Test
    void shouldPassSignatureVerificationWhenEachMessageIsSigned(@TempDir final Path dir) throws Exception
    {
        final Path[] files = signingFiles(dir);
        startDaemon("request", TOPIC, Map.of("plugin.security.file.ca", files[1].toString(),
            "plugin.choria.adapter.reg.ingest.verify", "true"));

        assertClean(LoadRun.run(options().nodes(100).schedule(ScheduleKind.RATE).rate(300)
            .duration(Duration.ofSeconds(1)).signWith(files[0], files[1]).signEach(true)), 300);
    }

    @Test
    void shouldShowAVerifyingDaemonDroppingTemplateSignaturesAsInvalid(@TempDir final Path dir) throws Exception
    {
        final Path[] files = signingFiles(dir);
        startDaemon("request", TOPIC, Map.of("plugin.security.file.ca", files[1].toString(),
            "plugin.choria.adapter.reg.ingest.verify", "true"));

        final LoadReport report = LoadRun.run(options().nodes(100).schedule(ScheduleKind.RATE).rate(300)
            .duration(Duration.ofMillis(500)).signWith(files[0], files[1]).drainIdle(Duration.ofSeconds(2)));

        assertEquals(150, report.missing(), report.format());
        assertEquals(1, report.exitCode());
        assertEquals(150.0, report.adapter().dropped().get("invalid"), report.format());
    }

    private static double received(final String metricsUrl)
    {
        try
        {
            return AdapterCounters.scrape(metricsUrl).received();
        }
        catch (final IOException e)
        {
            return -1;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * A generated key and self-signed certificate, written as the daemon's CA and the generator's
     * signer; named as Choria's default privileged users are, since it signs for every node.
     */
    private static Path[] signingFiles(final Path dir) throws Exception
    {
        final SigningIdentity identity = SigningIdentity.generate("loadgen.privileged.choria");
        final Path key = Files.writeString(dir.resolve("key.pem"), identity.keyPem());
        final Path cert = Files.writeString(dir.resolve("cert.pem"), identity.certificatePem());
        return new Path[] {key, cert};
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
