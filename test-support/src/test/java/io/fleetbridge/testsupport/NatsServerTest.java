package io.fleetbridge.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.PublishAck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class NatsServerTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    void shouldReadBackMessagesPublishedToFileStream(final TestInfo test) throws Exception
    {
        final String stream = TestStreams.nameFor(test);
        try (Connection nc = TestStreams.connect(NATS.url()))
        {
            final JetStreamManagement jsm = nc.jetStreamManagement(TestStreams.FAST_API);
            TestStreams.addFileStream(nc, stream, 1);
            final JetStream js = nc.jetStream(TestStreams.FAST_API);
            for (int i = 1; i <= 5; i++)
            {
                final PublishAck ack = js.publish(stream + ".reg", body(i));
                assertEquals(i, ack.getSeqno());
                assertEquals(stream, ack.getStream());
            }

            assertEquals(5, jsm.getStreamInfo(stream).getStreamState().getMsgCount());
            for (int i = 1; i <= 5; i++)
            {
                assertArrayEquals(body(i), jsm.getMessage(stream, i).getData());
            }
        }
        assertTrue(Files.isDirectory(NATS.server().storeDir().resolve("jetstream")), "file store under storeDir()");
    }

    @Test
    void shouldKeepPersistedMessagesAcrossKillAndRestartOnSamePortAndStore(final TestInfo test) throws Exception
    {
        final NatsServer server = NATS.server();
        final String stream = TestStreams.nameFor(test);
        try (Connection nc = TestStreams.connect(server.url()))
        {
            TestStreams.addFileStream(nc, stream, 1);
            final JetStream js = nc.jetStream(TestStreams.FAST_API);
            for (int i = 1; i <= 3; i++)
            {
                js.publish(stream + ".reg", body(i));
            }
        }
        final int port = server.port();
        final Path store = server.storeDir();
        final long pid = server.pid();

        server.kill();
        assertFalse(server.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "SIGKILL ended the process");

        server.restart();
        assertEquals(port, server.port());
        assertEquals(store, server.storeDir());
        assertNotEquals(pid, server.pid());
        try (Connection nc = TestStreams.connect(server.url()))
        {
            final JetStreamManagement jsm = nc.jetStreamManagement(TestStreams.FAST_API);
            assertEquals(3, jsm.getStreamInfo(stream).getStreamState().getMsgCount());
            assertArrayEquals(body(3), jsm.getMessage(stream, 3).getData());
        }
    }

    @Test
    void shouldTimeOutRequestsWhilePausedAndAnswerAfterResume() throws Exception
    {
        final NatsServer server = NATS.server();
        try (Connection nc = TestStreams.connect(server.url()))
        {
            // short, so that the expected timeout costs little time
            final JetStreamManagement jsm = nc.jetStreamManagement(
                JetStreamOptions.builder().requestTimeout(Duration.ofMillis(500)).build());
            jsm.getAccountStatistics();

            server.pause();
            assertTrue(server.isPaused());
            assertTrue(server.isRunning(), "a paused server is alive");
            final IOException timeout = assertThrows(IOException.class, jsm::getAccountStatistics);
            assertTrue(timeout.getMessage().toLowerCase().contains("timeout") || timeout.getMessage().contains("timed out"),
                "expected a timeout, got: " + timeout);
            assertFalse(server.monitor().isHealthy(), "monitoring does not answer while paused");

            server.resume();
            assertFalse(server.isPaused());
            Deadline.await(Duration.ofSeconds(5), "JetStream API answers after resume", () -> answers(jsm));
        }
    }

    @Test
    void shouldStopGracefullyAndStartAgainOnSamePort() throws Exception
    {
        final NatsServer server = NATS.server();
        final int port = server.port();

        server.stop();
        assertFalse(server.isRunning());
        assertTrue(server.logTail().contains("Server Exiting"), "SIGTERM lets the server shut down cleanly");

        server.start();
        assertEquals(port, server.port());
        try (Connection nc = TestStreams.connect(server.url()))
        {
            nc.jetStreamManagement(TestStreams.FAST_API).getAccountStatistics();
        }
    }

    private static boolean answers(final JetStreamManagement jsm)
    {
        try
        {
            jsm.getAccountStatistics();
            return true;
        }
        catch (final IOException | JetStreamApiException e)
        {
            return false;
        }
    }

    private static byte[] body(final int i)
    {
        return ("registration " + i).getBytes(StandardCharsets.UTF_8);
    }
}
