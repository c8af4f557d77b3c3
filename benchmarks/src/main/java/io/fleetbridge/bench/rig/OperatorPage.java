package io.fleetbridge.bench.rig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders docs/benchmarks.md, the page an operator reads: a line saying where the figures come
 * from (the nats-server version first), the {@link Headline} table, the plot of stored
 * throughput and p99 against offered load, and in a full run the {@link LargeRegistrations} and {@link Scaling} sections
 * and the other sizes and
 * storage as {@link ResultTable}s. What each column means is in docs/benchmarks-method.md, so that the page
 * stays short ({@link #MAX_LINES}). Stateless; allocates strings.
 */
final class OperatorPage
{
    /** The page must stay readable in one screenful or two: the issue asks for under 150 lines. */
    static final int MAX_LINES = 150;
    /** The load points the table shows, as fractions of the same-work bridge's rate. */
    static final List<Double> TABLE_FRACTIONS = List.of(0.25, 0.5, 0.9);
    static final String METHOD_LINK = "[benchmarks-method.md](benchmarks-method.md)";

    /**
     * Where the figures come from.
     *
     * @param command the command line that wrote the page
     * @param date when the run started, ISO-8601
     * @param serverVersion nats-server's version, e.g. {@code 2.15.1}
     * @param machine cores, CPU, Java and pinning, one line
     * @param settings warm-up, window and rounds, one line
     */
    record Context(String command, String date, String serverVersion, String machine, String settings)
    {
    }

    private OperatorPage()
    {
    }

    /**
     * @param plotFile the plot's file name beside the page, or null for none
     * @param large the rendered {@link LargeRegistrations} section, or null for none (a quick page)
     * @param scaling the rendered {@link Scaling} section, or null for none (a quick page)
     * @param otherTables rendered tables of the other groups (full runs), each ending in a newline
     * @param footer the last line (how long the run took)
     */
    static String render(final Headline headline, final Context context, final String plotFile, final String large,
        final String scaling, final List<String> otherTables, final String footer)
    {
        final StringBuilder out = new StringBuilder(4096);
        out.append("# Benchmarks\n\n")
            .append("What the adapter delivers and costs on one machine, against the two bridges it is measured by and the Go\n")
            .append("design it replaces. Written by `scripts/bench` (`io.fleetbridge.bench.rig.ThroughputRig`): every figure is\n")
            .append("measured in the run named below, none is edited. How the rig works, what each column means, the server's\n")
            .append("own costs and what was tried: ").append(METHOD_LINK).append(".\n\n")
            .append("**nats-server ").append(context.serverVersion()).append("** · `").append(context.command()).append("` · ")
            .append(context.date()).append("  \n")
            .append(context.machine()).append("  \n")
            .append(String.format(Locale.ROOT, "1 KiB registrations (transport %,d B), file storage, one publisher connection; %s%n%n",
                headline.transportBytes(), context.settings()));
        out.append(table(headline, context.serverVersion()));
        out.append('\n').append(String.format(Locale.ROOT,
            "Load is open loop at 25, 50 and 90%% of the same-work bridge's %,.0f msgs/s; p99 is from receipt on the ingest"
                + " subject to the JetStream ack. CPU per message leaves out the load source's threads; heap is what survives"
                + " a full collection above the rig's own %.0f MB, RSS the whole rig process.%n",
            headline.sameWorkPerSecond(), headline.baseline().heapLiveBytes() / 1e6));
        appendNotes(out, notes(headline));
        if (plotFile != null)
        {
            out.append("\n![Stored msgs/s and p99 against offered load, nats-server ").append(context.serverVersion())
                .append("](").append(plotFile).append(")\n");
        }
        if (large != null)
        {
            out.append('\n').append(large);
        }
        if (scaling != null)
        {
            out.append('\n').append(scaling);
        }
        if (!otherTables.isEmpty())
        {
            out.append("\n## Other sizes, storage and connections\n\n")
                .append("Closed loop, one cell each; ÷ (a) and ÷ (b) are of the ceilings in the same table ("
                    + METHOD_LINK + ").\n");
            otherTables.forEach(table -> out.append('\n').append(table));
        }
        return out.append('\n').append(footer).append('\n').toString();
    }

    /** The headline table: one row per variant of {@link Headline#LABELS}. */
    static String table(final Headline headline, final String serverVersion)
    {
        final Headline.Row sameWork = headline.row(Headline.SAME_WORK);
        final Headline.Row bridge = headline.row(Headline.BRIDGE);
        final StringBuilder out = new StringBuilder(1024);
        out.append("| nats-server ").append(serverVersion)
            .append(" | stored msgs/s | ÷ same-work bridge | ÷ (b) | JVM µs/msg | server µs/msg | p99 ms at 25% | at 50% | at 90% ")
            .append("| heap MB | RSS MB |\n")
            .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (final Headline.Row row : headline.rows())
        {
            final CellResult cell = row.closedLoop();
            out.append("| ").append(row.label())
                .append(" | ").append(String.format(Locale.ROOT, "%,.0f", cell.msgsPerSecond()))
                .append(" | ").append(ResultTable.ratio(cell.msgsPerSecond(), sameWork == null ? 0 : sameWork.closedLoop().msgsPerSecond()))
                .append(" | ").append(ResultTable.ratio(cell.msgsPerSecond(), bridge == null ? 0 : bridge.closedLoop().msgsPerSecond()))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f", cell.jvmMicrosPerMessage()))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f", cell.serverMicrosPerMessage()));
            for (final double fraction : TABLE_FRACTIONS)
            {
                out.append(" | ").append(p99(row.at(fraction)));
            }
            out.append(" | ").append(cell.footprint().known()
                    ? String.format(Locale.ROOT, "%.0f", cell.footprint().heapAboveMb(headline.baseline())) : "–")
                .append(" | ").append(cell.footprint().known() ? String.format(Locale.ROOT, "%,.0f", cell.footprint().rssMb()) : "–")
                .append(" |\n");
        }
        return out.toString();
    }

    /** A point's p99 in ms, marked when it dropped or lost messages or could not keep the rate; "–" for none. */
    static String p99(final LatencyPoint point)
    {
        if (point == null)
        {
            return "–";
        }
        return LatencyTable.ms(point.ingestToAck().p99Ns()) + (suspect(point) ? " ⚠" : "");
    }

    private static boolean suspect(final LatencyPoint point)
    {
        return point.dropped() + point.lost() > 0 || point.achievedPerSecond() < 0.95 * point.targetPerSecond()
            || !point.note().isEmpty();
    }

    /** What a reader must know about a row: the closed-loop cell's notes and every suspect point's. */
    static List<String> notes(final Headline headline)
    {
        final List<String> notes = new ArrayList<>();
        for (final Headline.Row row : headline.rows())
        {
            addClosedLoopNote(notes, row.label(), row.closedLoop());
            for (final LatencyPoint point : row.openLoop())
            {
                if (suspect(point))
                {
                    notes.add(String.format(Locale.ROOT, "⚠ %s at %.0f%%: stored %,.0f of %,d msgs/s offered, dropped %s, lost %,d%s",
                        row.label(), point.fraction() * 100, point.achievedPerSecond(), point.targetPerSecond(),
                        LatencyTable.drops(point), point.lost(), point.note().isEmpty() ? "" : "; " + point.note()));
                }
            }
        }
        return notes;
    }

    /** What a reader must know about a closed-loop cell: its note and what it lost; empty when nothing. */
    static String closedLoopNote(final String label, final CellResult cell)
    {
        if (cell.note().isEmpty() && cell.lost() == 0)
        {
            return "";
        }
        return String.format(Locale.ROOT, "%s, closed loop: %s%s", label, cell.note(),
            cell.lost() > 0 ? String.format(Locale.ROOT, "%s%,d of %,d sent never landed and were not counted as dropped",
                cell.note().isEmpty() ? "" : "; ", cell.lost(), cell.sent()) : "");
    }

    /** Adds {@link #closedLoopNote} of {@code cell} to {@code notes}, when it has one. */
    static void addClosedLoopNote(final List<String> notes, final String label, final CellResult cell)
    {
        final String note = closedLoopNote(label, cell);
        if (!note.isEmpty())
        {
            notes.add(note);
        }
    }

    /** {@code notes} as a list after a blank line; nothing when there are none. */
    static void appendNotes(final StringBuilder out, final List<String> notes)
    {
        if (!notes.isEmpty())
        {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
    }

    /** The server's version from {@code nats-server --version} output ("nats-server: v2.15.1"), or the text as given. */
    static String serverVersion(final String versionOutput)
    {
        final int v = versionOutput.lastIndexOf(" v");
        return v >= 0 ? versionOutput.substring(v + 2).trim() : versionOutput.trim();
    }
}
