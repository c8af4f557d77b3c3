package io.fleetbridge.bench;

import io.fleetbridge.fleet.FleetSettings;
import io.fleetbridge.fleet.FleetTracker;
import io.fleetbridge.fleet.Sighting;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The heap the fleet view holds per node as its ids grow: a tracker with the daemon's limits for
 * {@code nodes} ({@code fleet.max_nodes} = nodes, {@code fleet.max_name_bytes} at its default, 64
 * bytes a node) offered {@code nodes} nodes whose ids are all {@code length} bytes, for each length
 * asked, reporting how many it tracked, what {@link FleetTracker#footprintBytes()} counts against
 * its bound (the slots and the names' budget), and the used heap after full collections. Host
 * names of about 20 bytes are typical; 255 is the longest kept, which made-up senders can send
 * while {@code ingest.verify} is off. Nothing is timed.
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
        final long budget = FleetSettings.defaultMaxNameBytes(nodes);
        // sized as the daemon sizes it (FleetSection.EXPECTED_NODES), so that it grows as it would in the daemon
        final FleetTracker tracker = new FleetTracker(16_384, nodes, budget, 60_000, 120_000, a -> true);
        final long now = System.currentTimeMillis();
        final StringBuilder id = new StringBuilder(length);
        long untracked = 0;
        for (int i = 0; i < nodes; i++)
        {
            id.setLength(0);
            id.append('n').append(i).append('.');
            while (id.length() < length)
            {
                id.append('x');
            }
            if (tracker.seen(id, 0, length, now, 1024, false, now) == Sighting.UNTRACKED)
            {
                untracked++;
            }
        }
        final long after = usedAfterGc();
        final int tracked = tracker.size();
        if (tracked + untracked != nodes)
        {
            throw new IllegalStateException("tracked " + tracked + " and refused " + untracked + " of " + nodes);
        }
        // the slots of a table holding fleet.max_nodes, for the bound: 25 bytes each, 2^21 at a million
        final long slotBytes = slotBytes(nodes);
        System.out.printf(Locale.ROOT, "ids of %d bytes: tracked %,d, untracked %,d; names %,d B of a budget of %,d B; "
            + "footprintBytes() %,d B (bound: slots %,d B + budget = %,d B), %,.1f B per tracked node; used heap after full GC "
            + "%,d B, %,.1f B per tracked node%n", length, tracked, untracked, tracker.nameBytes(), budget, tracker.footprintBytes(),
            slotBytes, slotBytes + budget, tracker.footprintBytes() / (double)tracked, after - before, (after - before) / (double)tracked);
    }

    /** The slots' bytes of a table grown to hold {@code nodes}: load at most 3/4, 25 bytes a slot. */
    private static long slotBytes(final int nodes)
    {
        long capacity = 32;
        while (nodes > capacity - (capacity >> 2))
        {
            capacity <<= 1;
        }
        return capacity * 25;
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
