package io.fleetbridge.testsupport;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Servers built directly, without the extension, to see the failure paths. */
// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class NatsServerLifecycleTest
{
    @Test
    void shouldIncludeLogTailWhenServerFailsToStart()
    {
        try (NatsServer server = NatsServer.builder().extraConfig("max_payload: {{ not a config").build())
        {
            final IllegalStateException failure = assertThrows(IllegalStateException.class, server::start);

            assertTrue(failure.getMessage().contains("nats.conf"), failure.getMessage());
            assertTrue(failure.getMessage().contains("Parse error"), "the server's own words: " + failure.getMessage());
            assertFalse(server.isRunning());
        }
    }

    @Test
    void shouldStartOnOtherPortsWhenPickedPortIsTaken() throws IOException
    {
        try (ServerSocket taken = listenOnLoopback())
        {
            final AtomicInteger picks = new AtomicInteger();
            final NatsServer.Builder builder = NatsServer.builder().portSource(() -> picks.getAndIncrement() == 0
                ? new ServerPorts(taken.getLocalPort(), FreePort.pick(), 0)
                : ServerPorts.pickStandalone());
            try (NatsServer server = builder.build())
            {
                server.start();

                assertEquals(2, picks.get());
                assertNotEquals(taken.getLocalPort(), server.port());
                assertTrue(Files.readString(server.logFile()).contains("address already in use"));
            }
        }
    }

    @Test
    void shouldFailRestartRatherThanMoveWhenItsPortIsTaken() throws IOException
    {
        try (NatsServer server = NatsServer.builder().build())
        {
            server.start();
            final int port = server.port();
            server.kill();
            try (ServerSocket squatter = listenOn(port))
            {
                final IllegalStateException failure = assertThrows(IllegalStateException.class, server::start);

                assertInstanceOf(PortConflictException.class, failure);
                assertTrue(failure.getMessage().contains("address already in use"), failure.getMessage());
                assertEquals(port, server.port());
            }
            server.start();
            assertEquals(port, server.port());
        }
    }

    @Test
    void shouldLeaveNoProcessOrDirectoryAfterClose()
    {
        final NatsServer server = NatsServer.builder().build();
        server.start();
        final long pid = server.pid();
        final Path dir = server.storeDir().getParent();
        server.pause();

        server.close();
        server.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone even though paused");
        assertFalse(Files.exists(dir), "temporary directory deleted");
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void shouldApplyMaxPayloadAndExtraConfig() throws Exception
    {
        final NatsServer.Builder builder = NatsServer.builder()
            .maxPayloadBytes(2048)
            .extraConfig("authorization { token: \"s3cret\" }");
        try (NatsServer server = builder.build())
        {
            server.start();

            assertThrows(IOException.class, () -> Nats.connect(options(server.url()).build()).close());
            try (Connection nc = Nats.connect(options(server.url()).token("s3cret".toCharArray()).build()))
            {
                assertEquals(2048, nc.getMaxPayload());
            }
        }
    }

    @Test
    void shouldSizeTheGoRuntimeToTheCpusItIsStartedOn()
    {
        assumeTrue(hasTaskset(), "taskset (util-linux) is not installed");
        try (NatsServer server = NatsServer.builder().cpus("0").build())
        {
            server.start();
            assertTrue(varz(server).contains("\"gomaxprocs\": 1,"), "GOMAXPROCS 1 on one CPU: " + varz(server));

            server.restart();
            assertTrue(varz(server).contains("\"gomaxprocs\": 1,"), "still one CPU after a restart: " + varz(server));
        }
    }

    private static boolean hasTaskset()
    {
        try
        {
            return new ProcessBuilder("taskset", "-V").redirectErrorStream(true).start().waitFor() == 0;
        }
        catch (final IOException e)
        {
            return false;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String varz(final NatsServer server)
    {
        return server.monitor().get("/varz").map(MonitorEndpoint.Response::body).orElse("no answer from /varz");
    }

    private static Options.Builder options(final String url)
    {
        return Options.builder().server(url).noReconnect();
    }

    private static ServerSocket listenOnLoopback() throws IOException
    {
        return listenOn(0);
    }

    private static ServerSocket listenOn(final int port) throws IOException
    {
        final ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }
}
