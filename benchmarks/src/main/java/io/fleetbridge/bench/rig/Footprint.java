package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The rig JVM's memory at one moment: the heap that survives a full collection (what the running
 * variant, the load source and the rig hold) and the process's resident set. Both are of the whole
 * rig process, the load source included; the heap is compared with a baseline taken before any
 * variant ran ({@link #heapAboveMb}), while the resident set only grows over a run (the heap is
 * fixed at {@code -Xms}, and pages once touched stay), so it is an upper bound for each row. Immutable.
 *
 * @param heapLiveBytes heap in use right after {@link System#gc()}; -1 when unknown
 * @param rssBytes the JVM's resident set ({@code VmRSS}); -1 when unknown
 */
record Footprint(long heapLiveBytes, long rssBytes)
{
    static final Footprint UNKNOWN = new Footprint(-1, -1);
    private static final double MB = 1e6;

    /** Collects the whole heap first, so that garbage does not count: call it outside a measured window. Allocates. */
    static Footprint measure()
    {
        System.gc();
        return new Footprint(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss());
    }

    boolean known()
    {
        return heapLiveBytes >= 0;
    }

    /** Live heap above {@code baseline}'s, in MB; what the variant measured at that moment added to the rig's own. */
    double heapAboveMb(final Footprint baseline)
    {
        return Math.max(0, heapLiveBytes - Math.max(0, baseline.heapLiveBytes)) / MB;
    }

    double rssMb()
    {
        return rssBytes / MB;
    }

    private static long rss()
    {
        try
        {
            return vmRssBytes(Files.readString(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII));
        }
        catch (final IOException e)
        {
            return -1;
        }
    }

    /** The {@code VmRSS:} line of {@code /proc/<pid>/status} in bytes, or -1. */
    static long vmRssBytes(final String status)
    {
        for (final String line : status.split("\n"))
        {
            if (line.startsWith("VmRSS:"))
            {
                final String[] fields = line.substring(6).trim().split("\\s+");
                return Long.parseLong(fields[0]) * 1024;
            }
        }
        return -1;
    }
}
