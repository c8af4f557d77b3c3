package io.fleetbridge.bench.rig;

import io.fleetbridge.testsupport.NatsServerExtension;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket load source against a real nats-server (every transport arrives whole and in order,
 * and flush means arrived), and against a scripted peer for what a healthy server never does.
 */
// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class SocketSourceLinkTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final String SUBJECT = "ingest.test";

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldDeliverEveryTransportWholeAndInOrder() throws Exception
    {
        final RegistrationTransports messages = new RegistrationTransports(1024, 100, 5);
        final int count = 500;
        try (Connection reader = RigConnections.open(NATS.url(), "socket-link-test");
             SocketSourceLink link = SocketSourceLink.open(NATS.url(), "socket-link-test-source", messages, SUBJECT,
                 RigConnections.named("socket-link-test-io")))
        {
            final Subscription subscription = reader.subscribe(SUBJECT);
            reader.flush(Duration.ofSeconds(5));

            for (int seq = 0; seq < count; seq++)
            {
                link.send(seq);
                if (seq % 7 == 0)
                {
                    link.push(); // writes of one message and of several, and of a full buffer in between
                }
            }
            link.flush(Duration.ofSeconds(10));

            for (int seq = 0; seq < count; seq++)
            {
                final Message message = subscription.nextMessage(Duration.ofSeconds(5));
                assertNotNull(message, "message " + seq + " of " + count + " did not arrive");
                assertArrayEquals(messages.transport(seq, messages.newScratch()), message.getData(), "message " + seq);
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRefuseAServerThatAsksForCredentialsAndSayWhatToUseInstead() throws Exception
    {
        try (ScriptedServer server = new ScriptedServer((in, out) -> out.write(
            "INFO {\"server_id\":\"x\",\"auth_required\":true}\r\n".getBytes(StandardCharsets.US_ASCII))))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(server));

            assertTrue(refused.getMessage().contains("--source jnats"), refused.getMessage());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReportTheServersErrorWhenItRefusesTheConnection() throws Exception
    {
        try (ScriptedServer server = new ScriptedServer((in, out) -> greet(in, out, "-ERR 'Authorization Violation'\r\n")))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(server));

            assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldAnswerTheServersPingSoThatItKeepsTheConnection() throws Exception
    {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer((in, out) ->
        {
            final String connect = greet(in, out, "PONG\r\nPING\r\n");
            answer.complete(connect + readUntil(in, "PONG\r\n"));
        });
             SocketSourceLink link = open(server))
        {
            final String seen = answer.get(10, TimeUnit.SECONDS);

            assertTrue(seen.startsWith("CONNECT {\"verbose\":false,\"pedantic\":false,"), seen);
            assertTrue(seen.endsWith("PING\r\nPONG\r\n"), seen);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldFailAFlushOnceTheServerHasClosedTheConnection() throws Exception
    {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer((in, out) ->
        {
            greet(in, out, "PONG\r\n");
            connected.complete(null);
        });
             SocketSourceLink link = open(server))
        {
            connected.get(10, TimeUnit.SECONDS);
            server.close();

            final Exception failed = assertThrows(Exception.class, () ->
            {
                link.send(0);
                link.flush(Duration.ofSeconds(10));
            });
            assertTrue(failed instanceof IOException || failed.getMessage().contains("closed"), failed.toString());
        }
    }

    @Test
    void shouldNameBothKindsAsTheOptionSpellsThem()
    {
        assertEquals(SourceKind.SOCKET, SourceKind.parse("socket"));
        assertEquals(SourceKind.JNATS, SourceKind.parse(" jnats"));
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SourceKind.parse("udp"));
        assertTrue(unknown.getMessage().contains("jnats or socket"), unknown.getMessage());
    }

    private static SocketSourceLink open(final ScriptedServer server) throws Exception
    {
        return SocketSourceLink.open("nats://127.0.0.1:" + server.port(), "scripted", new RegistrationTransports(300, 10, 1),
            SUBJECT, RigConnections.named("scripted-io"));
    }

    /** Plays a server's side of the link's handshake up to its PING, which it answers with {@code reply}; what the link sent. */
    private static String greet(final InputStream in, final OutputStream out, final String reply) throws IOException
    {
        out.write("INFO {\"server_id\":\"x\"}\r\n".getBytes(StandardCharsets.US_ASCII));
        final String sent = readUntil(in, "PING\r\n");
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        return sent;
    }

    /** Reads until {@code end} has been read; all of it, {@code end} included. */
    private static String readUntil(final InputStream in, final String end) throws IOException
    {
        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.US_ASCII).endsWith(end))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("the link closed before sending " + end.strip() + "; it sent: " + read);
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.US_ASCII);
    }

    /** A peer that accepts one connection and plays its script on it, then closes it when closed. */
    private static final class ScriptedServer implements AutoCloseable
    {
        interface Script
        {
            void play(InputStream in, OutputStream out) throws IOException;
        }

        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread;
        private volatile Socket accepted;

        ScriptedServer(final Script script) throws IOException
        {
            thread = new Thread(() ->
            {
                try
                {
                    accepted = socket.accept();
                    script.play(accepted.getInputStream(), accepted.getOutputStream());
                }
                catch (final IOException ex)
                {
                    // the test closed the peer, or the link went away: the script ends either way
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port()
        {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
            final Socket connection = accepted;
            if (connection != null)
            {
                connection.close();
            }
        }
    }
}
