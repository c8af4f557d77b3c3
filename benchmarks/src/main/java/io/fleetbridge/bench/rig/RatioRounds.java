package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The throughput target's ratio, taken more than once in a run, beside the ceiling the adapter's
 * own server work allows. The target compares the tuned adapter with the minimal bridge (b) for
 * 1 KiB envelopes into a file-storage stream, and one pair of cells says little on a shared
 * machine: with the same jar that ratio has measured from 0.67 to 1.09 in full runs, because
 * the server's CPU per message of (b) moves between runs (8 to 14 µs) where the adapter's
 * holds (docs/benchmarks-method.md). So, right after that group's table, (b), the bridge given the
 * adapter's whole server work ({@code b-envelopes}: ids, a subject per sender, the envelope as
 * the body) and the adapter are measured again in {@code --ratio-rounds} more rounds, each in the
 * reverse order of the one before; the table's (b) and adapter, with a same-work bridge run right
 * after the table, are round 1. The report gives each round's two ratios, the server's CPU per
 * stored message (with the server at a full CPU, what sets each rate), and the medians; the
 * target is judged on the median ratio to (b).
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
    static final String SAME_WORK = BridgeCeiling.ServerWork.ENVELOPES.variant;
    static final String ADAPTER = "adapter";
    /** The order of rounds 3, 5, ...; rounds 2, 4, ... run in reverse, so that each variant runs early as often as late. */
    private static final List<String> ORDER = List.of(BRIDGE, SAME_WORK, ADAPTER);

    private RatioRounds()
    {
    }

    /** One round: (b), the bridge with the adapter's server work, and the tuned adapter; {@code order} as they ran. */
    record Round(List<String> order, CellResult bridge, CellResult sameWork, CellResult adapter)
    {
        double toBridge()
        {
            return ratio(adapter, bridge);
        }

        double toSameWork()
        {
            return ratio(adapter, sameWork);
        }

        private static double ratio(final CellResult of, final CellResult to)
        {
            return to.msgsPerSecond() > 0 ? of.msgsPerSecond() / to.msgsPerSecond() : 0;
        }
    }

    /** Whether the rounds follow {@code group}'s table: the target's group, with both (b) and the adapter in it. */
    static boolean follow(final RigOptions options, final RigOptions.Group group)
    {
        final List<String> variants = options.variantsFor(group);
        return options.ratioRounds() > 0 && TARGET_GROUP.equals(group) && variants.contains(BRIDGE) && variants.contains(ADAPTER);
    }

    /**
     * Measures the rounds after the table, whose {@code rows} ran {@code names} in that order, and renders them.
     * Round 1 is the table's first (b) and adapter rows with its same-work bridge row, or one run now if the table
     * had none; {@code options.ratioRounds()} more follow, each in the reverse order of the one before.
     */
    static String run(final CellRunner runner, final RigOptions options, final RigOptions.Group group,
        final RegistrationTransports messages, final List<String> names, final List<CellResult> rows) throws Exception
    {
        final int bridge = names.indexOf(BRIDGE);
        final int adapter = names.indexOf(ADAPTER);
        final int sameWork = names.indexOf(SAME_WORK);
        // the order the table ran them in, its first of each; a same-work bridge it lacked runs now, last
        final List<String> tableOrder = new ArrayList<>(ORDER.size());
        for (final String name : names)
        {
            if (ORDER.contains(name) && !tableOrder.contains(name))
            {
                tableOrder.add(name);
            }
        }
        final CellResult tableSameWork;
        if (sameWork >= 0)
        {
            tableSameWork = rows.get(sameWork);
        }
        else
        {
            tableOrder.add(SAME_WORK);
            tableSameWork = cell(runner, options, group, messages, SAME_WORK, 1);
        }
        final List<Round> rounds = new ArrayList<>(options.ratioRounds() + 1);
        rounds.add(new Round(List.copyOf(tableOrder), rows.get(bridge), tableSameWork, rows.get(adapter)));
        for (int round = 2; round <= options.ratioRounds() + 1; round++)
        {
            final List<String> order = round % 2 == 0 ? reversed(ORDER) : ORDER;
            final CellResult[] results = new CellResult[ORDER.size()];
            for (final String name : order)
            {
                results[ORDER.indexOf(name)] = cell(runner, options, group, messages, name, round);
            }
            rounds.add(new Round(order, results[0], results[1], results[2]));
        }
        return render(group, rounds);
    }

    private static List<String> reversed(final List<String> order)
    {
        final List<String> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        return reversed;
    }

    private static CellResult cell(final CellRunner runner, final RigOptions options, final RigOptions.Group group,
        final RegistrationTransports messages, final String name, final int round) throws Exception
    {
        System.err.printf(Locale.ROOT, "%s: %s, round %d ...%n", group.title(), name, round);
        final Cell cell = runner.nextCell(group, messages, options.acksInFlight(), options.windowFor(name));
        return runner.run(cell, ThroughputRig.variant(name, options), ThroughputRig.kind(name));
    }

    static String render(final RigOptions.Group group, final List<Round> rounds)
    {
        final StringBuilder out = new StringBuilder(1536 + rounds.size() * 256);
        out.append("### (b), the bridge with the adapter's server work, and the tuned adapter in ").append(rounds.size())
            .append(" rounds: ").append(group.title()).append("\n\n")
            .append("The throughput target's ratio, taken ").append(rounds.size()).append(" times, beside the ceiling the")
            .append(" adapter's own server work allows: `").append(SAME_WORK).append("` is (b) asking the server for what the")
            .append(" adapter asks (a `Nats-Msg-Id`, a subject per sender, the 1 KiB envelope as the body) with none of the")
            .append(" adapter's decoding, ring or encoding. Round 1 is the table's (b) and adapter, with that bridge run")
            .append(" after them; each later round ran the three in the reverse order of the round before. With the server")
            .append(" at a full CPU, its CPU per stored message sets each rate.\n\n")
            .append("| round | order | (b) msgs/s | same work msgs/s | adapter msgs/s | adapter ÷ (b) | adapter ÷ same work")
            .append(" | server CPU per stored message, (b) / same work / adapter (µs) | server cores, (b) / same work / adapter")
            .append(" | host steal (cores), (b) / adapter | adapter dropped + lost | notes |\n")
            .append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (int i = 0; i < rounds.size(); i++)
        {
            final Round round = rounds.get(i);
            out.append(String.format(Locale.ROOT,
                "| %d | %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.1f / %.1f / %.1f | %.2f / %.2f / %.2f | %.2f / %.2f | %,d | %s |%n",
                i + 1, String.join(", ", round.order()), round.bridge().msgsPerSecond(), round.sameWork().msgsPerSecond(),
                round.adapter().msgsPerSecond(), round.toBridge(), round.toSameWork(),
                serverMicrosPerMessage(round.bridge()), serverMicrosPerMessage(round.sameWork()),
                serverMicrosPerMessage(round.adapter()),
                round.bridge().window().serverCores(), round.sameWork().window().serverCores(),
                round.adapter().window().serverCores(),
                round.bridge().window().stolenCores(), round.adapter().window().stolenCores(),
                round.adapter().dropped() + round.adapter().lost(), notes(round)));
        }
        final double[] ratios = values(rounds, Round::toBridge);
        final double[] sameWorkRatios = values(rounds, Round::toSameWork);
        final DoubleSummaryStatistics toBridge = Arrays.stream(ratios).summaryStatistics();
        final DoubleSummaryStatistics toSameWork = Arrays.stream(sameWorkRatios).summaryStatistics();
        final double median = LatencyRounds.median(ratios);
        final long met = Arrays.stream(ratios).filter(ratio -> ratio >= TARGET).count();
        out.append(String.format(Locale.ROOT,
            "%nMedian adapter ÷ (b) over %d rounds: **%.3f** (%.3f to %.3f); the target, at least %.2f: **%s**, in %d of %d"
                + " rounds.  %nMedian adapter ÷ the bridge with its server work: **%.3f** (%.3f to %.3f); the ceiling that"
                + " work leaves, same work ÷ (b): %.3f at the median.%n",
            rounds.size(), median, toBridge.getMin(), toBridge.getMax(), TARGET, median >= TARGET ? "met" : "missed",
            met, rounds.size(),
            LatencyRounds.median(sameWorkRatios), toSameWork.getMin(), toSameWork.getMax(),
            LatencyRounds.median(values(rounds, r -> Round.ratio(r.sameWork(), r.bridge())))));
        return out.toString();
    }

    /** CPU the server spent per message the cell stored in its window, in µs; 0 for an empty window. */
    static double serverMicrosPerMessage(final CellResult cell)
    {
        return cell.landedInWindow() > 0 ? cell.window().serverNs() / 1e3 / cell.landedInWindow() : 0;
    }

    private static double[] values(final List<Round> rounds, final ToDoubleFunction<Round> value)
    {
        final double[] values = new double[rounds.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = value.applyAsDouble(rounds.get(i));
        }
        return values;
    }

    private static String notes(final Round round)
    {
        final List<String> notes = new ArrayList<>(3);
        if (!round.bridge().note().isEmpty())
        {
            notes.add("(b): " + round.bridge().note());
        }
        if (!round.sameWork().note().isEmpty())
        {
            notes.add("same work: " + round.sameWork().note());
        }
        if (!round.adapter().note().isEmpty())
        {
            notes.add("adapter: " + round.adapter().note());
        }
        return String.join("; ", notes);
    }
}
