package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Renders the open-loop latency points of one run as a markdown table, under the bridge ceiling
 * (b) their rates were derived from, followed by the two latency targets checked against
 * the figures. Stateless; allocates strings.
 */
final class LatencyTable
{
    static final String HEADER =
        "| variant | × (b) | target msgs/s | achieved msgs/s (sent) | ingest→ack p50 | p99 | p99.9 | max (ms) "
        + "| of which send→ack p50 / p99 (ms) | dropped | lost | source lag p99 / max (ms) | JVM cores (load source) | server cores "
        + "| JVM's GC / JIT (cores) | waiting for a CPU, JVM / server (threads) | host steal (cores) |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    /** The targets: p99 ingest-to-ack under 5 ms at half of (b), no drops at 90% of (b). */
    static final double P99_TARGET_FRACTION = 0.5;
    static final long P99_TARGET_NS = 5_000_000;
    static final double NO_DROPS_FRACTION = 0.9;

    private LatencyTable()
    {
    }

    /** The table under a line that says where the rates' (b) came from ({@link #measured} or {@link #given}). */
    static String render(final String title, final String ceiling, final List<LatencyPoint> points)
    {
        final StringBuilder out = new StringBuilder(512 + points.size() * 200);
        out.append("### ").append(title).append("\n\n")
            .append(ceiling).append("\n\n")
            .append(HEADER);
        for (final LatencyPoint point : points)
        {
            out.append("| ").append(point.variant())
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", point.fraction()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", point.targetPerSecond()))
                .append(" | ").append(String.format(Locale.ROOT, "%,.0f (%,.0f)", point.achievedPerSecond(), point.sentPerSecond()))
                .append(" | ").append(ms(point.ingestToAck().p50Ns()))
                .append(" | ").append(ms(point.ingestToAck().p99Ns()))
                .append(" | ").append(ms(point.ingestToAck().p999Ns()))
                .append(" | ").append(ms(point.ingestToAck().maxNs()))
                .append(" | ").append(ms(point.sendToAck().p50Ns())).append(" / ").append(ms(point.sendToAck().p99Ns()))
                .append(" | ").append(drops(point))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", point.lost()))
                .append(" | ").append(ms(point.sourceLag().p99Ns())).append(" / ").append(ms(point.sourceLag().maxNs()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f (%.2f)", point.window().jvmCores(), point.window().sourceCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", point.window().serverCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f", point.window().gcCores(), point.window().jitCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f",
                    point.window().jvmWaitingThreads(), point.window().serverWaitingThreads()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", point.window().stolenCores()));
            if (!point.note().isEmpty())
            {
                out.append(" ⚠ ").append(point.note());
            }
            out.append(" |\n");
        }
        return out.append('\n').append(targets(points)).toString();
    }

    /**
     * The two targets, checked for every adapter variant that has a point at the fraction concerned.
     * Where the run also fed the bridge given the adapter's server work at that fraction, its p99 is
     * quoted beside the adapter's: the floor the adapter cannot beat on that day's server.
     */
    static String targets(final List<LatencyPoint> points)
    {
        final String floor = sameWorkFloor(points);
        final StringBuilder out = new StringBuilder(256);
        for (final LatencyPoint point : points)
        {
            if (BridgeCeiling.isBridge(point.variant()) || BridgeCeiling.isSpinning(point.variant()))
            {
                continue; // the floors the targets are measured against, and their calibration, not targets themselves
            }
            if (point.fraction() == P99_TARGET_FRACTION)
            {
                out.append(String.format(Locale.ROOT, "- %s, p99 ingest→ack at %.2f × (b): %s ms, target under %s ms: **%s**%s%n",
                    point.variant(), point.fraction(), ms(point.ingestToAck().p99Ns()), ms(P99_TARGET_NS),
                    point.ingestToAck().p99Ns() < P99_TARGET_NS ? "met" : "missed", floor));
            }
            if (point.fraction() == NO_DROPS_FRACTION)
            {
                final long unaccounted = point.dropped() + point.lost();
                out.append(String.format(Locale.ROOT, "- %s, drops at %.2f × (b): %,d dropped + %,d lost, target none: **%s**%n",
                    point.variant(), point.fraction(), point.dropped(), point.lost(), unaccounted == 0 ? "met" : "missed"));
            }
        }
        return out.length() == 0 ? "" : "Targets:\n\n" + out;
    }

    /** " (the bridge given the same server work, `b-envelopes`: X ms)" for the p99 line, or "" if the run did not feed it. */
    private static String sameWorkFloor(final List<LatencyPoint> points)
    {
        for (final LatencyPoint point : points)
        {
            if (point.fraction() == P99_TARGET_FRACTION && point.variant().equals(BridgeCeiling.SAME_WORK_NAME))
            {
                return " (the bridge given the same server work, `" + BridgeCeiling.SAME_WORK.variant
                    + "`: " + ms(point.ingestToAck().p99Ns()) + " ms)";
            }
        }
        return "";
    }

    /**
     * The window of (b) whose rate is the median of {@code windows}, an odd number of them (why: {@link
     * LatencySweep#CEILING_WINDOWS}).
     */
    static CellResult median(final List<CellResult> windows)
    {
        final List<CellResult> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingDouble(CellResult::msgsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** The line for a (b) measured in this run, in {@code windows}: the median of them, and each of them. */
    static String measured(final List<CellResult> windows)
    {
        final CellResult bridge = median(windows);
        final StringJoiner each = new StringJoiner(", ");
        windows.forEach(window -> each.add(String.format(Locale.ROOT, "%,.0f", window.msgsPerSecond())));
        return String.format(Locale.ROOT, "(b) bridge ceiling, measured just before in this run (closed loop): **%,.0f msgs/s**"
            + " (JVM %.2f cores, server %.2f cores)%s.", bridge.msgsPerSecond(), bridge.window().jvmCores(),
            bridge.window().serverCores(), windows.size() == 1 ? "" : ", the median of " + windows.size() + " windows of "
            + each + " msgs/s");
    }

    /** The line for a (b) given with {@code --ceiling}: the rates are that run's, not this machine's ceiling today. */
    static String given(final long msgsPerSecond)
    {
        return String.format(Locale.ROOT, "(b) bridge ceiling given with `--ceiling`, not measured in this run: **%,d msgs/s**"
            + " (the fractions are of that figure, so that this run carries the same load as the runs it is compared with).",
            msgsPerSecond);
    }

    /** Nanoseconds as milliseconds to two places. */
    static String ms(final long ns)
    {
        return String.format(Locale.ROOT, "%.2f", ns / 1e6);
    }

    /** "0", or every reason with a count, in the order of {@link DropReason}. */
    static String drops(final LatencyPoint point)
    {
        if (point.dropped() == 0)
        {
            return "0";
        }
        final StringBuilder out = new StringBuilder(64);
        for (final DropReason reason : DropReason.values())
        {
            final Long count = point.drops().get(reason);
            if (count != null && count > 0)
            {
                if (out.length() > 0)
                {
                    out.append(", ");
                }
                out.append(reason.label()).append(' ').append(String.format(Locale.ROOT, "%,d", count));
            }
        }
        return out.toString();
    }
}
