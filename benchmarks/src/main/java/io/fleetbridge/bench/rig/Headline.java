package io.fleetbridge.bench.rig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the operator page opens with, for 1 KiB registrations into a file-storage stream with one
 * publisher connection: the minimal bridge (b), the same-work bridge ({@code b-envelopes}, the
 * yardstick: the adapter's whole server work and none of its client work), our adapter and the Go
 * design, each closed loop in {@code 1 + --ratio-rounds} rounds (the order reversed every other
 * round, the median row kept), then every variant that can be fed on a schedule open loop at each
 * {@code --latency} fraction of the same-work bridge's median. Immutable once measured.
 *
 * @param rows in page order
 * @param sameWorkPerSecond the same-work bridge's median stored msgs/s: the 100% of the load axis
 * @param rounds closed-loop rounds behind each row's median
 * @param baseline the rig JVM's memory before any variant ran
 * @param transportBytes the size of each registration's transport, as (b) stores it
 */
record Headline(List<Row> rows, double sameWorkPerSecond, int rounds, Footprint baseline, int transportBytes)
{
    static final RigOptions.Group GROUP = RatioRounds.TARGET_GROUP;
    static final String BRIDGE = BridgeCeiling.ServerWork.NONE.variant;
    static final String SAME_WORK = BridgeCeiling.ServerWork.ENVELOPES.variant;
    static final String ADAPTER = "adapter";
    static final String GO = "go-core";
    /** Rig variant to the label the page gives it, in page order. */
    static final Map<String, String> LABELS = labels();

    /**
     * One variant: its median closed-loop cell and its open-loop points, lowest load first (none for the Go
     * design, which waits for no acknowledgement and so has no latency to time).
     */
    record Row(String variant, String label, CellResult closedLoop, List<LatencyPoint> openLoop)
    {
        Row
        {
            openLoop = List.copyOf(openLoop);
        }

        /** The point at {@code fraction} of the same-work bridge, or null if none was measured there. */
        LatencyPoint at(final double fraction)
        {
            for (final LatencyPoint point : openLoop)
            {
                if (Math.abs(point.fraction() - fraction) < 1e-9)
                {
                    return point;
                }
            }
            return null;
        }
    }

    Headline
    {
        rows = List.copyOf(rows);
    }

    Row row(final String variant)
    {
        for (final Row row : rows)
        {
            if (row.variant().equals(variant))
            {
                return row;
            }
        }
        return null;
    }

    /** Runs the closed-loop rounds, then the open-loop points; the caller's thread, one cell at a time. */
    static Headline measure(final CellRunner runner, final RigOptions options, final long runId) throws Exception
    {
        final RegistrationTransports messages = new RegistrationTransports(GROUP.sizeBytes(), options.senders(), runId);
        // after the transports are built: what every row holds whatever the variant
        final Footprint baseline = Footprint.measure();
        final List<String> variants = new ArrayList<>(LABELS.keySet());
        final Map<String, List<CellResult>> cells = new LinkedHashMap<>();
        final int rounds = 1 + options.ratioRounds();
        for (int round = 1; round <= rounds; round++)
        {
            for (final String name : LatencySweep.order(variants, round))
            {
                System.err.printf(Locale.ROOT, "headline: round %d of %d: %s ...%n", round, rounds, name);
                final Cell cell = runner.nextCell(GROUP, messages, options.acksInFlight(), options.windowFor(name));
                cells.computeIfAbsent(name, key -> new ArrayList<>())
                    .add(runner.run(cell, ThroughputRig.variant(name, options), ThroughputRig.kind(name)));
            }
        }
        final double sameWork = LatencyTable.median(cells.get(SAME_WORK)).msgsPerSecond();
        final List<Row> rows = new ArrayList<>();
        for (final String name : variants)
        {
            final List<LatencyPoint> points = new ArrayList<>();
            if (!GO.equals(name))
            {
                for (final double fraction : options.latencyFractions())
                {
                    final long perSecond = PacingSchedule.rateFor(fraction, sameWork);
                    System.err.printf(Locale.ROOT, "headline: %s open loop at %.2f x same-work bridge = %,d msgs/s ...%n",
                        name, fraction, perSecond);
                    final Cell cell = runner.nextCell(GROUP, messages, options.acksInFlight(), options.window());
                    points.add(runner.runOpenLoop(cell, (OpenLoopVariant)ThroughputRig.variant(name, options), fraction, perSecond,
                        options.latencySenders()));
                }
            }
            rows.add(new Row(name, LABELS.get(name), LatencyTable.median(cells.get(name)), points));
        }
        return new Headline(rows, sameWork, rounds, baseline, messages.transportBytes());
    }

    private static Map<String, String> labels()
    {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put(BRIDGE, "(b) minimal bridge");
        labels.put(SAME_WORK, "same-work bridge (`b-envelopes`)");
        labels.put(ADAPTER, "**adapter (ours)**");
        labels.put(GO, "Go design, core publish (`go-core`)");
        return Collections.unmodifiableMap(labels);
    }
}
