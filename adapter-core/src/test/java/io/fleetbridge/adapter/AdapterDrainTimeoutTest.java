package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A close whose drain runs out of {@code drain_timeout} with inputs still queued in the client for
 * the ingest workers: jnats closes the connection and never hands them over. Every input the
 * client read must still be counted, as received and dropped at shutdown.
 */
@SuppressWarnings("try")
class AdapterDrainTimeoutTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int INPUTS = 100_000;

    @Test
    void shouldCountEveryInputTheClientReadWhenTheDrainRunsOut() throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final AdapterConfig config = AdapterConfig.builder("a" + id)
            .streamServers(List.of(NATS.url()))
            .streamTopic("out." + id + ".%s")
            .ingestTopic("in." + id)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestServers(List.of(NATS.url()))
            .drainTimeoutMs(0)
            .build();
        final byte[] input = ChoriaMessage.v1Request("node.example.net", String.format("%032d", 1), ChoriaMessage.TIME_SECONDS,
            "{}".getBytes(StandardCharsets.UTF_8)).bytes();
        final AdapterMetrics metrics = new AdapterMetrics(config.name());
        final Adapter adapter = new Adapter(config, metrics, java.util.function.UnaryOperator.identity());
        try (Connection source = Nats.connect(NATS.url()))
        {
            StreamContents.create(source, "S_" + id, "out." + id + ".>");
            adapter.start();
            Deadline.await(WAIT, "adapter ready", () -> adapter.problems().isEmpty());
            for (int i = 0; i < INPUTS; i++)
            {
                source.publish("in." + id, input);
            }
            source.flush(Duration.ofSeconds(30));
            // close while the client still holds a backlog for the worker: the reader outruns decoding a burst
            Deadline.await(WAIT, "the worker handling the burst", () -> metrics.received.sum() > 1_000);
        }
        finally
        {
            adapter.close();
        }
        assertTrue(adapter.undeliveredAtClose() > 0, "the drain ended with inputs still queued in the client");
        assertEquals(adapter.ingestRead(), metrics.received.sum(), "every input the client read is counted");
        AdapterEndToEndTest.assertAccounted(metrics);
        assertTrue(metrics.dropped(DropReason.SHUTDOWN).sum() >= adapter.undeliveredAtClose());
    }
}
