package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JetStream goes away while inputs keep arriving. Ingest and JetStream run on separate servers
 * so that the ingest side is unaffected, as when a broker adapts into a separate JetStream
 * cluster.
 */
@SuppressWarnings("try")
class AdapterOutageTest
{
    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    @RegisterExtension
    final NatsServerExtension jetStream = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] PAYLOAD = "{\"facts\":{}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldLandEverythingReceivedDuringAJetStreamRestartExactlyOnce() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Adapter adapter = start(names, b -> b.queueLength(8192).ackTimeoutMs(500)))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
            final AdapterMetrics metrics = adapter.metrics();

            sendPaced(source, names, 0, 500);
            Deadline.await(WAIT, "first 500 acknowledged", () -> metrics.published.sum() == 500);
            jetStream.server().kill();
            sendPaced(source, names, 500, 1500);
            Deadline.await(WAIT, "outage inputs received", () -> metrics.received.sum() == 1500);
            assertTrue(metrics.published.sum() < 1500, "nothing can be acknowledged while JetStream is down");
            jetStream.server().restart();
            sendPaced(source, names, 1500, 2000);

            Deadline.await(WAIT, "every input acknowledged after the restart", () -> metrics.published.sum() == 2000);
            final List<StreamContents.Stored> stored = StreamContents.read(stream, names.stream);
            final Map<String, Integer> counts = StreamContents.requestIdCounts(stored);
            assertEquals(2000, counts.size(), "every request id is in the stream");
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "and each only once");
            assertEquals(0, metrics.droppedTotal());
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldKeepEachSendersNewestMessageLatestThroughAJetStreamRestart() throws Exception
    {
        // a stream that keeps the latest message per node: a retry landing after a newer message would replace it
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Adapter adapter = start(names, b -> b.queueLength(8192).ackTimeoutMs(500)))
        {
            StreamContents.createLatestPerSubject(stream, names.stream, names.prefix + ".>");
            final AdapterMetrics metrics = adapter.metrics();
            sendPaced(source, names, 0, 500);
            jetStream.server().kill();
            sendPaced(source, names, 500, 1500);
            jetStream.server().restart();
            sendPaced(source, names, 1500, 2000);

            Deadline.await(WAIT, "every input acknowledged after the restart", () -> metrics.published.sum() == 2000);
            for (int node = 0; node < 97; node++)
            {
                final String subject = names.prefix + ".node-" + node + ".example.net";
                final int newest = 2000 - 1 - Math.floorMod(2000 - 1 - node, 97);
                final String body = new String(stream.jetStreamManagement().getLastMessage(names.stream, subject).getData(),
                    StandardCharsets.UTF_8);
                assertTrue(body.contains(String.format("\"requestid\":\"%032d\"", newest)),
                    subject + " holds its newest message, " + newest + ": " + body);
            }
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldCountQueueFullDropsWhenAnOutageOutgrowsTheRing() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Adapter adapter = start(names, b -> b.queueLength(64).ackTimeoutMs(500)))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
            final AdapterMetrics metrics = adapter.metrics();
            jetStream.server().kill();
            sendPaced(source, names, 0, 1000);
            Deadline.await(WAIT, "all inputs received", () -> metrics.received.sum() == 1000);
            jetStream.server().restart();

            Deadline.await(WAIT, "every input settled", () -> metrics.published.sum() + metrics.droppedTotal() == 1000);
            final long queueFull = metrics.dropped(DropReason.QUEUE_FULL).sum();
            assertTrue(queueFull >= 1000 - 64, "a 64-slot ring holds at most 64 messages, dropped " + queueFull);
            // the broker's choria_adapter_errors{role="input"} counts a full work queue, so alerts on it keep working
            assertEquals(queueFull, metrics.inputErrors.sum());
            // Inputs are unique, so every acknowledged message (a retry the server reports as a
            // duplicate of an earlier attempt included) is in the stream exactly once.
            assertEquals(metrics.published.sum(), StreamContents.count(stream, names.stream));
            final Map<String, Integer> counts = StreamContents.requestIdCounts(StreamContents.read(stream, names.stream));
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "what landed, landed once");
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldHoldAtMostQueueBytesDuringAnOutageAndGiveThemBackOnceSettled() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final long queueBytes = 2 << 20;
        final byte[] large = new byte[48 * 1024];
        java.util.Arrays.fill(large, (byte) 'f');
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Adapter adapter = start(names, b -> b.queueLength(8192).queueBytes(queueBytes).ackTimeoutMs(500)))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
            final AdapterMetrics metrics = adapter.metrics();
            assertEquals(queueBytes, metrics.queueBytesCapacity());
            jetStream.server().kill();
            final int total = 400;
            int largest = 0;
            for (int i = 0; i < total; i++)
            {
                final byte[] input = ChoriaMessage.v1Request("node-" + (i % 97) + ".example.net", String.format("%032d", i),
                    ChoriaMessage.TIME_SECONDS, large).bytes();
                largest = Math.max(largest, input.length);
                source.publish(names.ingest, input);
                // paced: each ingest connection may hold queue_bytes / workers (1 MiB) unread before jnats drops
                // inputs as a slow consumer, which only the adapter's next tick would count; at most 8 inputs
                // (720 KB) are ever unread here, on one connection or both
                final int sent = i + 1;
                if (sent % 4 == 0)
                {
                    Deadline.await(WAIT, "the adapter keeps up with the sender", () -> metrics.received.sum() >= sent - 4);
                }
            }
            source.flush(Duration.ofSeconds(5));
            // received is counted before an input is decoded, and queued or dropped after
            Deadline.await(WAIT, "every input received and queued or dropped",
                () -> metrics.received.sum() == total && metrics.queueLength() + metrics.droppedTotal() == total);

            final long held = metrics.queueBytes();
            final long queued = metrics.queueLength();
            // 400 inputs of about 90 KB are 36 MB; the ring has room for all of them, the bytes do not
            assertTrue(held <= queueBytes + 2L * 2 * largest, "held " + held + " of " + queueBytes);
            assertTrue(queued < total / 4, "the bytes, not the slots, bound the queue: " + queued + " queued");
            assertEquals(total - queued, metrics.dropped(DropReason.QUEUE_FULL).sum(), "what did not fit is queue_full");
            jetStream.server().restart();

            Deadline.await(WAIT, "every input settled", () -> metrics.published.sum() + metrics.droppedTotal() == total);
            Deadline.await(WAIT, "the queue's bytes given back", () -> metrics.queueBytes() == 0);
            assertEquals(queued, metrics.published.sum(), "what was held landed");
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldDrainInFlightMessagesOnCloseUnderLoad() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url()))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
            final Adapter adapter = start(names, b -> b);
            for (int i = 0; i < 3000; i++)
            {
                source.publish(names.ingest, message(names, i));
            }
            source.flush(Duration.ofSeconds(5));
            Deadline.await(WAIT, "inputs received", () -> adapter.metrics().received.sum() == 3000);
            adapter.close();

            final AdapterMetrics metrics = adapter.metrics();
            assertEquals(3000, metrics.published.sum(), "a healthy drain delivers everything it received");
            assertEquals(3000, StreamContents.count(stream, names.stream));
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldReportWhatItCouldNotDeliverWhenTheDrainBoundRunsOut() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url()))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
        }
        try (Connection source = Nats.connect(ingest.url()))
        {
            final Adapter adapter = start(names, b -> b.drainTimeoutMs(1000).ackTimeoutMs(500));
            jetStream.server().kill();
            sendPaced(source, names, 0, 200);
            Deadline.await(WAIT, "inputs received", () -> adapter.metrics().received.sum() == 200);

            final long startNs = System.nanoTime();
            adapter.close();
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            final AdapterMetrics metrics = adapter.metrics();
            assertEquals(200, metrics.dropped(DropReason.SHUTDOWN).sum(), "undeliverable messages are counted, not lost");
            assertEquals(0, metrics.queueBytes(), "a message dropped at shutdown gives its bytes back");
            assertTrue(tookMs < 10_000, "drain is bounded, took " + tookMs + " ms");
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    @Test
    void shouldCountWhatIsLeftAsShutdownWhenCloseIsInterrupted() throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        try (Connection stream = Nats.connect(jetStream.url()))
        {
            StreamContents.create(stream, names.stream, names.prefix + ".>");
        }
        try (Connection source = Nats.connect(ingest.url()))
        {
            // a drain bound far beyond what the assertion allows, so that only a close that skips the drain passes
            final Adapter adapter = start(names, b -> b.ackTimeoutMs(500).drainTimeoutMs(120_000));
            jetStream.server().kill();
            sendPaced(source, names, 0, 200);
            Deadline.await(WAIT, "inputs received", () -> adapter.metrics().received.sum() == 200);

            Thread.currentThread().interrupt(); // as a shutdown that will not wait for the drain
            final long startNs = System.nanoTime();
            adapter.close();
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertTrue(Thread.interrupted(), "close returns with the interrupt status set");

            final AdapterMetrics metrics = adapter.metrics();
            assertEquals(200, metrics.dropped(DropReason.SHUTDOWN).sum(), "cut short, and still every message counted");
            assertTrue(tookMs < 60_000, "an interrupted close does not wait for acknowledgements, took " + tookMs + " ms");
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    /** Sends ids [from, to) at about 2,000 a second: a fleet's steady trickle, not a burst. */
    private static void sendPaced(final Connection source, final AdapterEndToEndTest.Names names, final int from, final int to)
        throws Exception
    {
        final long intervalNs = TimeUnit.MICROSECONDS.toNanos(500);
        long next = System.nanoTime();
        for (int i = from; i < to; i++)
        {
            source.publish(names.ingest, message(names, i));
            next += intervalNs;
            LockSupport.parkNanos(next - System.nanoTime());
        }
        source.flush(Duration.ofSeconds(5));
    }

    private static byte[] message(final AdapterEndToEndTest.Names names, final int i)
    {
        return ChoriaMessage.v1Request("node-" + (i % 97) + ".example.net", String.format("%032d", i),
            ChoriaMessage.TIME_SECONDS, PAYLOAD).bytes();
    }

    private Adapter start(final AdapterEndToEndTest.Names names, final UnaryOperator<AdapterConfig.Builder> tweak)
        throws InterruptedException
    {
        final AdapterConfig config = tweak.apply(AdapterConfig.builder(names.adapter)
            .streamServers(List.of(jetStream.url()))
            .streamTopic(names.prefix + ".%s")
            .streamWorkers(3)
            .ingestTopic(names.ingest)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestWorkers(2)
            .ingestServers(List.of(ingest.url()))).build();
        final Adapter adapter = new Adapter(config, new AdapterMetrics(names.adapter), UnaryOperator.identity());
        adapter.start();
        Deadline.await(WAIT, "adapter connected on both sides",
            () -> adapter.problems().stream().allMatch(p -> p.contains("no JetStream stream")));
        return adapter;
    }
}
