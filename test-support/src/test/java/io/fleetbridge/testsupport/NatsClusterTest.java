package io.fleetbridge.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class NatsClusterTest
{
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final NatsClusterExtension CLUSTER = NatsServerExtension.cluster();

    @Test
    void shouldFormClusterWithMetaLeaderAndDistinctNodes()
    {
        final NatsCluster cluster = CLUSTER.cluster();
        assertTrue(cluster.metaLeader().isPresent());
        assertEquals(3, cluster.nodes().stream().map(NatsServer::port).distinct().count());
        assertEquals(3, cluster.nodes().stream().map(NatsServer::storeDir).distinct().count());
        assertEquals(3, cluster.url().split(",").length);
        assertEquals("n2", cluster.node(2).name());
    }

    @Test
    void shouldReplicateR3StreamToEveryNode(final TestInfo test) throws Exception
    {
        final NatsCluster cluster = CLUSTER.cluster();
        final String stream = TestStreams.nameFor(test);
        try (Connection nc = TestStreams.connect(cluster.urls()))
        {
            final JetStreamManagement jsm = nc.jetStreamManagement(TestStreams.FAST_API);
            TestStreams.addFileStream(nc, stream, 3);
            final JetStream js = nc.jetStream(TestStreams.FAST_API);
            for (int i = 1; i <= 5; i++)
            {
                assertEquals(i, js.publish(stream + ".reg", body(i)).getSeqno());
            }

            assertEquals(3, jsm.getStreamInfo(stream).getConfiguration().getReplicas());
            for (int i = 1; i <= 5; i++)
            {
                assertArrayEquals(body(i), jsm.getMessage(stream, i).getData());
            }
            final String leader = jsm.getStreamInfo(stream).getClusterInfo().getLeader();
            assertEquals(leader, cluster.awaitStreamLeader(stream, ELECTION_TIMEOUT).name());
        }
        for (final NatsServer node : cluster.nodes())
        {
            Deadline.await(ELECTION_TIMEOUT, node.name() + " holds all 5 messages",
                () -> node.localStream(stream).map(local -> local.messages() == 5).orElse(false));
        }
    }

    @Test
    void shouldPublishAgainAfterStreamLeaderIsKilledAndCatchUpAfterRestart(final TestInfo test) throws Exception
    {
        final NatsCluster cluster = CLUSTER.cluster();
        final String stream = TestStreams.nameFor(test);
        try (Connection nc = TestStreams.connect(cluster.urls()))
        {
            TestStreams.addFileStream(nc, stream, 3);
            final JetStream js = nc.jetStream(TestStreams.FAST_API);
            for (int i = 1; i <= 3; i++)
            {
                js.publish(stream + ".reg", body(i), idOf(i));
            }

            final NatsServer oldLeader = cluster.awaitStreamLeader(stream, ELECTION_TIMEOUT);
            final int port = oldLeader.port();
            final Path store = oldLeader.storeDir();
            oldLeader.kill();
            assertFalse(oldLeader.isRunning());

            // the message id makes a retried publish that the old leader did store count once
            final PublishAck ack = Deadline.awaitValue(ELECTION_TIMEOUT, "a publish accepted by a new leader",
                () -> tryPublish(js, stream + ".reg", 4));
            assertEquals(4, ack.getSeqno());
            final NatsServer newLeader = cluster.awaitStreamLeader(stream, ELECTION_TIMEOUT);
            assertNotSame(oldLeader, newLeader);

            oldLeader.restart();
            assertEquals(port, oldLeader.port());
            assertEquals(store, oldLeader.storeDir());
            cluster.awaitReplicasInStep(stream, ELECTION_TIMEOUT);
            assertEquals(4, oldLeader.localStream(stream).orElseThrow().lastSequence(), "the restarted node caught up to 4 messages");
            assertArrayEquals(body(4), nc.jetStreamManagement(TestStreams.FAST_API).getMessage(stream, 4).getData());
        }
    }

    private static Optional<PublishAck> tryPublish(final JetStream js, final String subject, final int i)
    {
        try
        {
            return Optional.of(js.publish(subject, body(i), idOf(i)));
        }
        catch (final IOException | JetStreamApiException e)
        {
            return Optional.empty();
        }
    }

    private static PublishOptions idOf(final int i)
    {
        return PublishOptions.builder().messageId("msg-" + i).build();
    }

    private static byte[] body(final int i)
    {
        return ("registration " + i).getBytes(StandardCharsets.UTF_8);
    }
}
