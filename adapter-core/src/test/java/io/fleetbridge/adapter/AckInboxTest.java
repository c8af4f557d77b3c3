package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@SuppressWarnings("try")
class AckInboxTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final String PREFIX = "_fb_test_acks.";
    private static final byte[] PUB_ACK = "{\"stream\":\"s\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldParseDecimalTokensAndRefuseAnythingElse()
    {
        assertEquals(1234, AckInbox.parseNumber("x.1234", 2, 6));
        assertEquals(-1, AckInbox.parseNumber("x.12a4", 2, 6));
        assertEquals(-1, AckInbox.parseNumber("x.", 2, 2));
        assertEquals(-1, AckInbox.parseNumber("1234567890123456789", 0, 19), "too long to be ours");
    }

    /** A publisher with a full window sleeps on the subscription and wakes with the acknowledgement, which poll then settles. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWakeWithTheReplyAndKeepItForThePoll() throws Exception
    {
        final AckWindow window = new AckWindow(4);
        final AckInbox inbox = new AckInbox(PREFIX, window, new ErrorLog(org.slf4j.LoggerFactory.getLogger(AckInboxTest.class)));
        try (Connection nc = Nats.connect(NATS.url()))
        {
            final Subscription acks = nc.subscribe(inbox.subject());
            nc.flush(Duration.ofSeconds(5));
            inbox.attach(acks);
            final int position = window.add(0);
            final long attemptId = window.beginAttempt(position, System.nanoTime());
            final CompletableFuture<Void> reply = CompletableFuture.runAsync(
                () -> nc.publish(PREFIX + position + "." + attemptId, PUB_ACK));

            // far longer than the test's own timeout: the wait can only end because the reply came
            assertTrue(inbox.await(Duration.ofMinutes(10)));
            reply.get();
            assertEquals(position, inbox.poll(), "the reply the wait took is settled by the next poll");
            assertEquals(AckWindow.ACKED, window.outcome(position));
            assertEquals(-1, inbox.poll());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNotWaitWithoutASubscriptionOrOnAClosedOne() throws Exception
    {
        final AckInbox inbox = new AckInbox(PREFIX, new AckWindow(4), new ErrorLog(org.slf4j.LoggerFactory.getLogger(AckInboxTest.class)));
        assertFalse(inbox.await(Duration.ofMinutes(10)), "nothing to wait on before the connection is made");
        final Connection nc = Nats.connect(NATS.url());
        inbox.attach(nc.subscribe(inbox.subject()));
        nc.close();
        assertFalse(inbox.await(Duration.ofMinutes(10)), "a closed subscription: the caller sleeps another way");
        assertEquals(-1, inbox.poll());
    }
}
