package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

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
    private static final int TRIES = 3;

    @Test
    void shouldCountEveryInputTheClientReadWhenTheDrainRunsOut() throws Exception
    {
        long undelivered = 0;
        for (int i = 0; i < TRIES && undelivered == 0; i++)
        {
            undelivered = closeDuringABurst();
        }
        // the invariant was checked on every try; that the path under test was taken needs a backlog at the close
        assumeTrue(undelivered > 0, "no try closed with inputs queued in the client: the worker kept up with the burst");
    }

    /** Closes an adapter while a burst still arrives; checks the count and returns the inputs the client never handed over. */
    private static long closeDuringABurst() throws Exception
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
        final Adapter adapter = new Adapter(config, metrics, UnaryOperator.identity());
        try (Connection source = Nats.connect(NATS.url()))
        {
            StreamContents.create(source, "S_" + id, "out." + id + ".>");
            adapter.start();
            Deadline.await(WAIT, "adapter ready", () -> adapter.problems().isEmpty());
            // the burst goes on while the adapter closes, so that the client still holds some for the worker
            final Thread burst = new Thread(() ->
            {
                for (int i = 0; i < INPUTS; i++)
                {
                    source.publish("in." + id, input);
                }
            }, "burst");
            burst.start();
            try
            {
                Deadline.await(WAIT, "the worker handling the burst", () -> metrics.received.sum() > 1_000);
            }
            finally
            {
                adapter.close();
                burst.join();
            }
        }
        assertEquals(adapter.ingestRead(), metrics.received.sum(), "every input the client read is counted");
        AdapterEndToEndTest.assertAccounted(metrics);
        return adapter.undeliveredAtClose();
    }
}
