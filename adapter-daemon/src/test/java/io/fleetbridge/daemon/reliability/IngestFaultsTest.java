package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.daemon.Daemon;
import io.fleetbridge.daemon.DaemonConfig;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.MonitorEndpoint;
import io.fleetbridge.testsupport.NatsServer;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest side misbehaves: its server restarts, a burst arrives far above what the daemon
 * can take, or bad input arrives at a high rate among good input. JetStream stays healthy.
 * For the burst, the ingest server keeps a small outgoing buffer per client ({@code max_pending}
 * 1 MiB), so that it can cut the daemon off as a slow consumer; the other tests keep the server's
 * default, so that a daemon off the CPU for a moment on a busy machine loses nothing on the wire.
 */
@SuppressWarnings("try")
class IngestFaultsTest
{
    private static final Pattern SLOW_CONSUMERS = Pattern.compile("\"slow_consumers\":\\s*(\\d+)");

    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    @RegisterExtension
    final NatsServerExtension jetStream = NatsServerExtension.single();

    @Test
    void shouldResubscribeAndCarryOnWhenTheIngestServerRestarts() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url());
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(8_000);
        try (Connection source = Nats.connectReconnectOnConnect(Options.builder().server(ingest.url()).maxReconnects(-1).build());
             Connection stream = Nats.connect(jetStream.url());
             Daemon daemon = started(keys, stream))
        {
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 3);
            // Core NATS loses what is on the wire when a server goes: hold the load around the
            // restart so that the test measures the daemon, not the transport.
            sender.hold();
            final int before = sender.sent();
            Deadline.await(Settlement.WAIT, "inputs before the restart received", () -> metrics.received.sum() == before);
            ingest.server().restart();
            final long backNs = System.nanoTime();
            Deadline.await(Settlement.WAIT, "the daemon subscribed again", () -> interest(ingest.server(), keys.ingestSubject) >= keys.ingestSubscriptions());
            final long resubscribedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - backNs);
            Deadline.await(Settlement.WAIT, "the sender reconnected", () -> source.getStatus() == Connection.Status.CONNECTED);
            sender.release();
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);
            Deadline.await(Settlement.WAIT, "ready again", () -> daemon.problems().isEmpty());

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("07-ingest-restart", "The ingest server restarts",
                "Ingest server stopped (SIGTERM) and started again on the same port after a third of "
                    + Load.describe(total) + "; the sender holds its load while the server is down.")
                .sent(total).counters(metrics).stream(ledger).recovery(resubscribedMs, "the server's start, until "
                    + "the daemon's queue subscriptions were back")
                .shows("The ingest connections reconnect with backoff and jnats re-subscribes them in the same queue "
                    + "group; nothing that reached the daemon is lost and input resumes without a restart of the "
                    + "daemon. What a sender publishes while the server is down is core NATS traffic without a "
                    + "subscriber and is not the daemon's to count, hence the hold.")
                .write();
            Settlement.assertExactlyOnce(metrics, ledger, total);
        }
    }

    @Test
    void shouldSurviveCountAndRecoverFromABurstFarAboveCapacity() throws Exception
    {
        try (NatsServer slowIngest = NatsServer.builder().extraConfig("max_pending: 1048576").build())
        {
            slowIngest.start();
            burst(slowIngest);
        }
    }

    private void burst(final NatsServer slowIngest) throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(slowIngest.url(), jetStream.url()).set("queue_len", "1024");
        final Inputs inputs = new Inputs();
        final int burst = Load.inputs(100_000);
        final int tail = Load.inputs(2_000);
        try (Connection source = Nats.connectReconnectOnConnect(Options.builder().server(slowIngest.url()).maxReconnects(-1).build());
             Connection stream = Nats.connect(jetStream.url());
             Daemon daemon = started(keys, stream))
        {
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final long burstStartNs = System.nanoTime();
            final PacedSender blast = new PacedSender(source, keys.ingestSubject, 1_000_000, burst, inputs::good).start();
            blast.awaitDone();
            final long burstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStartNs);
            final long burstEndNs = System.nanoTime();
            final BooleanSupplier recovered = () -> daemon.problems().isEmpty()
                && Settlement.settled(metrics) == metrics.received.sum() && metrics.queueLength() == 0;
            Deadline.await(Settlement.WAIT, "the daemon connected and settled after the burst", recovered);
            final long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstEndNs);
            // the burst is over once the counters also stand still
            final BooleanSupplier receivedStill = Settlement.unchangedFor(Duration.ofMillis(1500), metrics.received::sum);
            Deadline.await(Settlement.WAIT, "the daemon's counters still after the burst",
                () -> receivedStill.getAsBoolean() & recovered.getAsBoolean());
            Deadline.await(Settlement.WAIT, "the daemon subscribed", () -> interest(slowIngest, keys.ingestSubject) >= keys.ingestSubscriptions());
            final long receivedOfBurst = metrics.received.sum();

            final PacedSender after = new PacedSender(source, keys.ingestSubject, Load.RATE, tail,
                i -> inputs.good(burst + i)).start();
            after.awaitDone();
            Settlement.awaitQuiet(metrics, receivedOfBurst + tail);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            final int tailLanded = ledger.landedOf(inputs, burst, burst + tail, 1);
            final long serverSlowConsumers = serverSlowConsumers(slowIngest);
            final long overload = metrics.dropped(DropReason.QUEUE_FULL).sum() + metrics.dropped(DropReason.SLOW_CONSUMER).sum()
                + serverSlowConsumers;
            new ScenarioReport("08-ingest-burst", "Slow consumer on ingest: a burst far above capacity",
                String.format("A burst of %,d inputs as fast as one sender can publish, into a 1,024-slot ring, on an "
                    + "ingest server with `max_pending` 1 MiB; then %,d inputs at %,d/s.", burst, tail, Load.RATE))
                .sent(burst + tail).counters(metrics).stream(ledger).recovery(recoveryMs, "the end of the burst")
                .measure("burst duration", burstMs + " ms")
                .measure("lost before the daemon (server-side slow consumer cut-offs)", burst - receivedOfBurst)
                .measure("server slow-consumer events", serverSlowConsumers)
                .measure("landed of the inputs after the burst", tailLanded)
                .shows("Ingest never blocks: what the ring cannot take is counted as `queue_full` at once, so the client "
                    + "does not fall behind. If the server still cuts a connection off as a slow consumer, what it "
                    + "discarded never reached the daemon (shown as lost before the daemon, from the counters of both "
                    + "sides), the connection comes back by itself, and input after the burst lands in full.")
                .write();
            assertTrue(overload > 0, "the burst must exceed capacity somewhere for the test to mean anything");
            assertTrue(receivedOfBurst <= burst);
            assertEquals(tail, tailLanded, "the daemon recovers: all input after the burst lands");
            assertEquals(metrics.published.sum(), ledger.landed());
            assertEquals(0, ledger.duplicates());
        }
    }

    @Test
    void shouldDeliverAllGoodInputWhileRejectingBadInputAtHighRate() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url())
            .set("ingest.max_bytes", Integer.toString(Inputs.MAX_BYTES));
        final Inputs inputs = new Inputs();
        final int rate = 10_000;
        final int total = Load.inputs(20_000);
        long expectedInvalid = 0;
        long expectedTooLarge = 0;
        for (int i = 1; i < total; i += 2)
        {
            if (i % Inputs.BAD_KINDS == Inputs.BAD_KINDS - 1)
            {
                expectedTooLarge++;
            }
            else
            {
                expectedInvalid++;
            }
        }
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url());
             Daemon daemon = started(keys, stream))
        {
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, rate, total,
                i -> i % 2 == 0 ? inputs.good(i) : inputs.bad(i)).start();
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            final int goodLanded = ledger.landedOf(inputs, 0, total, 2);
            final double p99Ms = metrics.ingestToAck.cumulative().getValueAtPercentile(99) / 1e6;
            new ScenarioReport("09-bad-input", "Bad input at high rate mixed with good",
                String.format("%,d inputs at %,d/s, every other one bad: not JSON, truncated, wrong protocol, a sender "
                    + "with a space and a wildcard, a non-ASCII request id (no `Nats-Msg-Id` header can carry it), "
                    + "or larger than `ingest.max_bytes` (4 KiB).", total, rate))
                .sent(total).counters(metrics).stream(ledger)
                .measure("good inputs landed", goodLanded + " of " + (total / 2))
                .measure("ingest-to-ack p99 of the good", String.format("%.1f ms", p99Ms))
                .shows("Every bad input is refused on the ingest thread, counted by reason (`invalid`, `too_large`), "
                    + "never queued and never blocking the input behind it; every good input lands exactly once.")
                .write();
            assertEquals(expectedInvalid, metrics.dropped(DropReason.INVALID).sum());
            assertEquals(expectedTooLarge, metrics.dropped(DropReason.TOO_LARGE).sum());
            assertEquals(expectedInvalid + expectedTooLarge, metrics.droppedTotal(), "no good input dropped");
            assertEquals(total / 2, goodLanded);
            assertEquals(total / 2, ledger.landed(), "and nothing else landed");
            assertEquals(0, ledger.duplicates());
        }
    }

    private static Daemon started(final AdapterKeys keys, final Connection stream) throws Exception
    {
        StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
        final Daemon daemon = Daemon.start(DaemonConfig.parse(keys.map()));
        Deadline.await(Settlement.WAIT, "the daemon ready", () -> daemon.problems().isEmpty());
        return daemon;
    }

    /** Subscriptions on {@code subject} the server knows of, from its connection list. */
    static int interest(final NatsServer server, final String subject)
    {
        final String body = server.monitor().get("/connz?subs=1").map(MonitorEndpoint.Response::body).orElse("");
        int count = 0;
        for (int at = body.indexOf('"' + subject + '"'); at >= 0; at = body.indexOf('"' + subject + '"', at + 1))
        {
            count++;
        }
        return count;
    }

    private static long serverSlowConsumers(final NatsServer server)
    {
        final String body = server.monitor().get("/varz").map(MonitorEndpoint.Response::body).orElse("");
        final Matcher matcher = SLOW_CONSUMERS.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
