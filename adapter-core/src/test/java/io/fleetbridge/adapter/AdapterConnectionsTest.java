package io.fleetbridge.adapter;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the daemon's log says about a connection, against a real port with nothing behind it and a real nats-server. */
class AdapterConnectionsTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CapturingLogger logger = new CapturingLogger();
    private final AdapterConnections connections = new AdapterConnections(
        AdapterConfig.builder("reg").streamServers(List.of("nats://x:4222")).ingestServers(List.of("nats://x:4222"))
            .ingestTopic("in").build(),
        new AdapterMetrics("reg"), new ErrorLog(logger), logger);

    @Test
    void shouldNameTheSideTheServerAndTheCauseWhenIngestCannotConnect() throws Exception
    {
        final String url = "nats://127.0.0.1:" + unusedPort();
        final Thread opener = new Thread(() -> {
            try
            {
                connections.open(List.of(url), "ingest", 1, UnaryOperator.identity(), (c, up) -> { });
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final RuntimeException ex)
            {
                // interrupted while connecting: the thread ends
            }
        }, "test-opener");
        opener.start();
        try
        {
            Deadline.await(WAIT, "a line about the failed connection", () -> logger.lines.stream()
                .anyMatch(line -> line.contains("adapter reg ingest 1") && line.contains(url)
                    && line.contains("nothing accepts connections at the address (connection refused)")));
        }
        finally
        {
            opener.interrupt();
            opener.join(10_000);
        }
    }

    @Test
    void shouldNameTheServerLostAndTheServerRegained() throws Exception
    {
        final AtomicReference<Connection> opened = new AtomicReference<>();
        final Connection connection = connections.open(List.of(NATS.url()), "stream", 0, UnaryOperator.identity(), (c, up) -> { });
        opened.set(connection);
        try
        {
            // the client reports events on its own threads: stopped before "connected" was handled, the loss went unlogged
            awaitLine("adapter reg stream 0: connected to " + NATS.url());
            NATS.server().stop();
            awaitLine("adapter reg stream 0: disconnected from " + NATS.url());
            NATS.server().start();
            awaitLine("adapter reg stream 0: reconnected to " + NATS.url());
        }
        finally
        {
            if (!NATS.server().isRunning())
            {
                NATS.server().start();
            }
            opened.get().close();
        }
    }

    @Test
    void shouldKeepSignallingRepliesOnTheReconnectedSocket() throws Exception
    {
        final AtomicReference<Subscription> replies = new AtomicReference<>();
        final AtomicInteger signalledWithReplies = new AtomicInteger();
        final Runnable signal = () -> {
            final Subscription subscription = replies.get();
            if (subscription != null && subscription.getPendingMessageCount() > 0)
            {
                signalledWithReplies.incrementAndGet();
            }
        };
        final Connection connection = connections.open(List.of(NATS.url()), "stream", 0, UnaryOperator.identity(),
            (c, up) -> { }, signal);
        try
        {
            final Subscription subscription = connection.subscribe("reply-signal.test");
            replies.set(subscription);
            NATS.server().stop();
            Deadline.await(WAIT, "disconnected", () -> connection.getStatus() != Connection.Status.CONNECTED);
            NATS.server().start();
            Deadline.await(WAIT, "reconnected", () -> connection.getStatus() == Connection.Status.CONNECTED);
            connection.flush(WAIT); // the subscription is back on the server

            // a reply on the socket jnats built for the new connection, read without anybody polling
            connection.publish("reply-signal.test", new byte[] {1});
            Deadline.await(WAIT, "the signal ran with the reply queued", () -> signalledWithReplies.get() > 0);
            assertEquals(1, subscription.getPendingMessageCount(), "the reply waits to be polled");
        }
        finally
        {
            if (!NATS.server().isRunning())
            {
                NATS.server().start();
            }
            connection.close();
        }
    }

    /** Waits for a logged line containing {@code text}; a failure lists every line logged. */
    private void awaitLine(final String text)
    {
        try
        {
            Deadline.await(WAIT, "a line with: " + text, () -> logger.lines.stream().anyMatch(line -> line.contains(text)));
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "; logged: " + logger.lines, ex);
        }
    }

    private static int unusedPort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
