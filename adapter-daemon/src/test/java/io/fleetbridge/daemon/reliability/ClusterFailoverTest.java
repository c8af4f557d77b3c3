package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.daemon.Daemon;
import io.fleetbridge.daemon.DaemonConfig;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsClusterExtension;
import io.fleetbridge.testsupport.NatsServer;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A three-node JetStream cluster with an R3 stream loses the stream's leader under load: killed
 * (SIGKILL) or shut down gracefully (SIGTERM), the node coming back later. Ingest runs on a
 * server of its own; the daemon in process knows all three cluster nodes.
 */
@SuppressWarnings("try")
class ClusterFailoverTest
{
    @RegisterExtension
    static final NatsClusterExtension CLUSTER = NatsServerExtension.cluster();

    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    private static final Duration ELECTION = Duration.ofSeconds(30);

    @Test
    void shouldLandEverythingExactlyOnceWhenTheStreamLeaderIsKilledAndItsNodeComesBack() throws Exception
    {
        run("05-cluster-leader-killed", "3-node cluster, R3 stream: the stream leader is killed (SIGKILL), later restarted",
            "killed", NatsServer::kill,
            "A killed leader takes its connections with it: the publisher connected to it reconnects to another node, "
                + "the remaining two elect a new leader (503s and timeouts meanwhile are retried from the ring), and "
                + "messages the old leader had replicated but not acknowledged come back as duplicates rather than twice. "
                + "When the node returns it catches up from the others; nothing is lost or doubled. Recovery is the "
                + "cluster's election (followers wait out a Raft election timeout of several seconds after a crash) plus "
                + "up to one probe interval of the publishers' backoff (at most 2 s).");
    }

    @Test
    void shouldLandEverythingExactlyOnceWhenTheStreamLeaderShutsDownGracefully() throws Exception
    {
        run("06-cluster-leader-stopped", "3-node cluster, R3 stream: the stream leader shuts down gracefully, later restarted",
            "shut down with SIGTERM", NatsServer::stop,
            "A graceful shutdown hands leadership over before the node goes, so the gap is shorter than after a kill; "
                + "the daemon sees a disconnect of one publisher connection and the same retry path covers it.");
    }

    private void run(final String id, final String title, final String how, final Consumer<NatsServer> fault,
        final String shows) throws Exception
    {
        final String[] urls = CLUSTER.cluster().urls();
        final AdapterKeys keys = new AdapterKeys(ingest.url(), String.join(",", urls));
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(10_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(Options.builder().servers(urls).maxReconnects(-1).build());
             Daemon daemon = Daemon.start(DaemonConfig.parse(keys.map())))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 3);
            final NatsServer leader = CLUSTER.cluster().awaitStreamLeader(keys.stream, ELECTION);
            Deadline.await(Settlement.WAIT, "the daemon ready", () -> daemon.problems().isEmpty());
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 4);
            final long faultNs = System.nanoTime();
            fault.accept(leader);
            final NatsServer successor = CLUSTER.cluster().awaitStreamLeader(keys.stream, ELECTION);
            final long electionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultNs);
            final long recoveryMs = Settlement.recoveryMs(metrics, faultNs);
            sender.awaitSent(total * 3 / 4);
            leader.restart();
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);
            // a reader's consumer may be placed on the restarted node: read once it has caught up
            CLUSTER.cluster().awaitReplicasInStep(keys.stream, ELECTION);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport(id, title, "Three nodes, R3 file stream, ingest on a separate server; the leader is " + how
                    + " after a quarter of " + Load.describe(total) + " and restarted after three quarters.")
                .sent(total).counters(metrics).stream(ledger).recovery(recoveryMs, "the fault; the cluster heals itself")
                .measure("new leader", successor.name() + " (was " + leader.name() + ")")
                .measure("new leader elected after", electionMs + " ms")
                .shows(shows)
                .write();
            assertNotEquals(leader.name(), successor.name());
            Settlement.assertExactlyOnce(metrics, ledger, total);
        }
    }
}
