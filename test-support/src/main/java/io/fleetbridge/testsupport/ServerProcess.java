package io.fleetbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of the {@code nats-server} binary, from launch to exit, and the signals tests send
 * it. Output goes straight to the log file (no pump threads); the JDK's "process reaper"
 * thread collects the exit status. SIGSTOP/SIGCONT have no JDK API, so they are sent with the
 * {@code kill} command, and on Linux {@link #pause} waits until every thread of the server is
 * stopped, so that a test's next request is sure to meet a frozen server. Not thread safe (its owner, {@link NatsServer}, serialises access),
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

    /** Launches {@code binary -c config}, under {@code taskset -c cpus} unless {@code cpus} is null (it execs, keeping the pid). */
    static ServerProcess launch(final Path binary, final Path config, final Path log, final String cpus) throws IOException
    {
        final List<String> command = cpus == null
            ? List.of(binary.toString(), "-c", config.toString())
            : List.of("taskset", "-c", cpus, binary.toString(), "-c", config.toString());
        return new ServerProcess(new ProcessBuilder(command)
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

    /** SIGSTOP, returning only once every thread of the process has stopped. */
    void pause(final Duration timeout)
    {
        signal("STOP");
        paused = true;
        awaitThreads(true, timeout);
    }

    /** SIGCONT, returning once no thread of the process is stopped any more. */
    void resume(final Duration timeout)
    {
        signal("CONT");
        paused = false;
        awaitThreads(false, timeout);
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code timeout}; returns once it has exited. */
    void terminate(final Duration timeout)
    {
        if (paused && process.isAlive())
        {
            // a stopped process does not act on SIGTERM until it is continued
            resume(timeout);
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

    /**
     * kill(2) returns before a multi-threaded process has stopped: each of its threads stops on
     * its own CPU a moment later, and until then the server still answers. On Linux the threads'
     * states are in /proc; elsewhere the wait is skipped.
     */
    private void awaitThreads(final boolean stopped, final Duration timeout)
    {
        final Path tasks = Paths.get("/proc", Long.toString(process.pid()), "task");
        if (!Files.isDirectory(tasks))
        {
            return;
        }
        final String what = "all threads of pid " + process.pid() + (stopped ? " stopped" : " running");
        Deadline.await(timeout, what, () -> !process.isAlive() || threadsStopped(tasks) == stopped);
    }

    /** True if every thread is in state T (stopped); false if any runs or its state is unreadable. */
    private static boolean threadsStopped(final Path tasks)
    {
        try (Stream<Path> threads = Files.list(tasks))
        {
            return threads.allMatch(task -> isStopped(task.resolve("stat")));
        }
        catch (final IOException | UncheckedIOException e)
        {
            return false;
        }
    }

    private static boolean isStopped(final Path stat)
    {
        try
        {
            // "pid (comm) S ...": the state follows the last ')', since comm may contain one
            final String line = Files.readString(stat, StandardCharsets.US_ASCII);
            final int end = line.lastIndexOf(')');
            final char state = end >= 0 && end + 2 < line.length() ? line.charAt(end + 2) : '?';
            return state == 'T' || state == 't';
        }
        catch (final IOException e)
        {
            // a thread that exited while listing does not keep the process running
            return !Files.exists(stat.getParent());
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
