package io.fleetbridge.bench.rig;

import io.fleetbridge.testsupport.MonitorEndpoint;
import io.fleetbridge.testsupport.NatsServer;
import io.fleetbridge.testsupport.NatsServerBinary;

import io.nats.client.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The throughput comparison of the performance issue, the part that is not JMH: the two
 * ceilings, our adapter and the Go design, side by side on one nats-server it starts itself,
 * with the same payloads in the same run, then the latency of our adapter under open-loop load
 * at fractions of the bridge ceiling ({@link LatencySweep}); prints a markdown report (and
 * writes it to {@code --out}). After the table the throughput target is stated for, (b), the
 * bridge given the adapter's server work and our adapter run again in more rounds
 * ({@link RatioRounds}), so that the target is judged on more than one pair of cells.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.fleetbridge.bench.rig.ThroughputRig --help
 * scripts/bench            # the operator page, pinned where taskset exists, into docs/benchmarks.md (--page)
 * scripts/bench --quick    # its headline table alone, in about 2.5 minutes
 * scripts/bench --latency-only   # the report's latency points only, on standard output
 * scripts/bench --scaling-only   # 1, 2 and 4 publishers, two adapters in one JVM, a 16-core broker on paper
 * </pre>
 *
 * <p>With {@code --page} or {@code --quick} it writes the operator page ({@link OperatorPage}) instead of the
 * report: the {@link Headline} against the same-work bridge, its plot ({@link LoadPlot}) and, unless quick, the
 * {@link Scaling} cells with a broker sized on paper and the plan's tables. {@code --scaling} adds those cells to the
 * report, {@code --scaling-only} runs them alone.
 *
 * <p>Every figure is what landed in the stream (its last sequence number), never what a client
 * thinks it sent. Threads: the caller's thread drives everything; the variants and the load
 * source start and stop their own threads per cell.
 */
public final class ThroughputRig
{
    /** System property: the command line to print in the report, when a script runs the rig. */
    static final String COMMAND_PROPERTY = "rig.command";

    private ThroughputRig()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final RigOptions options;
        try
        {
            options = RigOptions.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help())
        {
            System.out.println(RigOptions.USAGE);
            return;
        }
        final String command = System.getProperty(COMMAND_PROPERTY,
            "java -cp benchmarks/target/benchmarks.jar " + ThroughputRig.class.getName() + " " + String.join(" ", args)).trim();
        final String report = run(options, command);
        if (options.page() != null)
        {
            Files.writeString(options.page(), report, StandardCharsets.UTF_8);
            System.err.println("written to " + options.page() + " and " + options.plot());
        }
        else if (options.out() != null)
        {
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
            System.err.println("written to " + options.out());
        }
    }

    @SuppressWarnings("try")
    static String run(final RigOptions options, final String command) throws Exception
    {
        final long started = System.nanoTime();
        // Pinned, the server starts on CPU 0 rather than being moved there: Go sizes GOMAXPROCS, and so its
        // garbage collector's workers, from the CPUs it may use at start. Moved after start it scheduled two
        // processors on one CPU, its collector's dedicated worker competing with the work while it marked the
        // de-duplication map, and its latency tail was 1.3 to 10 times longer (docs/benchmarks-method.md).
        try (NatsServer server = NatsServer.builder().name("rig").cpus(options.pin() ? "0" : null).build())
        {
            server.start();
            if (options.pin())
            {
                final String jvmCpus = MachineReport.affinity(ProcessHandle.current().pid());
                if (!"1".equals(jvmCpus))
                {
                    System.err.println("nats-server runs on CPU 0; this JVM may run on CPUs " + jvmCpus
                        + ": start it with 'taskset -c 1 java ...' to keep the two apart");
                }
            }
            if (options.writesPage())
            {
                return page(options, command, server, started);
            }
            final StringBuilder report = new StringBuilder(8192);
            report.append(header(options, command, server));
            System.out.print(report);
            try (Connection management = RigConnections.open(server.url(), "rig-management"))
            {
                final CellRunner runner = runner(options, server, management);
                final long runId = ThreadLocalRandom.current().nextLong();
                for (final RigOptions.Group group : options.latencyOnly() || options.scalingOnly()
                    ? List.<RigOptions.Group>of() : options.plan())
                {
                    final RegistrationTransports messages = new RegistrationTransports(group.sizeBytes(), options.senders(), runId);
                    final List<String> names = options.variantsFor(group);
                    final List<CellResult> rows = new ArrayList<>();
                    for (final String name : names)
                    {
                        final Cell cell = runner.nextCell(group, messages, options.acksInFlight(), options.windowFor(name));
                        System.err.printf(Locale.ROOT, "%s: %s ...%n", group.title(), name);
                        rows.add(runner.run(cell, variant(name, options), kind(name)));
                    }
                    final String table = ResultTable.render(group.title()
                        + String.format(Locale.ROOT, " (transport %d B)", messages.transportBytes()), rows) + "\n";
                    System.out.print(table);
                    report.append(table);
                    if (RatioRounds.follow(options, group))
                    {
                        final String rounds = RatioRounds.run(runner, options, group, messages, names, rows) + "\n";
                        System.out.print(rounds);
                        report.append(rounds);
                    }
                }
                if (options.scaling())
                {
                    final String scaling = Scaling.measure(runner, options, runId).render(serverVersion()) + "\n";
                    System.out.print(scaling);
                    report.append(scaling);
                }
                if (!options.latencyFractions().isEmpty() && !options.scalingOnly())
                {
                    final String latency = LatencySweep.run(runner, options, runId);
                    System.out.print(latency);
                    report.append(latency).append('\n');
                }
            }
            final String footer = String.format(Locale.ROOT, "Run took %d s.%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
            System.out.print(footer);
            return report.append(footer).toString();
        }
    }

    /**
     * The operator page: the {@link Headline}, then (unless {@code --quick}) the plan's tables; writes the plot beside
     * {@code --page} and returns the page.
     */
    @SuppressWarnings("try")
    private static String page(final RigOptions options, final String command, final NatsServer server, final long started)
        throws Exception
    {
        final String version = serverVersion();
        final String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        final String machine = machine(server);
        try (Connection management = RigConnections.open(server.url(), "rig-management"))
        {
            final CellRunner runner = runner(options, server, management);
            final long runId = ThreadLocalRandom.current().nextLong();
            System.err.println("operator page, nats-server " + version + ": the headline ...");
            final Headline headline = Headline.measure(runner, options, runId);
            final String large = options.quick() ? null : LargeRegistrations.measure(runner, options, runId).render(version);
            final String scaling = options.scaling() ? Scaling.measure(runner, options, runId).render(version) : null;
            final List<String> tables = new ArrayList<>();
            for (final RigOptions.Group group : options.quick() ? List.<RigOptions.Group>of() : options.plan())
            {
                final RegistrationTransports messages = new RegistrationTransports(group.sizeBytes(), options.senders(), runId);
                final List<CellResult> rows = new ArrayList<>();
                for (final String name : options.variantsFor(group))
                {
                    System.err.printf(Locale.ROOT, "%s: %s ...%n", group.title(), name);
                    final Cell cell = runner.nextCell(group, messages, options.acksInFlight(), options.windowFor(name));
                    rows.add(runner.run(cell, variant(name, options), kind(name)));
                }
                tables.add(ResultTable.render(group.title() + String.format(Locale.ROOT, " (transport %d B), nats-server %s",
                    messages.transportBytes(), version), rows));
            }
            final Path plot = options.plot();
            if (plot != null)
            {
                LoadPlot.write(headline, version, plot);
            }
            final String settings = String.format(Locale.ROOT, "closed loop the median of %d round(s), %d s warm-up (%d s more in"
                + " a variant's first cell), %d s measured, %,d acks in flight; open loop %d s warm-up, %d s measured; %s.",
                headline.rounds(), options.warmupSeconds(), options.rehearsalSeconds(), options.measureSeconds(),
                options.acksInFlight(), options.warmupSeconds(), options.measureSeconds(), options.waitNote());
            final String footer = String.format(Locale.ROOT, "Run took %d s.",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
            final String page = OperatorPage.render(headline, new OperatorPage.Context(command, date, version, machine, settings),
                plot == null ? null : plot.getFileName().toString(), large, scaling, tables, footer);
            System.out.print(page);
            return page;
        }
    }

    /** The version of the nats-server the rig runs, e.g. {@code 2.15.1}. */
    private static String serverVersion()
    {
        return OperatorPage.serverVersion(MachineReport.command(NatsServerBinary.locate().toString(), "--version"));
    }

    private static CellRunner runner(final RigOptions options, final NatsServer server, final Connection management)
    {
        return new CellRunner(server, management, Duration.ofSeconds(options.warmupSeconds()),
            Duration.ofSeconds(options.measureSeconds()), options.sourceConnections(), options.source(),
            options.duplicateWindow(), Duration.ofSeconds(options.rehearsalSeconds()));
    }

    /** Cores, CPU, Java, where the server and the JVM run and the load at the start, on one line. */
    private static String machine(final NatsServer server)
    {
        final String varz = server.monitor().get("/varz").map(MonitorEndpoint.Response::body).orElse(null);
        return String.format(Locale.ROOT, "%s cores (%s), %s %s; nats-server on CPUs %s (GOMAXPROCS %s), this JVM on CPUs %s;"
                + " load average at start %s",
            MachineReport.command("nproc", "--all"), MachineReport.cpuModel(), System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"), MachineReport.affinity(server.pid()),
            MachineReport.jsonNumber(varz, "gomaxprocs"), MachineReport.affinity(ProcessHandle.current().pid()),
            MachineReport.loadAverage());
    }

    /** The variant a name stands for, configured by the run's options (the adapters' wait, the spinning bridge's CPU). */
    static Variant variant(final String name, final RigOptions options)
    {
        if (BridgeCeiling.SPINNING.equals(name))
        {
            return new BridgeCeiling(BridgeCeiling.SAME_WORK, options.spinNs());
        }
        final BridgeCeiling.ServerWork bridge = BridgeCeiling.ServerWork.ofVariant(name);
        if (bridge != null)
        {
            return new BridgeCeiling(bridge);
        }
        switch (name)
        {
            case "a": return new PublishAsyncCeiling();
            case "adapter": return new AdapterVariant(false, options.waitStrategy());
            case "adapter-10": return new AdapterVariant(true, options.waitStrategy());
            case "go-core": return new GoPortVariant(GoPortVariant.Mode.CORE);
            case "go-sync": return new GoPortVariant(GoPortVariant.Mode.SYNC);
            default: throw new IllegalArgumentException("unknown variant " + name);
        }
    }

    static CellResult.Kind kind(final String name)
    {
        switch (name)
        {
            case "a": return CellResult.Kind.PUBLISH_CEILING;
            case "b": return CellResult.Kind.BRIDGE_CEILING;
            default: return CellResult.Kind.MEASURED;
        }
    }

    private static String header(final RigOptions options, final String command, final NatsServer server) throws IOException
    {
        final String title = options.latencyOnly()
            ? "# Latency under load: our adapter, open loop, against the bridge ceiling\n\n"
            : options.scalingOnly() ? "# Scaling: publishers and adapters in one daemon, and a broker sized on paper\n\n"
            : "# Throughput comparison: ceilings, our adapter, the Go design\n\n";
        return title
            + "Generated by the throughput rig (`io.fleetbridge.bench.rig.ThroughputRig`); every figure below is\n"
            + "measured, none is edited by hand. Re-run to replace this file.\n\n"
            + "Command: `" + command + "`  \n"
            + "Date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  \n"
            + String.format(Locale.ROOT,
                "Per variant: %d s warm-up (%d s more in its first closed-loop cell, so that its code is compiled before"
                    + " its window), %d s measured; %d acks in flight; load source window %d (%d for (b)), at most %d MiB of transports; %d senders;"
                    + " %d source connection(s), %s; a fresh stream each, duplicate window %d s; %s; nats-server %s.%n%n",
                options.warmupSeconds(), options.rehearsalSeconds(), options.measureSeconds(), options.acksInFlight(),
                options.window(), options.bridgeWindow(), CellRunner.WINDOW_BYTES >> 20,
                options.senders(), options.sourceConnections(), options.source().description(), options.duplicateWindow().toSeconds(),
                options.waitNote(), options.pin() ? "pinned to CPU 0 (the JVM should run with `taskset -c 1`)" : "not pinned")
            + MachineReport.describe(server.pid(), NatsServerBinary.locate().toString(),
                server.monitor().get("/varz").map(MonitorEndpoint.Response::body).orElse(null)) + "\n"
            + (options.latencyOnly() || options.scalingOnly() ? "" : ReportNotes.TEXT + "\n");
    }
}
