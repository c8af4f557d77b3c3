package io.fleetbridge.bench;

import io.fleetbridge.fleet.FleetTracker;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The heap the fleet view holds per node as its ids grow: a tracker filled with {@code nodes} nodes
 * whose ids are all {@code length} bytes, for each length asked, reporting what
 * {@link FleetTracker#footprintBytes()} counts and the used heap after full collections. Host names
 * of about 20 bytes are typical; 255 is the longest kept, which made-up senders can send while
 * {@code ingest.verify} is off. Nothing is timed.
 *
 * <p>Run (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * <pre>
 *   java -Xmx2g -cp benchmarks/target/benchmarks.jar io.fleetbridge.bench.FleetFootprint [nodes] [length...]
 * </pre>
 * defaults 1000000 nodes, ids of 20 and 255 bytes. Single threaded.
 */
public final class FleetFootprint
{
    private FleetFootprint()
    {
    }

    public static void main(final String[] args)
    {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int[] lengths = args.length > 1 ? new int[args.length - 1] : new int[] {20, 255};
        for (int i = 1; i < args.length; i++)
        {
            lengths[i - 1] = Integer.parseInt(args[i]);
        }
        System.out.printf(Locale.ROOT, "fleet footprint: %,d nodes; JDK %s, max heap %,d MB%n", nodes, System.getProperty("java.version"),
            Runtime.getRuntime().maxMemory() >> 20);
        for (final int length : lengths)
        {
            measure(nodes, length);
        }
    }

    private static void measure(final int nodes, final int length)
    {
        final long before = usedAfterGc();
        // sized as the daemon sizes it (FleetSection.EXPECTED_NODES), so that it grows as it would in the daemon
        final FleetTracker tracker = new FleetTracker(16_384, nodes, 60_000, 120_000, a -> true);
        final long now = System.currentTimeMillis();
        final StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < nodes; i++)
        {
            id.setLength(0);
            id.append('n').append(i).append('.');
            while (id.length() < length)
            {
                id.append('x');
            }
            tracker.seen(id, 0, length, now, 1024, false, now);
        }
        final long after = usedAfterGc();
        if (tracker.size() != nodes)
        {
            throw new IllegalStateException("tracked " + tracker.size() + " of " + nodes + " (ids of " + length + " bytes)");
        }
        System.out.printf(Locale.ROOT, "ids of %d bytes: footprintBytes() %,d B, %,.1f B per node; used heap after full GC "
            + "%,.1f B per node%n", length, tracker.footprintBytes(), tracker.footprintBytes() / (double)nodes,
            (after - before) / (double)nodes);
    }

    private static long usedAfterGc()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
