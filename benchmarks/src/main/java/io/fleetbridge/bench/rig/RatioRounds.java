package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput target's ratio, taken more than once in a run. The target compares the tuned
 * adapter with the minimal bridge (b) for 1 KiB envelopes into a file-storage stream, and one
 * pair of cells says little on a shared machine: in full runs with the same jar that ratio has
 * measured 0.67 and 0.95, (b) being measured early, when the server is slower in some runs
 * (docs/benchmarks.md). So, right after that group's table, the two are measured again in
 * {@code --ratio-rounds} more pairs, each pair in the reverse order of the one before, the
 * table's own pair being the first; the report gives each pair's ratio, the server's CPU per
 * stored message (with the server at a full CPU, what sets each rate), and the median over the
 * pairs, on which the target is judged.
 *
 * <p>Used from the rig's driving thread only; allocates strings.
 */
final class RatioRounds
{
    /** The group the target is stated for. */
    static final RigOptions.Group TARGET_GROUP = new RigOptions.Group(1024, StorageType.File, 1);
    /** The adapter's throughput target, as a fraction of (b). */
    static final double TARGET = 0.95;
    static final String BRIDGE = BridgeCeiling.ServerWork.NONE.variant;
    static final String ADAPTER = "adapter";

    private RatioRounds()
    {
    }

    /** One round: (b) and the tuned adapter, in the order they ran. */
    record Pair(boolean bridgeFirst, CellResult bridge, CellResult adapter)
    {
        double ratio()
        {
            return bridge.msgsPerSecond() > 0 ? adapter.msgsPerSecond() / bridge.msgsPerSecond() : 0;
        }
    }

    /** Whether the rounds follow {@code group}'s table: the target's group, with both (b) and the adapter in it. */
    static boolean follow(final RigOptions options, final RigOptions.Group group)
    {
        final List<String> variants = options.variantsFor(group);
        return options.ratioRounds() > 0 && TARGET_GROUP.equals(group) && variants.contains(BRIDGE) && variants.contains(ADAPTER);
    }

    /**
     * Measures {@code options.ratioRounds()} more pairs after the table, whose {@code rows} ran {@code names} in
     * that order, and renders every pair: the table's (its first (b) and first adapter row) and the new ones, each
     * round in the reverse order of the one before.
     */
    static String run(final CellRunner runner, final RigOptions options, final RigOptions.Group group,
        final RegistrationTransports messages, final List<String> names, final List<CellResult> rows) throws Exception
    {
        final int bridge = names.indexOf(BRIDGE);
        final int adapter = names.indexOf(ADAPTER);
        final List<Pair> pairs = new ArrayList<>(options.ratioRounds() + 1);
        pairs.add(new Pair(bridge < adapter, rows.get(bridge), rows.get(adapter)));
        for (int round = 2; round <= options.ratioRounds() + 1; round++)
        {
            final boolean bridgeFirst = !pairs.get(pairs.size() - 1).bridgeFirst();
            final CellResult first = cell(runner, options, group, messages, bridgeFirst ? BRIDGE : ADAPTER, round);
            final CellResult second = cell(runner, options, group, messages, bridgeFirst ? ADAPTER : BRIDGE, round);
            pairs.add(bridgeFirst ? new Pair(true, first, second) : new Pair(false, second, first));
        }
        return render(group, pairs);
    }

    private static CellResult cell(final CellRunner runner, final RigOptions options, final RigOptions.Group group,
        final RegistrationTransports messages, final String name, final int round) throws Exception
    {
        System.err.printf(Locale.ROOT, "%s: %s, round %d ...%n", group.title(), name, round);
        final Cell cell = runner.nextCell(group, messages, options.acksInFlight(), options.windowFor(name));
        return runner.run(cell, ThroughputRig.variant(name), ThroughputRig.kind(name));
    }

    static String render(final RigOptions.Group group, final List<Pair> pairs)
    {
        final StringBuilder out = new StringBuilder(1024 + pairs.size() * 200);
        out.append("### (b) and the tuned adapter in ").append(pairs.size()).append(" rounds: ").append(group.title()).append("\n\n")
            .append("The throughput target's ratio, taken ").append(pairs.size()).append(" times: the table above is round 1, and")
            .append(" each later round ran the two again, in the reverse order of the round before. With the server at a")
            .append(" full CPU, its CPU per stored message sets each variant's rate.\n\n")
            .append("| round | ran first | (b) msgs/s | adapter msgs/s | adapter ÷ (b) | server cores, (b) / adapter")
            .append(" | server CPU per stored message, (b) / adapter (µs) | JVM cores, (b) / adapter | host steal (cores), (b) / adapter")
            .append(" | adapter dropped + lost | notes |\n")
            .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        final double[] ratios = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++)
        {
            final Pair pair = pairs.get(i);
            ratios[i] = pair.ratio();
            out.append(String.format(Locale.ROOT,
                "| %d | %s | %,.0f | %,.0f | %.2f | %.2f / %.2f | %.1f / %.1f | %.2f / %.2f | %.2f / %.2f | %,d | %s |%n",
                i + 1, pair.bridgeFirst() ? "(b)" : "adapter", pair.bridge().msgsPerSecond(), pair.adapter().msgsPerSecond(),
                ratios[i], pair.bridge().window().serverCores(), pair.adapter().window().serverCores(),
                serverMicrosPerMessage(pair.bridge()), serverMicrosPerMessage(pair.adapter()),
                pair.bridge().window().jvmCores(), pair.adapter().window().jvmCores(),
                pair.bridge().window().stolenCores(), pair.adapter().window().stolenCores(),
                pair.adapter().dropped() + pair.adapter().lost(), notes(pair)));
        }
        final double median = LatencyRounds.median(ratios);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (final double ratio : ratios)
        {
            lowest = Math.min(lowest, ratio);
            highest = Math.max(highest, ratio);
        }
        out.append(String.format(Locale.ROOT,
            "%nMedian adapter ÷ (b) over %d rounds: **%.3f** (%.3f to %.3f); the target, at least %.2f: **%s**, in %d of %d rounds.%n",
            pairs.size(), median, lowest, highest, TARGET, median >= TARGET ? "met" : "missed", met(ratios), pairs.size()));
        return out.toString();
    }

    /** CPU the server spent per message the cell stored in its window, in µs; 0 for an empty window. */
    static double serverMicrosPerMessage(final CellResult cell)
    {
        return cell.landedInWindow() > 0 ? cell.window().serverNs() / 1e3 / cell.landedInWindow() : 0;
    }

    private static int met(final double[] ratios)
    {
        int met = 0;
        for (final double ratio : ratios)
        {
            met += ratio >= TARGET ? 1 : 0;
        }
        return met;
    }

    private static String notes(final Pair pair)
    {
        final List<String> notes = new ArrayList<>(2);
        if (!pair.bridge().note().isEmpty())
        {
            notes.add("(b): " + pair.bridge().note());
        }
        if (!pair.adapter().note().isEmpty())
        {
            notes.add("adapter: " + pair.adapter().note());
        }
        return String.join("; ", notes);
    }
}
