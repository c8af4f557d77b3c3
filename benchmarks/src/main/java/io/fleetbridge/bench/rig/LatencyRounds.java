package io.fleetbridge.bench.rig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * Sums up a latency part measured in several rounds ({@code --rounds}). One run of a point says
 * little on a shared machine, where the p99 of one configuration moves several times over between
 * runs minutes apart; what does hold is a comparison made round by round, under the same drift.
 * So, for every variant and fraction, the p99 of each round and their median; for every adapter
 * variant, its p99 minus that of the bridge given the same server work ({@code b-envelopes}) at the
 * same fraction in the same round, which is the adapter's own share of the tail with that round's
 * server share taken out, with a confidence interval for its median ({@link MedianInterval}); and the
 * targets over all rounds: the paired one judged on that interval, the p99 target on the median, with
 * the rounds that met it counted, the drops target on the sum. Stateless; allocates strings.
 */
final class LatencyRounds
{
    private static final ToDoubleFunction<LatencyPoint> P99_MS = point -> point.ingestToAck().p99Ns() / 1e6;
    /** The latency target: the adapter's p99 at most this much above the same-work bridge's, paired by round. */
    static final long PAIRED_TARGET_NS = 1_000_000;

    private LatencyRounds()
    {
    }

    /** The summary section; {@code rounds} each hold the same variants and fractions, as the sweep runs them. */
    static String render(final List<List<LatencyPoint>> rounds)
    {
        final List<LatencyPoint> first = rounds.get(0);
        final StringBuilder out = new StringBuilder(1024 + first.size() * 256);
        out.append("### Summary of ").append(rounds.size()).append(" rounds\n\n")
            .append("| variant | × (b) | p99 ingest→ack per round (ms) | median p99 | median send→ack p99 "
                + "| median JVM cores (load source) | median JVM threads waiting for a CPU | host steal per round (cores) "
                + "| dropped + lost, all rounds |\n")
            .append("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (final LatencyPoint key : first)
        {
            final List<LatencyPoint> same = across(rounds, key.variant(), key.fraction());
            out.append("| ").append(key.variant())
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", key.fraction()))
                .append(" | ").append(joined(values(same, P99_MS), "%.2f"))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(same, P99_MS)))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(same, p -> p.sendToAck().p99Ns() / 1e6)))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f (%.2f)",
                    median(same, p -> p.window().jvmCores()), median(same, p -> p.window().sourceCores())))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", median(same, p -> p.window().jvmWaitingThreads())))
                .append(" | ").append(joined(values(same, p -> p.window().stolenCores()), "%.2f"))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", unaccounted(same)))
                .append(" |\n");
        }
        return out.append(paired(rounds)).append(targets(rounds)).toString();
    }

    /**
     * Each adapter variant's p99 minus the same-work bridge's, round by round, at every fraction
     * where both ran; empty if the run did not feed that bridge.
     */
    static String paired(final List<List<LatencyPoint>> rounds)
    {
        final StringBuilder out = new StringBuilder(512);
        for (final LatencyPoint key : rounds.get(0))
        {
            if (BridgeCeiling.isBridge(key.variant()) || !sameWorkRan(rounds, key.fraction()))
            {
                continue;
            }
            final double[] differences = differences(rounds, key);
            int below = 0;
            for (final double difference : differences)
            {
                below += difference < 0 ? 1 : 0;
            }
            final MedianInterval interval = MedianInterval.of(differences);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %+.2f | %s | %d of %d |%n",
                key.variant(), key.fraction(), joined(differences, "%+.2f"), median(differences),
                interval == null ? "(under 5 rounds)" : interval.describe(), below, rounds.size()));
        }
        return out.length() == 0 ? "" : "\nThe adapter's own share: its p99 minus that of `"
            + BridgeCeiling.SAME_WORK.variant + "` (the bridge given the same server work) in the same round, in ms. A `"
            + BridgeCeiling.SPINNING + "` row is that bridge burning more CPU per message and nothing else: how much of"
            + " the adapter's share that much CPU alone explains. The interval holds the median difference with the"
            + " confidence given (the sign test's: the k-th smallest and largest of the rounds), assuming only that the"
            + " rounds are independent.\n\n"
            + "| variant | × (b) | difference per round | median difference | interval of the median | below the bridge in |\n"
            + "| --- | ---: | --- | ---: | --- | ---: |\n" + out;
    }

    /** {@code key}'s variant's p99 minus the same-work bridge's at its fraction, round by round, in ms. */
    private static double[] differences(final List<List<LatencyPoint>> rounds, final LatencyPoint key)
    {
        final List<LatencyPoint> variant = across(rounds, key.variant(), key.fraction());
        final List<LatencyPoint> bridge = across(rounds, BridgeCeiling.SAME_WORK_NAME, key.fraction());
        final double[] differences = new double[rounds.size()];
        for (int r = 0; r < rounds.size(); r++)
        {
            differences[r] = P99_MS.applyAsDouble(variant.get(r)) - P99_MS.applyAsDouble(bridge.get(r));
        }
        return differences;
    }

    /** The two targets, judged on every round, for the adapter variants that ran at their fractions. */
    static String targets(final List<List<LatencyPoint>> rounds)
    {
        final StringBuilder out = new StringBuilder(256);
        for (final LatencyPoint key : rounds.get(0))
        {
            if (BridgeCeiling.isBridge(key.variant()) || BridgeCeiling.isSpinning(key.variant()))
            {
                continue;
            }
            final List<LatencyPoint> same = across(rounds, key.variant(), key.fraction());
            if (key.fraction() == LatencyTable.P99_TARGET_FRACTION && sameWorkRan(rounds, key.fraction()))
            {
                final double[] differences = differences(rounds, key);
                final MedianInterval interval = MedianInterval.of(differences);
                final MedianInterval.Verdict verdict = interval == null
                    ? MedianInterval.Verdict.UNDECIDED : interval.against(PAIRED_TARGET_NS / 1e6);
                out.append(String.format(Locale.ROOT,
                    "- %s, p99 ingest→ack at %.2f × (b) minus the same-work bridge's, paired by round: median %+.2f ms over %d"
                        + " rounds, %s; target at most +%s ms: **%s**%s%n",
                    key.variant(), key.fraction(), median(differences), same.size(),
                    interval == null ? "too few for an interval of the median (5 at least)" : "its interval " + interval.describe()
                        + " (ms)",
                    LatencyTable.ms(PAIRED_TARGET_NS),
                    verdict.label(), verdict == MedianInterval.Verdict.UNDECIDED && interval != null
                        ? " (the interval holds the target: more rounds, or a quieter machine, would decide it)" : ""));
            }
            if (key.fraction() == LatencyTable.P99_TARGET_FRACTION)
            {
                int met = 0;
                for (final LatencyPoint point : same)
                {
                    met += point.ingestToAck().p99Ns() < LatencyTable.P99_TARGET_NS ? 1 : 0;
                }
                final double medianMs = median(same, P99_MS);
                out.append(String.format(Locale.ROOT,
                    "- %s, p99 ingest→ack at %.2f × (b): median %.2f ms over %d rounds, under %s ms in %d of them; target"
                        + " under %s ms: **%s**%s%n",
                    key.variant(), key.fraction(), medianMs, same.size(), LatencyTable.ms(LatencyTable.P99_TARGET_NS), met,
                    LatencyTable.ms(LatencyTable.P99_TARGET_NS), medianMs * 1e6 < LatencyTable.P99_TARGET_NS ? "met" : "missed",
                    floor(rounds, key.fraction())));
            }
            if (key.fraction() == LatencyTable.NO_DROPS_FRACTION)
            {
                final long unaccounted = unaccounted(same);
                out.append(String.format(Locale.ROOT, "- %s, drops at %.2f × (b) in %d rounds: %,d dropped or lost, target none: **%s**%n",
                    key.variant(), key.fraction(), same.size(), unaccounted, unaccounted == 0 ? "met" : "missed"));
            }
        }
        return out.length() == 0 ? "" : "\nTargets, over all rounds:\n\n" + out;
    }

    /** " (`b-envelopes`: median X ms)" for a target line, or "" if the run did not feed that bridge at the fraction. */
    private static String floor(final List<List<LatencyPoint>> rounds, final double fraction)
    {
        if (!sameWorkRan(rounds, fraction))
        {
            return "";
        }
        return String.format(Locale.ROOT, " (the bridge given the same server work, `%s`: median %.2f ms)",
            BridgeCeiling.SAME_WORK.variant,
            median(across(rounds, BridgeCeiling.SAME_WORK_NAME, fraction), P99_MS));
    }

    /** Whether the run fed the bridge given the adapter's server work at {@code fraction}. */
    private static boolean sameWorkRan(final List<List<LatencyPoint>> rounds, final double fraction)
    {
        return find(rounds.get(0), BridgeCeiling.SAME_WORK_NAME, fraction) != null;
    }

    private static List<LatencyPoint> across(final List<List<LatencyPoint>> rounds, final String variant, final double fraction)
    {
        final List<LatencyPoint> same = new ArrayList<>(rounds.size());
        for (final List<LatencyPoint> round : rounds)
        {
            final LatencyPoint point = find(round, variant, fraction);
            if (point == null)
            {
                throw new IllegalArgumentException("round " + (same.size() + 1) + " has no point for " + variant + " at " + fraction);
            }
            same.add(point);
        }
        return same;
    }

    private static LatencyPoint find(final List<LatencyPoint> round, final String variant, final double fraction)
    {
        for (final LatencyPoint point : round)
        {
            if (point.variant().equals(variant) && point.fraction() == fraction)
            {
                return point;
            }
        }
        return null;
    }

    private static long unaccounted(final List<LatencyPoint> points)
    {
        long sum = 0;
        for (final LatencyPoint point : points)
        {
            sum += point.dropped() + point.lost();
        }
        return sum;
    }

    private static double[] values(final List<LatencyPoint> points, final ToDoubleFunction<LatencyPoint> value)
    {
        final double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = value.applyAsDouble(points.get(i));
        }
        return values;
    }

    /** "a, b, c", each value in {@code format}. */
    private static String joined(final double[] values, final String format)
    {
        final StringJoiner out = new StringJoiner(", ");
        for (final double value : values)
        {
            out.add(String.format(Locale.ROOT, format, value));
        }
        return out.toString();
    }

    private static double median(final List<LatencyPoint> points, final ToDoubleFunction<LatencyPoint> value)
    {
        return median(values(points, value));
    }

    /** The middle value, or the mean of the two middle ones for an even count. */
    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
