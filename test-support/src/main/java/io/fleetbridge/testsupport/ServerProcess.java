package io.fleetbridge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code nats-server} binary, from launch to exit, and the signals tests send
 * it. Output goes straight to the log file (no pump threads); the JDK's "process reaper"
 * thread collects the exit status. SIGSTOP/SIGCONT have no JDK API, so they are sent with the
 * {@code kill} command. Not thread safe (its owner, {@link NatsServer}, serialises access),
 * except {@link #reap()}, which the shutdown hook calls without locks.
 */
final class ServerProcess
{
    private final Process process;
    private boolean paused;

    private ServerProcess(final Process process)
    {
        this.process = process;
    }

    static ServerProcess launch(final Path binary, final Path config, final Path log) throws IOException
    {
        return new ServerProcess(new ProcessBuilder(binary.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start());
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    boolean isPaused()
    {
        return paused && process.isAlive();
    }

    /** "exited with code N", for failure messages; only once it is dead. */
    String describeExit()
    {
        return process.isAlive() ? "is still running" : "exited with code " + process.exitValue();
    }

    void pause()
    {
        signal("STOP");
        paused = true;
    }

    void resume()
    {
        signal("CONT");
        paused = false;
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code timeout}; returns once it has exited. */
    void terminate(final Duration timeout)
    {
        if (paused && process.isAlive())
        {
            // a stopped process does not act on SIGTERM until it is continued
            resume();
        }
        process.destroy();
        if (!waitForExit(timeout))
        {
            kill(timeout);
        }
    }

    /** SIGKILL (works on a paused process too); returns once it has exited or after {@code timeout}. */
    void kill(final Duration timeout)
    {
        process.destroyForcibly();
        waitForExit(timeout);
    }

    /** Shutdown hook: SIGKILL without waiting on any lock. */
    void reap()
    {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(5));
    }

    private boolean waitForExit(final Duration timeout)
    {
        try
        {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            // still kill it: an interrupted test must not leave a server behind
            process.destroyForcibly();
            return false;
        }
    }

    private void signal(final String signal)
    {
        final long pid = process.pid();
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
            final String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0)
            {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output.trim());
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot run kill -" + signal + " " + pid, e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
        }
    }
}
