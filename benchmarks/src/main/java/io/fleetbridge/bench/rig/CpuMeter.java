package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * CPU time used so far by this JVM, by the load source's threads inside it, and by the
 * nats-server process: the JVM's from {@code OperatingSystemMXBean#getProcessCpuTime}, the
 * server's from {@code utime + stime} in {@code /proc/<pid>/stat} (clock ticks, converted with
 * {@code getconf CLK_TCK}), the host's steal over all CPUs from the {@code cpu} line of
 * {@code /proc/stat} (time the hypervisor ran something else while this machine's CPUs had work),
 * and from {@link TaskStats}, thread by thread, the CPU of the load source's threads (named
 * {@link SenderPool#THREAD_PREFIX}-*), of the JVM's collector and of its JIT compiler, and the
 * run-queue wait of the JVM's and the server's threads. Deltas of two samples over the wall time
 * give cores used (or, for the waits, threads waiting).
 *
 * <p>Used from the rig's driving thread only; a sample allocates (file reads).
 */
final class CpuMeter
{
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private final String serverPid;
    private final Path serverStat;
    private final Path machineStat = Paths.get("/proc", "stat");
    private final long nsPerTick;

    /** @param serverPid the nats-server's pid; its CPU reads as 0 where /proc is missing */
    CpuMeter(final long serverPid)
    {
        this.serverPid = Long.toString(serverPid);
        this.serverStat = Paths.get("/proc", this.serverPid, "stat");
        this.nsPerTick = 1_000_000_000L / clockTicksPerSecond();
    }

    /** CPU nanoseconds used so far, and when; the JVM's and the server's threads' {@link TaskStats}. */
    record Sample(long wallNs, long jvmNs, long serverNs, long stolenNs, TaskStats jvmTasks, TaskStats serverTasks)
    {
        /** The window from this sample to a later one. */
        Window until(final Sample later)
        {
            final TaskStats.Totals jvm = jvmTasks.until(later.jvmTasks);
            return new Window(later.wallNs - wallNs, later.jvmNs - jvmNs, jvm.sourceNs(), later.serverNs - serverNs,
                later.stolenNs - stolenNs, jvm.gcNs(), jvm.jitNs(), jvm.waitNs(), serverTasks.until(later.serverTasks).waitNs());
        }
    }

    /**
     * A measured window: its length and the CPU each party used in it, all in nanoseconds.
     *
     * @param wallNs length of the window
     * @param jvmNs CPU of the whole JVM, the load source included
     * @param sourceNs CPU of the load source's threads
     * @param serverNs CPU of nats-server
     * @param stolenNs CPU time the host took from this machine's CPUs, all of them
     * @param gcNs CPU of the JVM's collector threads (part of {@code jvmNs})
     * @param jitNs CPU of the JVM's JIT compiler threads (part of {@code jvmNs})
     * @param jvmWaitNs time the JVM's threads, summed, were runnable and waited for a CPU
     * @param serverWaitNs the same for the server's threads
     */
    record Window(long wallNs, long jvmNs, long sourceNs, long serverNs, long stolenNs,
                  long gcNs, long jitNs, long jvmWaitNs, long serverWaitNs)
    {
        /** A count over the window as a rate; 0 for an empty window. */
        double perSecond(final long count)
        {
            return wallNs <= 0 ? 0 : count * 1e9 / wallNs;
        }

        double jvmCores()
        {
            return cores(jvmNs);
        }

        double sourceCores()
        {
            return cores(sourceNs);
        }

        double serverCores()
        {
            return cores(serverNs);
        }

        double stolenCores()
        {
            return cores(stolenNs);
        }

        double gcCores()
        {
            return cores(gcNs);
        }

        double jitCores()
        {
            return cores(jitNs);
        }

        /** How many of the JVM's threads were, on average over the window, ready to run with no CPU free. */
        double jvmWaitingThreads()
        {
            return cores(jvmWaitNs);
        }

        /** The same for the server's threads. */
        double serverWaitingThreads()
        {
            return cores(serverWaitNs);
        }

        private double cores(final long cpuNs)
        {
            return wallNs <= 0 ? 0 : (double)cpuNs / wallNs;
        }
    }

    Sample sample()
    {
        return new Sample(System.nanoTime(), os.getProcessCpuTime(), serverCpuNs(), stolenNs(),
            TaskStats.of("self"), TaskStats.of(serverPid));
    }

    private long serverCpuNs()
    {
        try
        {
            return ticks(Files.readString(serverStat, StandardCharsets.US_ASCII)) * nsPerTick;
        }
        catch (final IOException e)
        {
            return 0;
        }
    }

    private long stolenNs()
    {
        try
        {
            return stealTicks(Files.readString(machineStat, StandardCharsets.US_ASCII)) * nsPerTick;
        }
        catch (final IOException | RuntimeException e)
        {
            return 0; // no /proc: the report shows no steal rather than failing the run
        }
    }

    /** The steal field (the eighth number) of the {@code cpu} line of {@code /proc/stat}, summed over all CPUs. */
    static long stealTicks(final String procStat)
    {
        for (final String line : procStat.split("\n"))
        {
            if (line.startsWith("cpu "))
            {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[7]);
            }
        }
        return 0;
    }

    /** utime + stime: fields 14 and 15 of stat, counted after the command name's closing ')'. */
    static long ticks(final String stat)
    {
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field 14 is fields[11]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long clockTicksPerSecond()
    {
        try
        {
            final Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        }
        catch (final IOException | NumberFormatException e)
        {
            return 100;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
