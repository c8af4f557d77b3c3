package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.TestMessages;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gigabyte of large registrations arrives at a daemon with a small heap while JetStream cannot
 * take it (its stream does not exist yet), then the stream appears. The ring's 16,384 slots
 * would hold all of it; {@code queue_bytes} (a quarter of the heap) is what bounds the heap.
 */
@SuppressWarnings("try")
class HeapBoundTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long HEAP_BYTES = 128L << 20;
    private static final long SENT_BYTES = 1L << 30;
    /** Inputs sent but not yet taken by the daemon: a few MB, so that neither server nor client has to drop. */
    private static final int OUTSTANDING = 300;

    @RegisterExtension
    final NatsServerExtension ingest = NatsServerExtension.single();

    @RegisterExtension
    final NatsServerExtension jetStream = NatsServerExtension.single();

    @TempDir
    Path dir;

    @Test
    void shouldStayWithinItsHeapWhileAGigabyteOfLargeRegistrationsArrivesDuringAnOutage() throws Exception
    {
        final AdapterKeys keys = new AdapterKeys(ingest.url(), jetStream.url());
        final byte[] payload = payload(32 * 1024);
        try (Connection source = Nats.connect(ingest.url());
             Connection stream = Nats.connect(jetStream.url());
             DaemonProcess daemon = DaemonProcess.start(dir, "heap", keys,
                 List.of("-Xmx" + (HEAP_BYTES >> 20) + "m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")))
        {
            Deadline.await(WAIT, "subscribed", () -> IngestFaultsTest.interest(ingest.server(), keys.ingestSubject) == keys.ingestSubscriptions());

            long sentBytes = 0;
            int sent = 0;
            int largest = 0;
            while (sentBytes < SENT_BYTES)
            {
                final byte[] input = TestMessages.v1Request("node-" + (sent % 1000) + ".example.net", String.format("%032x", sent), payload);
                source.publish(keys.ingestSubject, input);
                sent++;
                sentBytes += input.length;
                largest = Math.max(largest, input.length);
                if (sent % 100 == 0)
                {
                    final int sentSoFar = sent;
                    Deadline.await(WAIT, "the daemon keeps up", () -> DaemonProcess.received(daemon.scrape()) >= sentSoFar - OUTSTANDING);
                }
            }
            final int total = sent;
            // received is counted before an input is decoded, and queued or dropped after
            Deadline.await(WAIT, "every input received and queued or dropped", () -> {
                final Map<String, Double> now = daemon.scrape();
                return DaemonProcess.received(now) == total
                    && DaemonProcess.value(now, "choria_adapter_queue_length", "") + DaemonProcess.dropped(now) == total;
            });

            final Map<String, Double> outage = daemon.scrape();
            final long capacity = DaemonProcess.value(outage, "choria_adapter_queue_bytes_capacity", "");
            final long held = DaemonProcess.value(outage, "choria_adapter_queue_bytes", "");
            final long queued = DaemonProcess.value(outage, "choria_adapter_queue_length", "");
            final long heapInOutage = daemon.liveHeapBytes();
            System.out.printf("sent %d inputs of up to %d bytes (%d MB); queue %d messages, %d of %d bytes; heap after GC %d MB%n",
                total, largest, sentBytes >> 20, queued, held, capacity, heapInOutage >> 20);
            assertEquals(HEAP_BYTES / 4, capacity, "queue_bytes defaults to a quarter of the heap");
            assertTrue(held <= capacity + 2L * 2 * largest, "held " + held + " of " + capacity);
            assertTrue(DaemonProcess.droppedByReason(outage).get("queue_full") > total / 2, "what did not fit is queue_full");

            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            Deadline.await(WAIT, "everything settled", () -> {
                final Map<String, Double> now = daemon.scrape();
                return DaemonProcess.published(now) + DaemonProcess.dropped(now) == total
                    && DaemonProcess.value(now, "choria_adapter_queue_bytes", "") == 0;
            });
            final Map<String, Double> after = daemon.scrape();
            final long heapAfter = daemon.liveHeapBytes();
            System.out.printf("after: published %d, dropped %s; heap after GC %d MB%n",
                DaemonProcess.published(after), DaemonProcess.droppedByReason(after), heapAfter >> 20);

            final StreamLedger ledger = StreamLedger.read(stream, keys.stream);
            new ScenarioReport("21-gigabyte-during-outage", "A gigabyte of large registrations while JetStream cannot store",
                "One daemon process with a 128 MB heap (G1, `-XX:+ExitOnOutOfMemoryError`), default `queue_len` (16,384) and "
                    + "`queue_bytes` (a quarter of the heap, 32 MiB); " + String.format("%,d", total) + " inputs of "
                    + (largest / 1000) + " KB (1 GiB) sent as fast as it takes them while the stream does not exist, which is then created.")
                .section("Hostile input")
                .sent(total)
                .counters(DaemonProcess.received(after), DaemonProcess.published(after),
                    DaemonProcess.value(after, "choria_adapter_duplicate_msgs", ""), DaemonProcess.droppedByReason(after))
                .stream(ledger)
                .measure("held during the outage (messages; bytes of queue_bytes)", queued + "; " + held + " of " + capacity)
                .measure("heap in use after a full GC, during the outage", (heapInOutage >> 20) + " MB")
                .measure("heap in use after a full GC, once delivered", (heapAfter >> 20) + " MB")
                .shows("The ring's slots would have held 1.6 GB of these; `queue_bytes` stops the queue at 32 MiB and every "
                    + "input beyond it is a `queue_full` drop, so the daemon stays alive and ready, and what it held lands once "
                    + "the stream exists. The queue holds encoded envelopes only; what a large input grew in a worker's decoding buffers goes with the next input.")
                .write();
            assertEquals(queued, ledger.landed());

            // the heap the daemon needs with nothing queued (mostly its pre-allocated ring), then what the queue added
            assertTrue(heapAfter < HEAP_BYTES / 4, "back to its idle heap once delivered: " + (heapAfter >> 20) + " MB");
            assertTrue(heapInOutage < HEAP_BYTES / 2, "a gigabyte sent, " + (heapInOutage >> 20) + " MB kept");
            // what the queue holds is its encoded bodies, counted in held (checked against queue_bytes above); a MiB more
            // for what else an outage keeps alive (the clients' buffers, the error log's lines), and two of the largest
            // inputs for the worker's scratch buffers, which keep the size of the last large input until the next one
            assertTrue(heapInOutage - heapAfter <= held + (1 << 20) + 2L * largest, "the queue kept at most what it counted: "
                + ((heapInOutage - heapAfter) >> 10) + " KiB for " + (held >> 10) + " KiB held");
            assertTrue(daemon.isAlive(), "alive");
            assertFalse(daemon.logText().contains("OutOfMemoryError"), daemon.logText());
            // the monitor looks for the stream once a second, and the held messages may all land before it does
            daemon.awaitReady(WAIT);
            assertEquals(total, DaemonProcess.received(after), "nothing lost before the daemon saw it");
            assertEquals(total, DaemonProcess.published(after) + DaemonProcess.dropped(after), "received = published + dropped");
            assertEquals(queued, DaemonProcess.published(after), "what the queue held landed");
        }
    }

    private static byte[] payload(final int bytes)
    {
        final byte[] blob = new byte[bytes - 24];
        Arrays.fill(blob, (byte) 'x');
        return ("{\"facts\":{\"blob\":\"" + new String(blob, StandardCharsets.US_ASCII) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
