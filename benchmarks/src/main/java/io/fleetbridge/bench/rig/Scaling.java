package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the adapter scales, so that an operator can size a broker: 1 KiB registrations into file storage, closed loop, one
 * cell each, of the tuned adapter with {@link #PUBLISHERS} publishers (stream workers, as many ingest connections, the
 * acks in flight shared over them) and of two adapters in one JVM (each its own ingest subject and stream, each tuned as
 * the one-publisher adapter, the load source's senders split over both), with the same-work bridge measured first in the
 * same run as the yardstick. Under the table, from each row's CPU per stored message on both sides, what a
 * {@link BrokerSizing#BROKER_CORES}-core broker would carry on paper. Immutable once measured.
 *
 * @param sameWork the same-work bridge's cell
 * @param rows the adapter's cells, in the order measured
 */
record Scaling(CellResult sameWork, List<Row> rows)
{
    static final RigOptions.Group GROUP = new RigOptions.Group(1024, StorageType.File, 1);
    static final List<Integer> PUBLISHERS = List.of(1, 2, 4);
    /** Adapters in one daemon in the last row. */
    static final int ADAPTERS = 2;
    static final String SAME_WORK = BridgeCeiling.ServerWork.ENVELOPES.variant;
    static final String ADAPTER = "adapter";

    /** One cell of the adapter: {@code adapters} of them in one JVM, each with {@code publishers}. */
    record Row(String label, int adapters, int publishers, CellResult cell)
    {
    }

    Scaling
    {
        rows = List.copyOf(rows);
    }

    /** Measures the bridge, then every row; the caller's thread, one cell at a time. */
    static Scaling measure(final CellRunner runner, final RigOptions options, final long runId) throws Exception
    {
        final RegistrationTransports messages = new RegistrationTransports(GROUP.sizeBytes(), options.senders(), runId);
        System.err.println("scaling: " + SAME_WORK + " ...");
        final CellResult sameWork = runner.run(runner.nextCell(GROUP, messages, options.acksInFlight(),
            options.windowFor(SAME_WORK)), ThroughputRig.variant(SAME_WORK, options), ThroughputRig.kind(SAME_WORK));
        final List<Row> rows = new ArrayList<>(PUBLISHERS.size() + 1);
        for (final int publishers : PUBLISHERS)
        {
            final RigOptions.Group group = new RigOptions.Group(GROUP.sizeBytes(), GROUP.storage(), publishers);
            rows.add(row(runner, options, runner.nextCell(group, messages, options.acksInFlight(), options.windowFor(ADAPTER)), 1,
                publishers));
        }
        rows.add(row(runner, options, runner.nextCell(GROUP, messages, options.acksInFlight(), options.windowFor(ADAPTER), ADAPTERS),
            ADAPTERS, GROUP.connections()));
        return new Scaling(sameWork, rows);
    }

    private static Row row(final CellRunner runner, final RigOptions options, final Cell cell, final int adapters,
        final int publishers) throws Exception
    {
        final String label = label(adapters, publishers);
        System.err.println("scaling: " + label + " ...");
        return new Row(label, adapters, publishers,
            runner.run(cell, ThroughputRig.variant(ADAPTER, options), ThroughputRig.kind(ADAPTER)));
    }

    static String label(final int adapters, final int publishers)
    {
        final String each = publishers + " publisher" + (publishers == 1 ? "" : "s");
        return adapters == 1 ? "adapter, " + each : adapters + " adapters in one daemon, " + each + " each";
    }

    /** The section: the table, its notes, and the broker on paper under it. */
    String render(final String serverVersion)
    {
        final String bridgeLabel = Headline.LABELS.get(SAME_WORK);
        final StringBuilder out = new StringBuilder(4096);
        out.append("## Scaling: publishers and adapters in one daemon\n\n")
            .append(String.format(Locale.ROOT, "1 KiB registrations, file storage, closed loop, one cell each; publishers"
                + " are stream workers, with as many ingest connections and the acks in flight shared over them; %d adapters:"
                + " each its own ingest subject and stream, the load split over them. CPU per message and JVM cores leave out"
                + " the load source's threads.%n%n", ADAPTERS))
            .append(header(serverVersion));
        row(out, bridgeLabel, sameWork, sameWork);
        for (final Row row : rows)
        {
            row(out, row.label(), row.cell(), sameWork);
        }
        final List<String> notes = new ArrayList<>();
        OperatorPage.addClosedLoopNote(notes, bridgeLabel, sameWork);
        for (final Row row : rows)
        {
            OperatorPage.addClosedLoopNote(notes, row.label(), row.cell());
        }
        OperatorPage.appendNotes(out, notes);
        return out.append('\n').append(onPaper(bridgeLabel)).toString();
    }

    /** The head of a table of closed-loop cells against the same-work bridge (also {@link LargeRegistrations}'). */
    static String header(final String serverVersion)
    {
        return "| nats-server " + serverVersion
            + " | stored msgs/s | ÷ same-work bridge | JVM µs/msg | server µs/msg | JVM cores | server cores |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    }

    /** One row of {@link #header}'s table: {@code cell} beside {@code sameWork}, the bridge of the same run. */
    static void row(final StringBuilder out, final String label, final CellResult cell, final CellResult sameWork)
    {
        out.append("| ").append(label)
            .append(" | ").append(String.format(Locale.ROOT, "%,.0f", cell.msgsPerSecond()))
            .append(" | ").append(ResultTable.ratio(cell.msgsPerSecond(), sameWork.msgsPerSecond()))
            .append(String.format(Locale.ROOT, " | %.1f | %.1f | %.2f | %.2f |%n", cell.jvmMicrosPerMessage(),
                cell.serverMicrosPerMessage(), cell.jvmCoresWithoutSource(), cell.window().serverCores()));
    }

    /** The {@link BrokerSizing} of every row, and the assumption it rests on. */
    private String onPaper(final String bridgeLabel)
    {
        final int cores = BrokerSizing.BROKER_CORES;
        final long interval = BrokerSizing.REGISTRATION_INTERVAL.toMinutes();
        final StringBuilder out = new StringBuilder(2048);
        out.append(String.format(Locale.ROOT, "### A %d-core broker, on paper%n%n", cores))
            .append(String.format(Locale.ROOT, "| from the row | JVM + server µs/msg | msgs/s on %d cores | server cores"
                + " | JVM cores | streams, at least | registrations per %d minutes |%n", cores, interval))
            .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        sizing(out, bridgeLabel, sameWork);
        for (final Row row : rows)
        {
            sizing(out, row.label(), row.cell());
        }
        return out.append(String.format(Locale.ROOT, "%nComputed, not measured: msgs/s = %d cores / (JVM µs + server µs per"
            + " message) × 10⁶, the cores split between nats-server and the JVM in proportion to their µs per message;"
            + " registrations per %d minutes = msgs/s × %d, the fleet that rate carries if each node registers once in"
            + " that interval. **Assumption:** both sides scale linearly with cores from the CPU per message measured here."
            + " nats-server ingests one stream on about one core, so its share needs at least the streams shown (adapters,"
            + " or streams over disjoint subjects) and the JVM's as many publishers; this machine measured neither at that"
            + " scale.%n", cores, interval, BrokerSizing.REGISTRATION_INTERVAL.toSeconds())).toString();
    }

    private static void sizing(final StringBuilder out, final String label, final CellResult cell)
    {
        final BrokerSizing sizing = new BrokerSizing(BrokerSizing.BROKER_CORES, cell.jvmMicrosPerMessage(),
            cell.serverMicrosPerMessage());
        if (!sizing.known())
        {
            out.append("| ").append(label).append(" | – | – | – | – | – | – |\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f | %d | %,.1f M |%n", label,
            cell.jvmMicrosPerMessage() + cell.serverMicrosPerMessage(), sizing.msgsPerSecond(), sizing.serverCores(),
            sizing.jvmCores(), sizing.streamsAtLeast(), sizing.registrationsPer(BrokerSizing.REGISTRATION_INTERVAL) / 1e6));
    }
}
