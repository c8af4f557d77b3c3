package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.daemon.Daemon;
import io.fleetbridge.daemon.DaemonConfig;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JetStream server fails under load while the ingest server stays up: killed and restarted,
 * stalled, missing its stream, or gone long enough to overflow the ring. A fresh pair of
 * servers per test, the daemon in process.
 */
@SuppressWarnings("try")
class JetStreamFaultsTest
{
    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    @RegisterExtension
    final NatsServerExtension jetStream = NatsServerExtension.single();

    @Test
    void shouldLandEverythingExactlyOnceWhenJetStreamIsKilledAndRestartedOnItsStore() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url());
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(8_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Daemon daemon = started(keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 4);
            jetStream.server().kill();
            sender.awaitSent(total / 2);
            jetStream.server().restart();
            final long backNs = System.nanoTime();
            final long recoveryMs = Settlement.recoveryMs(metrics, backNs);
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("01-jetstream-killed", "JetStream server killed (SIGKILL) and restarted under load",
                "Single JetStream server, SIGKILL after a quarter of the load, restarted on the same store after half; "
                    + Load.describe(total) + ", `stream.ack_timeout` 500ms.")
                .sent(total).counters(metrics).stream(ledger).recovery(recoveryMs, "the restart")
                .shows("Nothing is lost: inputs that arrive while JetStream is down wait in the ring, publishers probe with "
                    + "backoff and re-send in order once it is back, and retries of messages the server had already stored "
                    + "are de-duplicated by `Nats-Msg-Id` (counted as acked duplicates), so the stream holds each exactly once.")
                .write();
            assertEquals(total, metrics.received.sum());
            Settlement.assertExactlyOnce(metrics, ledger, total); // a restart within retry_for loses nothing
        }
    }

    @Test
    void shouldLandEverythingExactlyOnceWhenJetStreamStallsLongerThanTheAckTimeout() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url());
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(8_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Daemon daemon = started(keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 4);
            final long errorsBefore = metrics.outputErrors.sum();
            jetStream.server().pause();
            final long pausedNs = System.nanoTime();
            // two seconds of load at 2,000/s: four times the 500 ms ack timeout; and at least one attempt timed out,
            // which a sender catching up on its schedule could otherwise outrun
            sender.awaitSent(total / 4 + 2 * Load.RATE);
            Deadline.await(Settlement.WAIT, "an attempt timed out in the stall", () -> metrics.outputErrors.sum() > errorsBefore);
            jetStream.server().resume();
            final long stallMs = (System.nanoTime() - pausedNs) / 1_000_000;
            final long recoveryMs = Settlement.recoveryMs(metrics, System.nanoTime());
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("02-jetstream-stalled", "JetStream server stalls (SIGSTOP, then SIGCONT)",
                "Single JetStream server stopped with SIGSTOP for about two seconds (four ack timeouts) under "
                    + Load.describe(total) + "; the connection stays open, so only timeouts tell.")
                .sent(total).counters(metrics).stream(ledger).recovery(recoveryMs, "SIGCONT")
                .measure("stall", stallMs + " ms").measure("publish errors (timeouts) during the stall",
                    metrics.outputErrors.sum() - errorsBefore)
                .shows("A stalled server looks like silence, not a disconnect. The publishers time the attempts out, "
                    + "hold the messages and probe; when the server wakes it answers the stale attempts too, which are "
                    + "ignored, and the re-sent copies it already stored come back as duplicates.")
                .write();
            assertTrue(metrics.outputErrors.sum() > errorsBefore, "the stall was long enough to time attempts out");
            Settlement.assertExactlyOnce(metrics, ledger, total);
        }
    }

    @Test
    void shouldDeliverWhatWaitedOnceTheMissingStreamIsCreated() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url());
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(6_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Daemon daemon = started(keys))
        {
            final AdapterMetrics metrics = daemon.metrics().get(0);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 2);
            assertEquals(0, metrics.published.sum(), "nothing can land before the stream exists");
            assertTrue(daemon.problems().stream().anyMatch(p -> p.contains("no JetStream stream")), "not ready meanwhile");
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            final long recoveryMs = Settlement.recoveryMs(metrics, System.nanoTime());
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, total);
            Deadline.await(Settlement.WAIT, "ready once the stream exists", () -> daemon.problems().isEmpty());

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("03-stream-missing", "The output stream does not exist at start, then is created",
                "Daemon started against a JetStream server without the stream; " + Load.describe(total)
                    + "; the stream is created halfway.")
                .sent(total).counters(metrics).stream(ledger).recovery(recoveryMs, "the stream's creation")
                .shows("Publishing to a subject no stream captures is answered 503 (no responders); the publishers treat "
                    + "it as an outage, keep the messages and probe with backoff (up to 2 s), so what arrived meanwhile "
                    + "lands once the stream is there. `/readyz` says what is missing until then.")
                .write();
            Settlement.assertExactlyOnce(metrics, ledger, total);
        }
    }

    @Test
    void shouldDropQueueFullWithBoundedMemoryAndResumeWhenAnOutageOutgrowsTheRing() throws Exception
    {
        final int ring = 1024;
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url()).set("queue_len", Integer.toString(ring));
        final Inputs inputs = new Inputs();
        final int outage = Load.inputs(6_000);
        final int after = Load.inputs(2_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             Daemon daemon = started(keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            final AdapterMetrics metrics = daemon.metrics().get(0);
            jetStream.server().kill();
            final AtomicLong deepest = new AtomicLong();
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, outage + after, i -> {
                deepest.accumulateAndGet(metrics.queueLength(), Math::max);
                return inputs.good(i);
            }).start();
            sender.awaitSent(outage);
            sender.hold();
            final int sentInOutage = sender.sent();
            // received is counted before an input is decoded, and queued or dropped after
            Deadline.await(Settlement.WAIT, "outage inputs received and queued or dropped", () -> metrics.received.sum() == sentInOutage
                && metrics.queueLength() + metrics.published.sum() + metrics.droppedTotal() == sentInOutage);
            final long heldDuringOutage = metrics.queueLength();
            final long queueFull = metrics.dropped(DropReason.QUEUE_FULL).sum();
            jetStream.server().restart();
            final long recoveryMs = Settlement.recoveryMs(metrics, System.nanoTime());
            sender.release();
            sender.awaitDone();
            Settlement.awaitQuiet(metrics, outage + after);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            final int landedAfter = ledger.landedOf(inputs, sentInOutage, outage + after, 1);
            new ScenarioReport("04-ring-overflow", "The ring fills: JetStream down longer than the ring can hold",
                "`queue_len` " + ring + "; JetStream killed before " + Load.describe(outage) + ", restarted, then "
                    + String.format("%,d", after) + " more inputs.")
                .sent(outage + after).counters(metrics).stream(ledger).recovery(recoveryMs, "the restart")
                .measure("ring slots held during the outage", heldDuringOutage)
                .measure("deepest queue seen by the sender", deepest.get())
                .measure("landed of the inputs sent after recovery", landedAfter)
                .shows("The ring is the only buffer: it fills, and every input that finds it full is counted as "
                    + "`queue_full` on the ingest thread without blocking it (so no slow consumer), which is what keeps "
                    + "memory bounded. The messages the ring held land once JetStream is back, and so does all later input.")
                .write();
            assertEquals(ring, heldDuringOutage, "the outage filled the ring, and the ring is all that is held");
            assertEquals(sentInOutage - heldDuringOutage, queueFull, "every input beyond the ring is a queue_full drop");
            assertEquals(metrics.dropped(DropReason.QUEUE_FULL).sum(), metrics.droppedTotal(), "no other drops");
            assertEquals(outage + after - sentInOutage, landedAfter, "delivery resumes fully after the outage");
            assertEquals(metrics.published.sum(), ledger.landed());
            assertEquals(0, ledger.duplicates());
        }
    }

    private static Daemon started(final AdapterKeys keys) throws Exception
    {
        final Daemon daemon = Daemon.start(DaemonConfig.parse(keys.map()));
        Deadline.await(Settlement.WAIT, "the daemon connected on both sides",
            () -> daemon.problems().stream().allMatch(p -> p.contains("no JetStream stream")));
        return daemon;
    }
}
