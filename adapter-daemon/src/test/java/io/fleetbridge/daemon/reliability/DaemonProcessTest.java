package io.fleetbridge.daemon.reliability;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real daemon as a child process, stopped the hard way (SIGKILL, one of two sharing the
 * ingest queue group) and the operator's way (SIGTERM under load, with JetStream healthy and
 * with JetStream stalled).
 */
@SuppressWarnings("try")
class DaemonProcessTest
{
    private static final Duration START = Duration.ofSeconds(60);

    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    @RegisterExtension
    final NatsServerExtension jetStream = NatsServerExtension.single();

    @TempDir
    Path dir;

    @Test
    void shouldCarryOnWithTheOtherDaemonAndLoseAtMostWhatTheKilledOneHeld() throws Exception
    {
        final int ring = 4096;
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url()).set("queue_len", Integer.toString(ring));
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(10_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url());
             DaemonProcess first = DaemonProcess.start(dir, "first", keys);
             DaemonProcess second = DaemonProcess.start(dir, "second", keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            first.awaitReady(START);
            second.awaitReady(START);
            Deadline.await(START, "both in the queue group", () -> IngestFaultsTest.interest(ingest.server(), keys.ingestSubject) == 2 * keys.ingestSubscriptions());

            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total * 3 / 10);
            final Map<String, Double> lastWords = first.scrape();
            first.kill();
            // until the server sees the killed daemon's sockets closed it may route inputs to them; every input sent
            // after it has dropped their subscriptions goes to the survivor
            Deadline.await(START, "only the survivor subscribed", () -> IngestFaultsTest.interest(ingest.server(), keys.ingestSubject) == keys.ingestSubscriptions());
            final int sentAtKill = sender.sent();
            sender.awaitDone();

            final AtomicLong lastReceived = new AtomicLong(-1);
            Deadline.await(Settlement.WAIT, "the surviving daemon settled", () -> {
                final Map<String, Double> now = second.scrape();
                final long received = DaemonProcess.received(now);
                final boolean settled = DaemonProcess.published(now) + DaemonProcess.dropped(now) == received
                    && received == lastReceived.get();
                lastReceived.set(received);
                return settled;
            });
            final Map<String, Double> survivor = second.scrape();
            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            final long lost = total - ledger.landed() - DaemonProcess.dropped(survivor);
            final long heldAtLastScrape = DaemonProcess.received(lastWords) - DaemonProcess.published(lastWords)
                - DaemonProcess.dropped(lastWords);
            final int landedAfterKill = ledger.landedOf(inputs, sentAtKill, total, 1);

            new ScenarioReport("10-two-daemons-one-killed", "Two daemons share the ingest queue group; one is killed under load",
                "Two daemon processes with the same adapter (queue group `nats_ingest_reg`), `queue_len` " + ring
                    + "; the first gets SIGKILL after 30% of " + Load.describe(total) + ".")
                .sent(total)
                .counters(DaemonProcess.received(survivor), DaemonProcess.published(survivor),
                    DaemonProcess.value(survivor, "choria_adapter_duplicate_msgs", ""), DaemonProcess.droppedByReason(survivor))
                .stream(ledger)
                .measure("received by the killed daemon before its last scrape", DaemonProcess.received(lastWords))
                .measure("held by the killed daemon at its last scrape (ring, unacknowledged)", heldAtLastScrape)
                .measure("lost (sent, not landed, not counted as a drop)", lost)
                .measure("landed of the inputs sent once the server had dropped the killed daemon's subscriptions",
                    landedAfterKill + " of " + (total - sentAtKill))
                .shows("Received, published and dropped in this table are the surviving daemon's; landed is the stream's. "
                    + "The survivor takes the whole subject as soon as the server notices the dead connection (at once, "
                    + "the kernel closes its sockets). The loss is what the killed process held: the messages in its ring "
                    + "that were not yet acknowledged, and what the server had already written to its socket; a daemon "
                    + "that must lose nothing on a crash needs a JetStream source rather than a core NATS subject.")
                .write();
            assertEquals(DaemonProcess.received(survivor), DaemonProcess.published(survivor) + DaemonProcess.dropped(survivor),
                "the survivor's received = published + dropped");
            assertEquals(0, ledger.duplicates());
            assertTrue(lost >= 0 && lost <= ring, "the loss is bounded by what the killed daemon could hold: " + lost);
            assertEquals(total - sentAtKill, landedAfterKill, "the survivor carries on alone");
            assertEquals(0, second.terminate(Duration.ofSeconds(30)), "and still stops cleanly");
        }
    }

    @Test
    void shouldDrainWithinItsBoundAndReportEverythingOnSigtermUnderLoad() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url()).set("drain_timeout", "5s");
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(8_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url());
             DaemonProcess daemon = DaemonProcess.start(dir, "daemon", keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            daemon.awaitReady(START);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 2);
            final int sentAtSignal = sender.sent();
            final long signalNs = System.nanoTime();
            final int exit = daemon.terminate(Duration.ofSeconds(30));
            final long drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalNs);
            sender.awaitDone();

            final DaemonProcess.FinalCount count = daemon.finalCount();
            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("11-sigterm-under-load", "SIGTERM under load",
                "One daemon process, `drain_timeout` 5s, SIGTERM halfway through " + Load.describe(total)
                    + " against a healthy JetStream; the sender carries on to the end.")
                .sent(total).counters(count.received(), count.published(), count.duplicates(), count.dropped())
                .stream(ledger)
                .measure("exit code", exit)
                .measure("SIGTERM to exit", drainMs + " ms")
                .measure("sent after the daemon unsubscribed (nobody's to count)", total - count.received())
                .shows("On SIGTERM the daemon drains its ingest subscriptions (what the client already holds is still "
                    + "processed within `drain_timeout`; what is left then is counted as dropped at shutdown), waits for every queued message to be acknowledged, logs its final count (received, "
                    + "published, dropped by reason, as in this table) and exits 0, well inside `drain_timeout`.")
                .write();
            assertEquals(0, exit);
            // the drain bound plus room for a child JVM to stop on a loaded machine, inside the 20 s that check allows
            assertTrue(drainMs < 5_000 + 15_000, "the drain is bounded by drain_timeout, took " + drainMs + " ms");
            assertTrue(count.received() >= sentAtSignal, "what was sent before the signal was taken");
            assertEquals(count.received(), count.published() + count.droppedTotal(), "the final count adds up");
            assertEquals(0, count.droppedTotal(), "a healthy drain delivers everything");
            assertEquals(count.published(), ledger.landed());
            assertEquals(0, ledger.duplicates());
        }
    }

    @Test
    void shouldReportWhatItCouldNotDeliverWhenSigtermArrivesDuringAJetStreamStall() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url()).set("drain_timeout", "2s");
        final Inputs inputs = new Inputs();
        final int total = Load.inputs(4_000);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connectReconnectOnConnect(jetStream.url());
             DaemonProcess daemon = DaemonProcess.start(dir, "daemon", keys))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            daemon.awaitReady(START);
            final PacedSender sender = new PacedSender(source, keys.ingestSubject, Load.RATE, total, inputs::good).start();
            sender.awaitSent(total / 2);
            jetStream.server().pause();
            sender.awaitDone();
            Deadline.await(Settlement.WAIT, "every input received", () -> DaemonProcess.received(daemon.scrape()) == total);
            final long signalNs = System.nanoTime();
            final int exit = daemon.terminate(Duration.ofSeconds(30));
            final long drainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalNs);
            jetStream.server().resume();

            final DaemonProcess.FinalCount count = daemon.finalCount();
            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("12-sigterm-during-stall", "SIGTERM while JetStream is stalled",
                "One daemon process, `drain_timeout` 2s; JetStream stopped (SIGSTOP) halfway through "
                    + Load.describe(total) + ", SIGTERM once all were received, SIGCONT after the exit.")
                .sent(total).counters(count.received(), count.published(), count.duplicates(), count.dropped())
                .stream(ledger)
                .measure("exit code", exit)
                .measure("SIGTERM to exit", drainMs + " ms")
                .measure("landed although reported as `shutdown`", ledger.landed() - count.published())
                .shows("The drain cannot finish, so it stops at `drain_timeout`, counts every message still waiting as "
                    + "`shutdown` in the final log line, and exits 0. Some of them may still land: the stalled server "
                    + "reads the last publishes from its socket when it wakes. Reported as not delivered, stored once: "
                    + "the report errs on the side of at-least-once, never of silent loss.")
                .write();
            assertEquals(0, exit);
            assertTrue(drainMs < 2_000 + 15_000, "the drain stops at its bound, took " + drainMs + " ms");
            assertEquals(total, count.received());
            assertEquals(count.received(), count.published() + count.droppedTotal(), "the final count adds up");
            assertTrue(count.dropped().get("shutdown") > 0, "what could not be delivered is reported as shutdown");
            assertEquals(count.droppedTotal(), count.dropped().get("shutdown"), "and nothing else");
            assertTrue(ledger.landed() >= count.published(), "everything acknowledged is in the stream");
            assertEquals(0, ledger.duplicates());
        }
    }
}
