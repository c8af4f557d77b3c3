package io.fleetbridge.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last-resort cleanup: every {@link NatsServer} with a process or a temporary directory is
 * registered here, and one JVM shutdown hook (a thread that runs only while the JVM exits,
 * created on first registration) kills those processes with SIGKILL and deletes their
 * directories. It covers tests that forget {@code close()} and a test JVM that exits early;
 * nothing can run when the JVM itself is killed with SIGKILL. Thread safe.
 */
final class ServerReaper
{
    private static final Set<NatsServer> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;

    private ServerReaper()
    {
    }

    static void register(final NatsServer server)
    {
        installHookOnce();
        LIVE.add(server);
    }

    static void unregister(final NatsServer server)
    {
        LIVE.remove(server);
    }

    private static synchronized void installHookOnce()
    {
        if (!hookInstalled)
        {
            Runtime.getRuntime().addShutdownHook(new Thread(ServerReaper::reapAll, "nats-server-reaper"));
            hookInstalled = true;
        }
    }

    private static void reapAll()
    {
        for (final NatsServer server : LIVE)
        {
            server.reap();
        }
    }
}
