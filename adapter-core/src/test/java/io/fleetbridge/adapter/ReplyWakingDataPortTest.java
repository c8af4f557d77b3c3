package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream connections' socket: its signal runs on the reader thread once what it read is queued, and nothing else changes. */
@SuppressWarnings("try")
class ReplyWakingDataPortTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    @Timeout(60)
    void shouldSignalOnlyOnceTheRepliesOfAReadAreQueued() throws Exception
    {
        final AtomicReference<Subscription> replies = new AtomicReference<>();
        final CountDownLatch queuedWhenSignalled = new CountDownLatch(1);
        final Runnable signal = () -> {
            final Subscription subscription = replies.get();
            if (subscription == null)
            {
                return; // the server's INFO and PONGs before the test subscribed
            }
            if (subscription.getPendingMessageCount() > 0)
            {
                queuedWhenSignalled.countDown();
            }
        };
        try (Connection publisher = Nats.connect(NATS.url());
             Connection receiver = Nats.connect(ReplyWakingDataPort.build(new Options.Builder().server(NATS.url()), signal)))
        {
            final Subscription subscription = receiver.subscribe("reply-waking.test");
            receiver.flush(Duration.ofSeconds(10));
            replies.set(subscription);

            publisher.publish("reply-waking.test", "an acknowledgement".getBytes(StandardCharsets.UTF_8));
            publisher.flush(Duration.ofSeconds(10));

            assertTrue(queuedWhenSignalled.await(20, TimeUnit.SECONDS), "signalled with the reply already queued");
            final Message reply = subscription.nextMessage(Duration.ZERO);
            assertNotNull(reply, "the reply is there to be polled without waiting");
            assertEquals("an acknowledgement", new String(reply.getData(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(60)
    void shouldCarryTrafficLikeTheClientsOwnSocketWhenNoSignalIsRegistered() throws Exception
    {
        final Options options = new Options.Builder().server(NATS.url()).dataPortType(ReplyWakingDataPort.class.getName()).build();
        try (Connection connection = Nats.connect(options))
        {
            final Subscription subscription = connection.subscribe("reply-waking.plain");
            connection.publish("reply-waking.plain", new byte[] {1, 2, 3});
            final Message message = subscription.nextMessage(Duration.ofSeconds(20));
            assertNotNull(message, "a message through the port with no signal");
            assertEquals(3, message.getData().length);
        }
    }
}
