package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the threads of one process have used and waited for so far, from Linux's per-thread
 * {@code /proc/<pid>/task/<tid>/schedstat} (CPU time on the CPU, time runnable but waiting for
 * a CPU, both in nanoseconds) and {@code comm} (the thread's name, cut to 15 characters).
 *
 * <p>Why the rig wants it: besides the load source's threads ({@link SenderPool#THREAD_PREFIX}), the
 * JVM's own threads that {@code ThreadMXBean} does not list, the collector's and the JIT
 * compiler's, share the one CPU the path is measured on, and a window in which they ran says so. The wait is the run queue: summed over
 * a process's threads and divided by the window, it is how many of them were, on average,
 * ready to run with no CPU to run on, which is what turns a busy CPU into a latency tail.
 *
 * <p>Each sample keeps every thread's figures by thread id, and a window sums each thread's
 * own difference ({@link #until}): a thread that started in the window counts from its start, one
 * that ended in it loses only its last part. Reads allocate; call it at window boundaries only,
 * from one thread.
 */
final class TaskStats
{
    static final TaskStats NONE = new TaskStats(Map.of());

    /** One thread's figures so far. */
    record Task(Kind kind, long cpuNs, long waitNs)
    {
    }

    /**
     * What a window added.
     *
     * @param gcNs CPU of the collector's threads (HotSpot's names: {@code GC Thread#n}, {@code G1 ...},
     *             and the {@code VM Thread}, where a stop-the-world pause's own work runs)
     * @param jitNs CPU of the JIT compiler's threads ({@code C1 CompilerThread}, {@code C2 CompilerThread})
     * @param sourceNs CPU of the rig's load source's threads, jnats' included
     * @param waitNs time the process's threads, all of them, spent runnable and waiting for a CPU
     */
    record Totals(long gcNs, long jitNs, long sourceNs, long waitNs)
    {
    }

    private final Map<String, Task> threads;

    TaskStats(final Map<String, Task> threads)
    {
        this.threads = threads;
    }

    /** The threads of {@code pid} ("self" for this JVM) now; {@link #NONE} where /proc has no such process. */
    static TaskStats of(final String pid)
    {
        final Map<String, Task> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task")))
        {
            for (final Path task : tasks)
            {
                try
                {
                    final long[] schedstat = schedstat(Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII));
                    final String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
                    threads.put(task.getFileName().toString(), new Task(kind(name), schedstat[0], schedstat[1]));
                }
                catch (final IOException | RuntimeException gone)
                {
                    // the thread ended while we listed it, or the kernel keeps no schedstat
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return NONE; // no /proc: the report shows zeros rather than failing the run
        }
        return new TaskStats(threads);
    }

    /** What each thread of {@code later} added since this sample, summed. */
    Totals until(final TaskStats later)
    {
        long gc = 0;
        long jit = 0;
        long source = 0;
        long wait = 0;
        for (final Map.Entry<String, Task> entry : later.threads.entrySet())
        {
            final Task now = entry.getValue();
            final Task then = threads.get(entry.getKey());
            final long cpu = now.cpuNs() - (then == null ? 0 : then.cpuNs());
            wait += now.waitNs() - (then == null ? 0 : then.waitNs());
            switch (now.kind())
            {
                case GC: gc += cpu; break;
                case JIT: jit += cpu; break;
                case SOURCE: source += cpu; break;
                default: break;
            }
        }
        return new Totals(gc, jit, source, wait);
    }

    /** What a thread does, by the name HotSpot or the rig gives it. */
    enum Kind
    {
        GC, JIT, SOURCE, OTHER
    }

    static Kind kind(final String comm)
    {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread"))
        {
            return Kind.GC;
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"))
        {
            return Kind.JIT;
        }
        if (comm.startsWith(SenderPool.THREAD_PREFIX))
        {
            return Kind.SOURCE;
        }
        return Kind.OTHER;
    }

    /** The first two numbers of a schedstat line: nanoseconds on a CPU, nanoseconds waiting for one. */
    static long[] schedstat(final String line)
    {
        final String[] fields = line.trim().split("\\s+");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }
}
