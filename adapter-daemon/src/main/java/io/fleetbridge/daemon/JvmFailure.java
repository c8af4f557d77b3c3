package io.fleetbridge.daemon;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's uncaught-exception handler: logs what ends a thread and remembers the first
 * {@link VirtualMachineError} (an {@link OutOfMemoryError} above all) that reaches it, from then
 * on one of the daemon's {@link Daemon#problems() problems}, so that {@code /readyz} answers 503.
 *
 * <p>The contract on running out of memory: {@code bin/fleetbridge} runs the JVM with
 * {@code -XX:+ExitOnOutOfMemoryError}, so the daemon exits non-zero (3) at the first
 * OutOfMemoryError and its supervisor (the systemd unit's {@code Restart=on-failure}) restarts it.
 * This handler is the fallback for a JVM started without that option: the error reaches it when
 * it ends a thread, and when a catch-all of the publishers or of the NATS client caught it
 * ({@link io.fleetbridge.adapter.FatalErrors}).
 *
 * <p>{@code run} installs it as the JVM's default handler. Any thread; records the error without
 * allocating, since the heap may be exhausted.
 */
final class JvmFailure implements Thread.UncaughtExceptionHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(JvmFailure.class);

    private volatile Throwable error;
    private volatile String threadName;

    @Override
    public void uncaughtException(final Thread thread, final Throwable failure)
    {
        if (failure instanceof VirtualMachineError && error == null)
        {
            threadName = thread.getName();
            error = failure;
        }
        try
        {
            LOG.error("thread {} failed: {}", thread.getName(), failure.toString(), failure);
        }
        catch (final Throwable ignored)
        {
            // out of memory for the log line too: the readiness flag is what counts
        }
    }

    /** Why the daemon cannot be trusted to run on; empty while no such error has happened. */
    List<String> problems()
    {
        final Throwable failed = error;
        if (failed == null)
        {
            return List.of();
        }
        return List.of("the JVM failed (" + failed + " on thread " + threadName + "): restart the daemon; "
            + "bin/fleetbridge exits on an OutOfMemoryError (-XX:+ExitOnOutOfMemoryError) for its supervisor to restart it");
    }
}
