package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An outage whose probe JetStream answers with a refusal (an API error other than 503): the
 * answer shows JetStream is reachable, so the held messages go out at once instead of waiting for
 * {@code stream.retry_for} to drop them. The server is real; the outage is made at the publish
 * call ({@link PublishCall}), which loses every publish until the probe, and the refusal is the
 * stream's own: the probe is larger than the stream's {@code max_msg_size}.
 */
@SuppressWarnings("try")
class AdapterProbeRefusedTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    /** Well inside retry_for: a publisher that keeps its messages until retry_for cannot pass. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long RETRY_FOR_MS = 120_000;
    private static final int STREAM_MAX_MSG_BYTES = 1024;
    private static final int OTHERS = 5;
    private static final String REFUSED_ID = String.format("%032d", 0);

    @Test
    void shouldEndTheOutageWhenJetStreamRefusesTheProbe() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final AtomicInteger refusedAttempts = new AtomicInteger();
        final AtomicBoolean reachable = new AtomicBoolean();
        // Every publish is lost, so the first timeout starts an outage, until the refused message's second
        // attempt: the first probe (only probes go out in an outage, and it is the oldest message held).
        final UnaryOperator<PublishCall> outage = call -> (subject, replyTo, headers, body) -> {
            if (!reachable.get())
            {
                if (!REFUSED_ID.equals(headers.getFirst("Nats-Msg-Id")) || refusedAttempts.incrementAndGet() < 2)
                {
                    return;
                }
                reachable.set(true);
            }
            call.publish(subject, replyTo, headers, body);
        };
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(names.stream)
                .subjects(names.prefix + ".>")
                .storageType(StorageType.File)
                .maximumMessageSize(STREAM_MAX_MSG_BYTES)
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
            try (Adapter adapter = start(names, outage))
            {
                final byte[] large = new byte[2 * STREAM_MAX_MSG_BYTES];
                Arrays.fill(large, (byte)'x');
                nc.publish(names.ingest, ChoriaMessage.v1Request("large.example.net", REFUSED_ID, ChoriaMessage.TIME_SECONDS,
                    ("{\"x\":\"" + new String(large, StandardCharsets.US_ASCII) + "\"}").getBytes(StandardCharsets.UTF_8)).bytes());
                for (int i = 1; i <= OTHERS; i++)
                {
                    // senders of their own, so that none waits behind the refused message for its order
                    nc.publish(names.ingest, ChoriaMessage.v1Request("node-" + i + ".example.net", String.format("%032d", i),
                        ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
                }
                final AdapterMetrics metrics = adapter.metrics();
                Deadline.await(WAIT, "the messages held behind the refused probe land, long before retry_for",
                    () -> metrics.published.sum() == OTHERS && metrics.droppedTotal() == 1);

                assertEquals(1, metrics.dropped(DropReason.PUBLISH_FAILED).sum(), "the refused message, after its third attempt");
                assertEquals(OTHERS + 1, metrics.received.sum());
                AdapterEndToEndTest.assertAccounted(metrics);
                final Map<String, Integer> counts = StreamContents.requestIdCounts(StreamContents.read(nc, names.stream));
                assertEquals(OTHERS, counts.size());
                assertFalse(counts.containsKey(REFUSED_ID));
            }
        }
    }

    private static Adapter start(final AdapterEndToEndTest.Names names, final UnaryOperator<PublishCall> faults)
        throws InterruptedException
    {
        // one publisher, so that the refused message, received first, is the oldest one held and the one probed
        final AdapterConfig config = AdapterConfig.builder(names.adapter)
            .streamServers(List.of(NATS.url()))
            .streamTopic(names.prefix + ".%s")
            .streamWorkers(1)
            .ingestTopic(names.ingest)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestWorkers(1)
            .ingestServers(List.of(NATS.url()))
            .ackTimeoutMs(300)
            .retryForMs(RETRY_FOR_MS)
            .drainTimeoutMs(1_000)
            .queueLength(64).build();
        return FaultyPublishes.start(config, faults, WAIT);
    }
}
