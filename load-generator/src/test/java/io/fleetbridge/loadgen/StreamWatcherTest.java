package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the watcher had not read when it stopped is counted from the stream, so that a slow verifier is not taken for loss. */
@SuppressWarnings("try")
class StreamWatcherTest
{
    @RegisterExtension
    final NatsServerExtension nats = NatsServerExtension.single();

    private LoadOptions options()
    {
        return new LoadOptions().servers(nats.url()).stream("REG").topic("choria.node_metadata.%s");
    }

    private static void store(final JetStream js, final String subject, final int count) throws Exception
    {
        for (int i = 0; i < count; i++)
        {
            js.publish(subject, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldCountWhatLandedAfterTheLastEnvelopeItReadOnItsSubjectsOnly() throws Exception
    {
        try (Connection nc = Nats.connect(nats.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("REG")
                .subjects("choria.node_metadata.>", "choria.elsewhere.>").storageType(StorageType.Memory).build());
            final JetStream js = nc.jetStream();
            store(js, "choria.node_metadata.before", 2);
            try (StreamWatcher watcher = StreamWatcher.open(options()))
            {
                store(js, "choria.node_metadata.a", 3);
                Deadline.await(Duration.ofSeconds(30), "the watcher read three", () -> watcher.early() == 3);
                watcher.stop();
                store(js, "choria.node_metadata.b", 4);
                store(js, "choria.elsewhere.c", 5);

                final Set<String> consumersBefore = new HashSet<>(nc.jetStreamManagement().getConsumerNames("REG"));
                assertEquals(4, watcher.unread(), "what came after its last read, on the subjects it reads");
                final Set<String> consumersAfter = new HashSet<>(nc.jetStreamManagement().getConsumerNames("REG"));
                assertTrue(consumersBefore.containsAll(consumersAfter), "the count's consumer is deleted: " + consumersAfter);
            }
        }
    }

    @Test
    void shouldCountFromWhereItStartedWhenItReadNothing() throws Exception
    {
        try (Connection nc = Nats.connect(nats.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("REG")
                .subjects("choria.node_metadata.>").storageType(StorageType.Memory).build());
            final JetStream js = nc.jetStream();
            store(js, "choria.node_metadata.before", 2);
            try (StreamWatcher watcher = StreamWatcher.open(options()))
            {
                watcher.stop();
                store(js, "choria.node_metadata.a", 3);
                assertEquals(3, watcher.unread(), "not the two stored before the run");
            }
        }
    }
}
