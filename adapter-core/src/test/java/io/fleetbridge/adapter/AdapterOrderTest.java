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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sender's messages are stored in the order they were received, whatever happens to their
 * first attempts: on a stream that keeps only the latest message per node, a late retry of an
 * older message would replace a newer one. The test's stream keeps every message, so that the
 * order of storage can be read back by sequence once the adapter is done (a consumer on a
 * latest-per-subject stream may never see a message that a newer one replaced before it was
 * delivered, and would report it missing). The server is real; the failures are
 * made at the publish call ({@link PublishCall}): a refusal by the server (a wrong
 * {@code Nats-Expected-Stream} header), a publish lost on its way (as at a broken connection),
 * and a client that throws.
 */
@SuppressWarnings("try")
class AdapterOrderTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SENDERS = 6;
    private static final int PER_SENDER = 25;
    private static final int TOTAL = SENDERS * PER_SENDER;

    @Test
    void shouldStoreEachSendersMessagesInTheOrderReceivedThroughRefusalsLossesAndClientFailures() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final Set<String> tried = ConcurrentHashMap.newKeySet();
        // the first attempt of three messages in four fails, each way in turn
        final UnaryOperator<PublishCall> faults = call -> (subject, replyTo, headers, body) -> {
            final String id = headers.getFirst("Nats-Msg-Id");
            final int index = Integer.parseInt(id);
            if (!tried.add(id))
            {
                call.publish(subject, replyTo, headers, body);
                return;
            }
            switch (index % 4)
            {
                case 1:
                    call.publish(subject, replyTo, new Headers().add("Nats-Msg-Id", id).add("Nats-Expected-Stream", "elsewhere"), body);
                    break;
                case 2:
                    break; // lost: never reaches the server, so only the ack timeout tells
                case 3:
                    throw new IllegalStateException("injected: output queue full");
                default:
                    call.publish(subject, replyTo, headers, body);
                    break;
            }
        };
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            final long senderWaits;
            try (Adapter adapter = FaultyPublishes.start(NATS.url(), names, faults, WAIT))
            {
                // all at once, so that several messages of each sender are in the publisher together
                for (int i = 0; i < TOTAL; i++)
                {
                    nc.publish(names.ingest, ChoriaMessage.v1Request(sender(i), String.format("%032d", i),
                        ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
                }
                final AdapterMetrics metrics = adapter.metrics();
                Deadline.await(WAIT, "every input settled",
                    () -> metrics.received.sum() == TOTAL && metrics.published.sum() + metrics.droppedTotal() == TOTAL);

                assertEquals(TOTAL, metrics.published.sum(), "every failure was retried until it landed");
                assertTrue(metrics.outputErrors.sum() > 0 && metrics.retries.sum() > 0, "failures were made");
                senderWaits = metrics.senderWaits.sum();
                AdapterEndToEndTest.assertAccounted(metrics);
            }

            // published counts acknowledgements, a duplicate's included: each input is in the stream exactly once
            final List<StreamContents.Stored> stored = StreamContents.read(nc, names.stream);
            assertEquals(TOTAL, stored.size(), "every input stored, none twice");
            final Map<String, List<Integer>> storedOrder = new HashMap<>();
            for (final StreamContents.Stored message : stored)
            {
                storedOrder.computeIfAbsent(message.subject(), s -> new ArrayList<>()).add(Integer.parseInt(message.requestId()));
            }
            for (int s = 0; s < SENDERS; s++)
            {
                final String subject = names.prefix + "." + sender(s);
                final List<Integer> order = storedOrder.get(subject);
                assertEquals(PER_SENDER, order.size(), subject + " stored each of its messages once: " + order);
                for (int k = 1; k < order.size(); k++)
                {
                    assertTrue(order.get(k) > order.get(k - 1), subject + " stored in received order: " + order);
                }
                // what a latest-per-node stream would keep
                final int newest = TOTAL - SENDERS + s;
                assertEquals(newest, index(nc.jetStreamManagement().getLastMessage(names.stream, subject).getData()),
                    "the latest stored for " + subject + " is the newest received");
            }
            assertTrue(senderWaits > 0, "messages waited behind their sender's earlier one");
        }
    }

    private static String sender(final int index)
    {
        return "node-" + index % SENDERS + ".example.net";
    }

    private static int index(final byte[] envelope)
    {
        final String body = new String(envelope, StandardCharsets.UTF_8);
        final int at = body.indexOf("\"requestid\":\"") + 13;
        return Integer.parseInt(body.substring(at, body.indexOf('"', at)));
    }
}
