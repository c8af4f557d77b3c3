package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

/** Closing the advisory publisher is bounded, whatever the server does, and counts what it could not publish. */
@SuppressWarnings("try")
class AdvisoryPublisherTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    /**
     * No stream takes the advisories, so each is retried with back-off for about half a minute. close used to put its
     * stop marker into the full queue, waiting until the thread got through every advisory ahead of it, and a daemon's
     * stop waited with it (past systemd's TimeoutStopSec, before any adapter had drained).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldCloseWithinItsBoundWithAFullQueueAndCountWhatItDrops() throws Exception
    {
        final FleetCounters counters = new FleetCounters();
        try (Connection nc = Nats.connect(NATS.url()))
        {
            final AdvisoryPublisher publisher = new AdvisoryPublisher("fleet", nc, "nowhere.advisory.%s.%v", "sender",
                "test", 1_000, 1, counters);
            assertTrue(publisher.offer(new AgeAdvisory(AdvisoryEvent.TIMEOUT, "a.example.net", 1, 1, 1, 1)));
            Deadline.await(Duration.ofSeconds(30), "the first advisory to be taken and tried", () -> publisher.backlog() == 0
                && counters.publishErrors.sum() > 0);
            assertTrue(publisher.offer(new AgeAdvisory(AdvisoryEvent.TIMEOUT, "b.example.net", 1, 1, 1, 1)), "the queue's one place");

            final CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> publisher.close(100));
            // the bound is the drain, plus AdvisoryPublisher.CLOSE_WAIT_MS at most; the retries alone would take half a minute
            closed.get(AdvisoryPublisher.CLOSE_WAIT_MS + 10_000, TimeUnit.MILLISECONDS);
            assertEquals(2, counters.lost.sum(), "the advisory in its retries and the queued one, both counted");
        }
    }
}
