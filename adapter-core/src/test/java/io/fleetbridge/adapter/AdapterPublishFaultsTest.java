package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the publish call does, every message ends published or dropped under exactly one
 * reason. The server is real; the client's failures are made at the publish call
 * ({@link PublishCall}): once, on the first attempt (it throws a runtime exception or an error,
 * or the publish is lost on its way), or for good (the client refuses the message).
 */
@SuppressWarnings("try")
class AdapterPublishFaultsTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TOTAL = 240;
    private static final int KINDS = 6;

    @Test
    void shouldEndEveryMessagePublishedOrDroppedOnceWhateverThePublishCallDoes() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final Set<String> tried = ConcurrentHashMap.newKeySet();
        final UnaryOperator<PublishCall> faults = call -> (subject, replyTo, headers, body) -> {
            final String id = headers.getFirst("Nats-Msg-Id");
            final boolean first = tried.add(id);
            switch (Integer.parseInt(id) % KINDS)
            {
                case 1:
                    if (first)
                    {
                        throw new IllegalStateException("injected: output queue full");
                    }
                    break;
                case 2:
                    if (first)
                    {
                        throw new NullPointerException("injected: a client bug");
                    }
                    break;
                case 3:
                    if (first)
                    {
                        throw new AssertionError("injected: an error, not an exception");
                    }
                    break;
                case 4:
                    if (first)
                    {
                        return; // lost on its way, as at a broken connection
                    }
                    break;
                case 5:
                    throw new IllegalArgumentException("injected: the client refuses this message");
                default:
                    break;
            }
            call.publish(subject, replyTo, headers, body);
        };
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            try (Adapter adapter = FaultyPublishes.start(NATS.url(), names, faults, WAIT))
            {
                for (int i = 0; i < TOTAL; i++)
                {
                    nc.publish(names.ingest, ChoriaMessage.v1Request("node-" + i % 13 + ".example.net", String.format("%032d", i),
                        ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
                }
                final AdapterMetrics metrics = adapter.metrics();
                Deadline.await(WAIT, "every input settled",
                    () -> metrics.received.sum() == TOTAL && metrics.published.sum() + metrics.droppedTotal() == TOTAL);

                final int perKind = TOTAL / KINDS;
                assertEquals(perKind, metrics.dropped(DropReason.PUBLISH_FAILED).sum(), "refused by the client: dropped at once");
                assertEquals(perKind, metrics.droppedTotal(), "no other drops");
                assertEquals(TOTAL - perKind, metrics.published.sum(), "a failure once is retried until it lands");
                AdapterEndToEndTest.assertAccounted(metrics);

                final Map<String, Integer> counts = StreamContents.requestIdCounts(StreamContents.read(nc, names.stream));
                assertEquals(TOTAL - perKind, counts.size());
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "each landed once");
                for (final String id : counts.keySet())
                {
                    assertTrue(Integer.parseInt(id) % KINDS != 5, "never landed: " + id);
                }
            }
        }
    }

    /**
     * A message is dropped after three refusals, not after three attempts of any kind: one whose publishes were lost
     * three times (as in an outage, each timing out) and then refused twice must still be sent again and land.
     */
    @Test
    void shouldNotSpendARefusalOnEachAttemptThatTimedOut() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final AtomicInteger attempts = new AtomicInteger();
        final UnaryOperator<PublishCall> faults = call -> (subject, replyTo, headers, body) -> {
            final int attempt = attempts.incrementAndGet();
            if (attempt <= 3)
            {
                return; // lost: only the ack timeout tells
            }
            if (attempt <= 5)
            {
                // refused by the server: the stream is not the one the header expects
                call.publish(subject, replyTo, new Headers().add("Nats-Msg-Id", headers.getFirst("Nats-Msg-Id"))
                    .add("Nats-Expected-Stream", "elsewhere"), body);
                return;
            }
            call.publish(subject, replyTo, headers, body);
        };
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            try (Adapter adapter = FaultyPublishes.start(NATS.url(), names, faults, WAIT))
            {
                nc.publish(names.ingest, ChoriaMessage.v1Request("node-0.example.net", String.format("%032d", 0),
                    ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
                final AdapterMetrics metrics = adapter.metrics();
                Deadline.await(WAIT, "the input settled", () -> metrics.published.sum() + metrics.droppedTotal() == 1);

                assertEquals(0, metrics.droppedTotal(), "three timeouts and two refusals are not three refusals");
                assertEquals(1, metrics.published.sum());
                assertEquals(6, attempts.get(), "lost three times, refused twice, then stored");
                AdapterEndToEndTest.assertAccounted(metrics);
            }
        }
    }
}
