package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServer;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline against a real nats-server: ingest subject in, JetStream stream out. */
@SuppressWarnings("try")
class AdapterEndToEndTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final int SMALL_PAYLOAD_BYTES = 64 * 1024;

    /** A JetStream server that takes smaller messages than the ingest's. */
    @RegisterExtension
    static final NatsServerExtension SMALL_PAYLOAD = NatsServerExtension.single(NatsServer.builder().maxPayloadBytes(SMALL_PAYLOAD_BYTES));

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int QUEUE_LENGTH = 1024;
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldLandEveryValidRequestExactlyOnceWithTheExactEnvelopeSubjectAndMsgId() throws Exception
    {
        final Names names = new Names();
        final Map<String, String> expectedBody = new HashMap<>();
        final Map<String, String> expectedSubject = new HashMap<>();
        final List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            final String sender = "node-" + (i % 50) + ".dc1.example.net";
            final String requestId = String.format("%032x", i + 1);
            final byte[] payload = ("{\"n\":" + i + ",\"html\":\"<b>&</b>\"}").getBytes(StandardCharsets.UTF_8);
            final String time;
            if (i % 3 == 2)
            {
                final long nanos = (ChoriaMessage.TIME_SECONDS + i) * 1_000_000_000L + 123_000_000L;
                inputs.add(ChoriaMessage.v2Request(sender, requestId, nanos, payload).bytes());
                time = Instant.ofEpochSecond(0, nanos).toString();
                expectedBody.put(requestId, envelope("{\\\"n\\\":" + i + ",\\\"html\\\":\\\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e\\\"}",
                    sender, time, requestId));
            }
            else
            {
                inputs.add(ChoriaMessage.v1Request(sender, requestId, ChoriaMessage.TIME_SECONDS + i, payload).bytes());
                time = Instant.ofEpochSecond(ChoriaMessage.TIME_SECONDS + i).toString();
                expectedBody.put(requestId, envelope(java.util.Base64.getEncoder().encodeToString(payload), sender, time, requestId));
            }
            expectedSubject.put(requestId, names.prefix + "." + sender);
        }

        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            inputs.forEach(input -> nc.publish(names.ingest, input));
            Deadline.await(WAIT, "all 300 acknowledged", () -> adapter.metrics().published.sum() == 300);

            final List<StreamContents.Stored> stored = StreamContents.read(nc, names.stream);
            assertEquals(300, stored.size());
            for (final StreamContents.Stored message : stored)
            {
                final String requestId = message.requestId();
                assertEquals(expectedBody.get(requestId), message.body(), "body of " + requestId);
                assertEquals(expectedSubject.get(requestId), message.subject());
                assertEquals(requestId, message.msgId(), "Nats-Msg-Id header");
            }
            assertEquals(300, StreamContents.requestIdCounts(stored).size(), "each request id once");
            assertAccounted(adapter.metrics());
            // given back just after a message is counted, on the publisher thread
            Deadline.await(WAIT, "every settled message's bytes back in the queue's budget", () -> adapter.metrics().queueBytes() == 0);
        }
    }

    @Test
    void shouldAdaptRepliesAndRefuseRequestsOnAReplyAdapter() throws Exception
    {
        final Names names = new Names();
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REPLY, b -> b.type("choria_streams")))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            final byte[] payload = "{\"statuscode\":0}".getBytes(StandardCharsets.UTF_8);
            nc.publish(names.ingest, ChoriaMessage.v1Reply("web1.example.net", "a".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes());
            nc.publish(names.ingest, ChoriaMessage.v2Reply("web2.example.net", "b".repeat(32), ChoriaMessage.TIME_SECONDS * 1_000_000_000L, payload).bytes());
            nc.publish(names.ingest, ChoriaMessage.v1Request("web3.example.net", "c".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes());
            Deadline.await(WAIT, "two replies published, one request refused",
                () -> adapter.metrics().published.sum() == 2 && adapter.metrics().dropped(DropReason.INVALID).sum() == 1);

            final List<StreamContents.Stored> stored = StreamContents.read(nc, names.stream);
            assertEquals(2, stored.size());
            assertTrue(stored.get(0).body().startsWith("{\"protocol\":\"choria:adapters:choria_streams:output:1\""), stored.get(0).body());
            assertEquals(1, adapter.metrics().rejected(DecodeResult.WRONG_PROTOCOL).sum());
            assertAccounted(adapter.metrics());
        }
    }

    @Test
    void shouldStoreEveryNodesReplyToOneRequestRatherThanDeduplicateThemByItsId() throws Exception
    {
        // every reply to one request carries its id: with it alone as Nats-Msg-Id the stream would keep the first
        final Names names = new Names();
        final String request = "7".repeat(32);
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REPLY, b -> b))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            final byte[] payload = "{\"statuscode\":0}".getBytes(StandardCharsets.UTF_8);
            nc.publish(names.ingest, ChoriaMessage.v1Reply("web1.example.net", request, ChoriaMessage.TIME_SECONDS, payload).bytes());
            nc.publish(names.ingest, ChoriaMessage.v1Reply("web2.example.net", request, ChoriaMessage.TIME_SECONDS, payload).bytes());
            nc.publish(names.ingest, ChoriaMessage.v2Reply("n\u0153ud.example.net", request, ChoriaMessage.TIME_SECONDS * 1_000_000_000L,
                payload).bytes());
            Deadline.await(WAIT, "three replies published", () -> adapter.metrics().published.sum() == 3);

            final List<StreamContents.Stored> stored = StreamContents.read(nc, names.stream);
            assertEquals(3, stored.size(), () -> "stored " + stored);
            assertEquals(0, adapter.metrics().duplicates.sum());
            // senders are not ordered among themselves
            assertEquals(java.util.Set.of("web1.example.net:" + request, "web2.example.net:" + request,
                ":6ec59375642e6578616d706c652e6e6574:" + request), stored.stream().map(StreamContents.Stored::msgId).collect(
                java.util.stream.Collectors.toSet()), "the sender and the request id, a sender not plain ASCII as hex");
            assertAccounted(adapter.metrics());
        }
    }

    /** Connected and with its stream found once, an adapter whose publishes go unanswered cannot land anything: not ready. */
    @Test
    void shouldNotBeReadyWhileJetStreamDoesNotAcknowledgeAndBeReadyOnceItDoes() throws Exception
    {
        final Names names = new Names();
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b.ackTimeoutMs(500)))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            final byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
            nc.publish(names.ingest, ChoriaMessage.v1Request("web1.example.net", "1".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes());
            // the daemon ticks every second: that is when the adapter looks for its stream again
            Deadline.await(WAIT, "published and ready", () -> adapter.metrics().published.sum() == 1 && ready(adapter));

            // the stream goes: publishes are answered 503, and the connection stays up
            nc.jetStreamManagement().deleteStream(names.stream);
            nc.publish(names.ingest, ChoriaMessage.v1Request("web2.example.net", "2".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes());
            Deadline.await(WAIT, "not ready while nothing is acknowledged", () -> adapter.problems().stream()
                .anyMatch(problem -> problem.contains("JetStream has not acknowledged a publish for")));

            StreamContents.create(nc, names.stream, names.prefix + ".>");
            Deadline.await(WAIT, "ready again once the held message lands",
                () -> adapter.metrics().published.sum() == 2 && ready(adapter));
            assertAccounted(adapter.metrics());
        }
    }

    /** The server keeps a connection whose subscription it refused, and says so once: readiness must say so too. */
    @Test
    void shouldNotBeReadyWhileTheServerRefusesTheIngestSubscription() throws Exception
    {
        final Names names = new Names();
        try (NatsServer server = NatsServer.builder().extraConfig("authorization { users: [ {user: bridge, password: pw, "
            + "permissions: { subscribe: { deny: [\"" + names.ingest + "\"] } } } ] }\n").build())
        {
            server.start();
            final AdapterConfig config = AdapterConfig.builder(names.adapter)
                .streamServers(List.of(server.url())).streamTopic(names.prefix + ".%s")
                .ingestTopic(names.ingest).ingestProtocol(IngestProtocol.REQUEST).ingestServers(List.of(server.url())).build();
            final UnaryOperator<io.nats.client.Options.Builder> user = options -> options.userInfo("bridge", "pw");
            try (Adapter adapter = new Adapter(config, new AdapterMetrics(names.adapter), user, user))
            {
                adapter.start();
                Deadline.await(WAIT, "the refusal among the problems", () -> adapter.problems().stream()
                    .anyMatch(problem -> problem.contains("the server refused") && problem.contains("Permissions Violation for Subscription")));
            }
        }
    }

    @Test
    void shouldCountEveryRejectionAndLetNothingInvalidLand() throws Exception
    {
        final Names names = new Names();
        final byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        final List<byte[]> invalid = List.of(
            "not json".getBytes(StandardCharsets.UTF_8),
            "{\"protocol\":\"choria:transport:1\",\"data\":".getBytes(StandardCharsets.UTF_8),
            "{\"protocol\":\"something:else\",\"data\":\"e30=\"}".getBytes(StandardCharsets.UTF_8),
            ChoriaMessage.v1Request("web 1", "d".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes(),
            ChoriaMessage.v1Request("web.*", "e".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes(),
            ChoriaMessage.v1Request("", "f".repeat(32), ChoriaMessage.TIME_SECONDS, payload).bytes(),
            // request ids that cannot be a Nats-Msg-Id header value: they must be refused, not reach the publisher
            ChoriaMessage.v1Request("caf.example.net", "caf\u00e9", ChoriaMessage.TIME_SECONDS, payload).bytes(),
            ChoriaMessage.v1Request("crlf.example.net", "a\r\nNats-Expected-Stream: x", ChoriaMessage.TIME_SECONDS, payload).bytes(),
            "[".repeat(200_000).getBytes(StandardCharsets.UTF_8));
        final byte[] tooLarge = ChoriaMessage.v1Request("big.example.net", "9".repeat(32), ChoriaMessage.TIME_SECONDS,
            new byte[300_000]).bytes();

        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b.ingestMaxBytes(256 * 1024)))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            for (int i = 0; i < 10; i++)
            {
                invalid.forEach(input -> nc.publish(names.ingest, input));
                nc.publish(names.ingest, tooLarge);
                nc.publish(names.ingest, ChoriaMessage.v1Request("good" + i + ".example.net", String.format("%032d", i),
                    ChoriaMessage.TIME_SECONDS, payload).bytes());
            }
            final AdapterMetrics metrics = adapter.metrics();
            Deadline.await(WAIT, "every input settled",
                () -> metrics.received.sum() == 110 && metrics.published.sum() + metrics.droppedTotal() == 110);

            assertEquals(10, metrics.published.sum());
            assertEquals(90, metrics.dropped(DropReason.INVALID).sum());
            assertEquals(20, metrics.rejected(DecodeResult.BAD_REQUEST_ID).sum(), "non-ASCII and CR LF request ids");
            assertEquals(10, metrics.dropped(DropReason.TOO_LARGE).sum());
            assertEquals(20, metrics.rejected(DecodeResult.BAD_SENDER).sum(), "whitespace and wildcard senders");
            assertEquals(10, metrics.rejected(DecodeResult.EMPTY_SENDER).sum());
            assertEquals(10, StreamContents.count(nc, names.stream));
            assertAccounted(metrics);
        }
    }

    @Test
    void shouldLandAMessageSentTwiceWithTheSameRequestIdOnce() throws Exception
    {
        final Names names = new Names();
        final byte[] input = ChoriaMessage.v1Request("twice.example.net", "7".repeat(32), ChoriaMessage.TIME_SECONDS,
            "{}".getBytes(StandardCharsets.UTF_8)).bytes();
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            nc.publish(names.ingest, input);
            Deadline.await(WAIT, "first acknowledged", () -> adapter.metrics().published.sum() == 1);
            nc.publish(names.ingest, input);
            Deadline.await(WAIT, "second acknowledged", () -> adapter.metrics().published.sum() == 2);

            assertEquals(1, StreamContents.count(nc, names.stream));
            assertEquals(1, adapter.metrics().duplicates.sum());
            assertAccounted(adapter.metrics());
        }
    }

    @Test
    void shouldCountAcksFromAStreamNamedErrorAsPublished() throws Exception
    {
        // the server's PubAck names the stream: {"stream":"error", "seq":1} is an acknowledgement, not an error
        final Names names = new Names();
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b))
        {
            StreamContents.create(nc, "error", names.prefix + ".>");
            for (int i = 0; i < 5; i++)
            {
                nc.publish(names.ingest, ChoriaMessage.v1Request("node" + i + ".example.net", String.format("%032d", i),
                    ChoriaMessage.TIME_SECONDS, EMPTY_OBJECT).bytes());
            }
            final AdapterMetrics metrics = adapter.metrics();
            Deadline.await(WAIT, "every input settled",
                () -> metrics.received.sum() == 5 && metrics.published.sum() + metrics.droppedTotal() == 5);

            assertEquals(5, metrics.published.sum(), "acknowledged by the stream named error");
            assertEquals(0, metrics.outputErrors.sum(), "no acknowledgement read as a refusal");
            assertEquals(5, StreamContents.count(nc, "error"));
            assertAccounted(metrics);
        }
        finally
        {
            try (Connection nc = Nats.connect(NATS.url()))
            {
                nc.jetStreamManagement().deleteStream("error");
            }
        }
    }

    @Test
    void shouldRefuseARequestIdTooLongAtDecodeAndGoOn() throws Exception
    {
        // 600 KB of request id: each publisher would keep buffers that long for every message in flight
        assertDroppedAtOnceWhileTheNextLands(
            ChoriaMessage.v1Request("long-id.example.net", "a".repeat(600_000), ChoriaMessage.TIME_SECONDS, EMPTY_OBJECT),
            DropReason.INVALID, NATS.url());
    }

    @Test
    void shouldDropAnEnvelopeWhoseBodyAndMsgIdHeaderTogetherExceedTheStreamServersMaxPayloadAndGoOn() throws Exception
    {
        // the stream's server takes less than the ingest's (64 KiB): the envelope fits, but not with its Nats-Msg-Id
        final String id = "b".repeat(MsgIdHeader.MAX_ID_BYTES);
        final int withoutData = envelope("", "big-body.example.net", "2018-03-03T14:49:17Z", id).length();
        // a body 150 bytes short of the limit (give or take the time's width); its header adds about 290
        final int dataChars = (SMALL_PAYLOAD_BYTES - 150 - withoutData) / 4 * 4;
        assertDroppedAtOnceWhileTheNextLands(
            ChoriaMessage.v1Request("big-body.example.net", id, ChoriaMessage.TIME_SECONDS, new byte[dataChars / 4 * 3]),
            DropReason.TOO_LARGE, SMALL_PAYLOAD.url());
    }

    @Test
    void shouldRefuseASenderTooLongForASubjectAtDecodeAndGoOn() throws Exception
    {
        // a sender id this long would make a subject over the client's 4 KiB control line, which jnats refuses to
        // publish; the decoder refuses it first (longer than 255 bytes), so it is never encoded or cached
        assertDroppedAtOnceWhileTheNextLands(
            ChoriaMessage.v1Request("n".repeat(5_000), "c".repeat(32), ChoriaMessage.TIME_SECONDS, EMPTY_OBJECT),
            DropReason.INVALID, NATS.url());
    }

    /**
     * Sends an input no server can take as it is, then a good one, to a single publisher: the first must be
     * dropped at once under {@code reason}, not held and retried like an outage, so the second lands.
     */
    private static void assertDroppedAtOnceWhileTheNextLands(final ChoriaMessage hostile, final DropReason reason,
        final String streamUrl) throws Exception
    {
        final Names names = new Names();
        final byte[] good = ChoriaMessage.v1Request("after.example.net", "d".repeat(32), ChoriaMessage.TIME_SECONDS,
            EMPTY_OBJECT).bytes();
        try (Connection nc = Nats.connect(NATS.url());
             Connection streamSide = Nats.connect(streamUrl);
             Adapter adapter = start(names, IngestProtocol.REQUEST, b -> b.streamWorkers(1).streamServers(List.of(streamUrl))))
        {
            StreamContents.create(streamSide, names.stream, names.prefix + ".>");
            nc.publish(names.ingest, hostile.bytes());
            nc.publish(names.ingest, good);
            final AdapterMetrics metrics = adapter.metrics();
            Deadline.await(WAIT, "the good message published after the one that cannot be sent",
                () -> metrics.published.sum() == 1 && metrics.droppedTotal() == 1);

            assertEquals(1, metrics.dropped(reason).sum(), "dropped at once, counted as " + reason);
            assertEquals(0, metrics.retries.sum(), "no outage: nothing held, nothing re-sent");
            assertEquals(1, StreamContents.count(streamSide, names.stream));
            assertAccounted(metrics);
            Deadline.await(WAIT, "the dropped message's bytes back in the queue's budget too", () -> metrics.queueBytes() == 0);
        }
    }

    static void assertAccounted(final AdapterMetrics metrics)
    {
        assertEquals(metrics.received.sum(), metrics.published.sum() + metrics.droppedTotal(),
            "received = published + dropped");
    }

    private static String envelope(final String data, final String sender, final String time, final String requestId)
    {
        return "{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"" + data + "\",\"sender\":\"" + sender
            + "\",\"time\":\"" + time + "\",\"requestid\":\"" + requestId + "\"}";
    }

    private static Adapter start(final Names names, final IngestProtocol protocol, final UnaryOperator<AdapterConfig.Builder> tweak)
        throws InterruptedException
    {
        final AdapterConfig config = tweak.apply(AdapterConfig.builder(names.adapter)
            .streamServers(List.of(NATS.url()))
            .streamTopic(names.prefix + ".%s")
            .streamWorkers(3)
            .ingestTopic(names.ingest)
            .ingestProtocol(protocol)
            .ingestWorkers(2)
            .ingestServers(List.of(NATS.url()))
            .queueLength(QUEUE_LENGTH)).build();
        final Adapter adapter = new Adapter(config, new AdapterMetrics(names.adapter), UnaryOperator.identity());
        adapter.start();
        Deadline.await(WAIT, "adapter ready", () -> adapter.problems().isEmpty() || onlyStreamMissing(adapter));
        return adapter;
    }

    private static boolean ready(final Adapter adapter)
    {
        adapter.tick();
        return adapter.problems().isEmpty();
    }

    private static boolean onlyStreamMissing(final Adapter adapter)
    {
        return adapter.problems().stream().allMatch(p -> p.contains("no JetStream stream"));
    }

    /** Per-test names, so tests sharing the server never see each other's traffic. */
    static final class Names
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String adapter = "a" + id;
        final String stream = "S_" + id;
        final String prefix = "out." + id;
        final String ingest = "in." + id;
    }
}
