package io.fleetbridge.bench.rig;

import java.util.List;
import java.util.Locale;

/**
 * Renders the results of one group of cells (same size, storage and connections, one server,
 * one run) as a markdown table, each row's throughput also as a ratio of each ceiling measured
 * in the same group. Stateless; allocates strings.
 */
final class ResultTable
{
    static final String HEADER =
        "| variant | msgs/s | MB/s | ÷ (a) | ÷ (b) | JVM cores (load source) | JVM's GC / JIT (cores) | server cores | sent | dropped | lost |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";

    private ResultTable()
    {
    }

    static String render(final String title, final List<CellResult> rows)
    {
        final double publishCeiling = ceiling(rows, CellResult.Kind.PUBLISH_CEILING);
        final double bridgeCeiling = ceiling(rows, CellResult.Kind.BRIDGE_CEILING);
        final StringBuilder out = new StringBuilder(256 + rows.size() * 160);
        out.append("### ").append(title).append("\n\n").append(HEADER);
        for (final CellResult row : rows)
        {
            out.append("| ").append(row.variant())
                .append(" | ").append(String.format(Locale.ROOT, "%,.0f", row.msgsPerSecond()))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f", row.megabytesPerSecond()))
                .append(" | ").append(ratio(row.msgsPerSecond(), publishCeiling))
                .append(" | ").append(ratio(row.msgsPerSecond(), bridgeCeiling))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f (%.2f)", row.window().jvmCores(), row.window().sourceCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f / %.2f", row.window().gcCores(), row.window().jitCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f", row.window().serverCores()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", row.sent()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", row.dropped()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", row.lost()));
            if (!row.note().isEmpty())
            {
                out.append(" ⚠ ").append(row.note());
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    /** {@code value / ceiling} to two places, or "–" when the group has no such ceiling. */
    static String ratio(final double value, final double ceiling)
    {
        return ceiling > 0 ? String.format(Locale.ROOT, "%.2f", value / ceiling) : "–";
    }

    private static double ceiling(final List<CellResult> rows, final CellResult.Kind kind)
    {
        for (final CellResult row : rows)
        {
            if (row.kind() == kind)
            {
                return row.msgsPerSecond();
            }
        }
        return 0;
    }
}
