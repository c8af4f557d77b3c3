package io.fleetbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A TCP port on the loopback interface that was free a moment ago.
 *
 * <p>The port is found by binding an ephemeral socket on 127.0.0.1 and closing it again, so
 * another process may take it before {@code nats-server} binds it; {@link NatsServer} and
 * {@link NatsCluster} detect that race from the server's log and start again on fresh ports.
 * Stateless and thread safe; no threads.
 */
final class FreePort
{
    private FreePort()
    {
    }

    static int pick()
    {
        try (ServerSocket socket = new ServerSocket())
        {
            // without SO_REUSEADDR the port would sit in TIME_WAIT and nats-server could not bind it
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
