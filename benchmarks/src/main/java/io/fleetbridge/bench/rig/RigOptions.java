package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.RingWait;
import io.nats.client.api.StorageType;

import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link ThroughputRig}. Immutable once parsed.
 *
 * <p>Without {@code --full} the plan is the default comparison (about 6 minutes): every size on
 * file storage with one connection, 1 KiB on memory storage, and 1 KiB with several publisher
 * connections. {@code --full} runs every combination of sizes, storage and connections. Any of
 * {@code --sizes}, {@code --storage} or {@code --connections} replaces the plan by the
 * combinations of the values given.
 *
 * <p>After the 1 KiB file-storage one-connection table, {@code --ratio-rounds} more rounds of (b),
 * the bridge given the adapter's server work and the tuned adapter ({@link RatioRounds}). After the
 * throughput tables, unless {@code --latency off}, the latency points: (b) again,
 * then our adapter open loop at each fraction of it ({@code --latency-only} runs just those),
 * {@code --rounds} times.
 *
 * <p>With {@code --page FILE} (what {@code scripts/bench} gives) the run writes the operator page
 * instead ({@link OperatorPage}): the {@link Headline} cells in {@code 1 + --ratio-rounds} rounds and
 * its open-loop points at the {@code --latency} fractions of the same-work bridge (by default
 * {@link #PAGE_LATENCY_FRACTIONS}), then the plan's tables; the ratio rounds and the latency part of
 * the report above do not run. {@code --quick} is the headline alone with shorter windows
 * ({@link #QUICK_WARMUP_SECONDS}, ...), unless those options are given too.
 *
 * <p>{@code --scaling} adds the {@link Scaling} cells (1, 2 and 4 publishers, two adapters in one daemon, and the
 * same-work bridge) and the broker sized on paper from them; the page has them unless {@code --quick}, and
 * {@code --scaling-only} runs them alone into the report.
 */
record RigOptions(
    List<Integer> sizes,
    List<StorageType> storages,
    List<Integer> connections,
    boolean full,
    List<String> variants,
    int warmupSeconds,
    int measureSeconds,
    int acksInFlight,
    int window,
    int bridgeWindow,
    int senders,
    int sourceConnections,
    SourceKind source,
    boolean pin,
    Path out,
    List<Double> latencyFractions,
    boolean latencyOnly,
    int latencySenders,
    List<String> latencyVariants,
    int rehearsalSeconds,
    int rounds,
    int ratioRounds,
    long ceiling,
    Duration duplicateWindow,
    boolean quick,
    Path page,
    boolean scaling,
    boolean scalingOnly,
    RingWait waitStrategy,
    long spinNs,
    boolean help)
{
    /** Everything {@code --variants} accepts. */
    static final List<String> KNOWN_VARIANTS = List.of("a", "b", "b-ids", "b-msgid", "b-header", "b-subjects",
        "b-envelopes", "b-envelopes-spin", "adapter", "adapter-10", "go-core", "go-sync");
    /**
     * Measured only when asked for: (b) doing the adapter's server work, which the latency sweep
     * runs anyway, the three bridges that take that work apart, and the bridge storing the
     * adapter's envelopes, which the ratio rounds run anyway.
     */
    static final List<String> OPT_IN_VARIANTS = List.of("b-ids", "b-msgid", "b-header", "b-subjects", "b-envelopes",
        "b-envelopes-spin");
    /** What the throughput tables measure by default: every known variant but the opt-in ones. */
    static final List<String> ALL_VARIANTS = KNOWN_VARIANTS.stream().filter(v -> !OPT_IN_VARIANTS.contains(v)).toList();
    static final int SEVERAL_CONNECTIONS = 2;
    static final List<Double> DEFAULT_LATENCY_FRACTIONS = List.of(0.25, 0.5, 0.9);
    /** Above this a fraction of (b) only measures a queue filling up; 2 leaves room to probe overload. */
    static final double MAX_LATENCY_FRACTION = 2.0;
    /** The page's load points without {@code --quick}: the table's three and more for the plot. */
    static final List<Double> PAGE_LATENCY_FRACTIONS = List.of(0.1, 0.25, 0.5, 0.75, 0.9);
    /** {@code --quick}: the table's three points, one round, short windows; about 2.5 minutes on 2 cores. */
    static final List<Double> QUICK_LATENCY_FRACTIONS = OperatorPage.TABLE_FRACTIONS;
    static final int QUICK_WARMUP_SECONDS = 2;
    static final int QUICK_MEASURE_SECONDS = 4;
    static final int QUICK_REHEARSAL_SECONDS = 15;
    /**
     * What {@code b-envelopes-spin} burns per message by default: about the adapter's JVM CPU per message above the same-work
     * bridge's, open loop at half its rate (docs/benchmarks-method.md, "The adapter's latency tail").
     */
    static final long DEFAULT_SPIN_NS = 3000;

    static final String USAGE = String.join("\n",
        "Throughput comparison: ceilings, our adapter and the Go design, side by side on one nats-server.",
        "",
        "usage: java -cp benchmarks.jar io.fleetbridge.bench.rig.ThroughputRig [options]",
        "  --full                  every combination of sizes x storage x connections (about 15 min on 2 cores)",
        "  --sizes 300,1024,4096   envelope sizes in bytes",
        "  --storage file,memory   stream storage",
        "  --connections 1,2       publisher connections (the Go port always has 10 + 10, so runs only with 1)",
        "  --variants a,b,adapter,adapter-10,go-core,go-sync  (adapter-10: Choria's defaults, 10+10 workers configured;",
        "                          not run by default: b-ids, (b) plus a Nats-Msg-Id and a subject per sender;",
        "                          b-msgid, b-header, b-subjects: (b) plus only the id, only a header of the",
        "                          same size that is not an id, or only the subjects; b-envelopes, b-ids storing",
        "                          the adapter's envelope for each transport: all of the adapter's server work)",
        "  --warmup 3              seconds of warm-up per variant",
        "  --measure 10            seconds measured per variant",
        "  --acks-in-flight 5000   JetStream acks in flight (ceiling a, the adapter)",
        "  --window 20000          messages the load source lets be un-acknowledged (flow control)",
        "  --bridge-window 5000    the same for (b), closed loop: its tuned number of publishes in flight; more",
        "                          keeps more transports alive and the JVM's collector busy copying them",
        "  --senders 10000         distinct sender ids in the load",
        "  --source-connections 1  connections of the load source",
        "  --source socket         how the load source publishes: socket writes the NATS protocol on its sender",
        "                          thread (little of the CPU it shares with what it measures); jnats publishes",
        "                          through the client, whose writer thread wakes for it",
        "  --pin                   run nats-server on CPU 0 (taskset); run this JVM with 'taskset -c 1'",
        "  --ratio-rounds 2        after the 1 KiB file-storage one-connection table, (b), b-envelopes and the tuned",
        "                          adapter run again this many times, the order alternating, and the report judges",
        "                          the throughput target on the median ratio of all rounds, the table's included; 0 for none",
        "  --latency 0.25,0.5,0.9  after the throughput tables, our adapter open loop at these fractions of (b)",
        "                          (1 KiB, file storage); 'off' for none",
        "  --latency-only          only (b) and the latency points, no throughput tables (about 5 minutes)",
        "  --latency-senders 1     sender threads (one connection each) of the open-loop source",
        "  --latency-variants b,b-ids,adapter,adapter-10  what the latency part feeds open loop, in order; each",
        "                          variant's points run in the order of --latency, lowest first by default, so",
        "                          the JIT warms gently",
        "  --rehearsal 8           seconds each latency variant first runs open loop, unmeasured, at the first",
        "                          fraction, and each variant's first closed-loop cell warms up longer, so",
        "                          that its code is compiled before it is measured; 0 for none (a variant's",
        "                          first cell or point then measures its JIT warm-up too)",
        "  --rounds 1              times every latency point is measured, the variants interleaved (each round",
        "                          in the reverse order of the one before), so that two variants are compared",
        "                          under the same drift of a shared machine; above 1 the report adds each",
        "                          point's median and the adapter's difference from b-envelopes, paired by",
        "                          round, with a 90% interval of its median from 5 rounds on",
        "  --ceiling N             the latency part takes (b) as N msgs/s instead of measuring it first, so",
        "                          that runs compared with each other (another JVM setting, another server)",
        "                          carry the same load",
        "  --duplicate-window 120  seconds the server remembers each Nats-Msg-Id (the stream's duplicate window)",
        "  --out FILE              also write the markdown report to FILE",
        "  --page FILE             write the operator page instead (scripts/bench: docs/benchmarks.md) and its plot",
        "                          beside it (FILE without .md, plus -load.png): the headline of (b), the same-work",
        "                          bridge b-envelopes, the adapter and go-core in 1 + --ratio-rounds rounds, their p99",
        "                          open loop at the --latency fractions (default 0.1,0.25,0.5,0.75,0.9) of b-envelopes,",
        "                          then (unless --quick) b-envelopes and the adapter at 14 KiB in as many rounds, the",
        "                          scaling cells (--scaling) and the plan's tables",
        "  --quick                 the page's headline alone: one round, p99 at 0.25,0.5,0.9, 2 s warm-up, 4 s",
        "                          measured, 15 s more warm-up for each variant's first cell (about 2.5 minutes)",
        "  --scaling               also the scaling cells (1 KiB, file storage, closed loop): b-envelopes, the adapter",
        "                          with 1, 2 and 4 publishers, two adapters in one JVM, and a 16-core broker on paper",
        "                          from their CPU per message; on by default in the page, not with --quick",
        "  --scaling-only          only those, into the report (about 2 minutes)",
        "  --wait-strategy blocking  how the adapter's publisher threads wait for the ring (the daemon's",
        "                          stream.wait_strategy): blocking, yielding or busy_spin; the report's and",
        "                          the page's settings line names it",
        "  --spin-ns 3000          CPU the opt-in variant b-envelopes-spin (the same-work bridge) burns in its handler",
        "                          before each publish, in ns: what that much more CPU per message adds to the tail",
        "                          with none of the adapter's threads (3000: about the adapter's extra open loop)",
        "  --help");

    static RigOptions parse(final String... args)
    {
        List<Integer> sizes = null;
        List<StorageType> storages = null;
        List<Integer> connections = null;
        boolean full = false;
        List<String> variants = ALL_VARIANTS;
        int warmup = 3;
        int measure = 10;
        int acks = 5000;
        int window = 20_000;
        int bridgeWindow = 5000;
        int senders = 10_000;
        int sourceConnections = 1;
        SourceKind source = SourceKind.SOCKET;
        boolean pin = false;
        Path out = null;
        List<Double> latency = DEFAULT_LATENCY_FRACTIONS;
        boolean latencyOnly = false;
        int latencySenders = 1;
        List<String> latencyVariants = LatencySweep.VARIANTS;
        int rehearsal = 8;
        int rounds = 1;
        int ratioRounds = 2;
        long ceiling = 0;
        Duration duplicateWindow = RigStream.DEFAULT_DUPLICATE_WINDOW;
        boolean quick = false;
        Path page = null;
        boolean scaling = false;
        boolean scalingOnly = false;
        RingWait waitStrategy = AdapterConfig.DEFAULT_WAIT_STRATEGY;
        long spinNs = DEFAULT_SPIN_NS;
        boolean help = false;
        final Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            given.add(arg);
            switch (arg)
            {
                case "--full": full = true; break;
                case "--pin": pin = true; break;
                case "--help": case "-h": help = true; break;
                case "--sizes": sizes = integers(value(args, ++i, arg)); break;
                case "--storage": storages = storages(value(args, ++i, arg)); break;
                case "--connections": connections = integers(value(args, ++i, arg)); break;
                case "--variants": variants = variants(value(args, ++i, arg)); break;
                case "--warmup": warmup = positive(value(args, ++i, arg), arg); break;
                case "--measure": measure = positive(value(args, ++i, arg), arg); break;
                case "--acks-in-flight": acks = acksInFlight(value(args, ++i, arg), arg); break;
                case "--window": window = positive(value(args, ++i, arg), arg); break;
                case "--bridge-window": bridgeWindow = positive(value(args, ++i, arg), arg); break;
                case "--senders": senders = positive(value(args, ++i, arg), arg); break;
                case "--source-connections": sourceConnections = positive(value(args, ++i, arg), arg); break;
                case "--source": source = SourceKind.parse(value(args, ++i, arg)); break;
                case "--duplicate-window": duplicateWindow = Duration.ofSeconds(positive(value(args, ++i, arg), arg)); break;
                case "--out": out = Paths.get(value(args, ++i, arg)); break;
                case "--latency": latency = fractions(value(args, ++i, arg)); break;
                case "--latency-only": latencyOnly = true; break;
                case "--latency-senders": latencySenders = positive(value(args, ++i, arg), arg); break;
                case "--latency-variants": latencyVariants = openLoopVariants(value(args, ++i, arg)); break;
                case "--rehearsal": rehearsal = notNegative(value(args, ++i, arg), arg); break;
                case "--rounds": rounds = positive(value(args, ++i, arg), arg); break;
                case "--ratio-rounds": ratioRounds = notNegative(value(args, ++i, arg), arg); break;
                case "--ceiling": ceiling = positive(value(args, ++i, arg), arg); break;
                case "--quick": quick = true; break;
                case "--page": page = Paths.get(value(args, ++i, arg)); break;
                case "--scaling": scaling = true; break;
                case "--scaling-only": scalingOnly = true; break;
                case "--wait-strategy": waitStrategy = waitStrategy(value(args, ++i, arg)); break;
                case "--spin-ns": spinNs = positive(value(args, ++i, arg), arg); break;
                default: throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (quick || page != null)
        {
            if (latencyOnly)
            {
                throw new IllegalArgumentException("--latency-only writes the report, not the page: leave out --quick and --page");
            }
            if (!given.contains("--latency"))
            {
                latency = quick ? QUICK_LATENCY_FRACTIONS : PAGE_LATENCY_FRACTIONS;
            }
            if (latency.isEmpty())
            {
                throw new IllegalArgumentException("the page's table needs its load points, not --latency off");
            }
        }
        if (quick)
        {
            warmup = given.contains("--warmup") ? warmup : QUICK_WARMUP_SECONDS;
            measure = given.contains("--measure") ? measure : QUICK_MEASURE_SECONDS;
            rehearsal = given.contains("--rehearsal") ? rehearsal : QUICK_REHEARSAL_SECONDS;
            ratioRounds = given.contains("--ratio-rounds") ? ratioRounds : 0;
        }
        if (scalingOnly && (latencyOnly || quick || page != null))
        {
            throw new IllegalArgumentException("--scaling-only writes the report of the scaling cells alone: leave out"
                + " --latency-only, --quick and --page (the page has them unless --quick)");
        }
        // the full page sizes a broker; the quick one stays the headline alone unless asked
        scaling = scaling || scalingOnly || (page != null && !quick);
        if (latencyOnly && latency.isEmpty())
        {
            throw new IllegalArgumentException("--latency-only needs latency fractions, not --latency off");
        }
        return new RigOptions(sizes, storages, connections, full, variants, warmup, measure, acks, window, bridgeWindow, senders,
            sourceConnections, source, pin, out, latency, latencyOnly, latencySenders, latencyVariants, rehearsal, rounds,
            ratioRounds, ceiling, duplicateWindow, quick, page, scaling, scalingOnly, waitStrategy, spinNs,
            help);
    }

    /** For the settings line of the report and the page: how the adapter's publishers wait for the ring. */
    String waitNote()
    {
        return "the adapter's publisher threads wait `" + waitStrategy.label() + "` (`stream.wait_strategy`"
            + (waitStrategy == AdapterConfig.DEFAULT_WAIT_STRATEGY ? ", the default)" : ", not the default)");
    }

    /** Whether the run writes the operator page rather than the report. */
    boolean writesPage()
    {
        return quick || page != null;
    }

    /** The plot beside the page: {@code docs/benchmarks.md} gives {@code docs/benchmarks-load.png}; null without a page. */
    Path plot()
    {
        if (page == null)
        {
            return null;
        }
        final String name = page.getFileName().toString();
        final String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return page.resolveSibling(base + "-load.png");
    }

    /** The load source's window for a closed-loop cell of {@code variant}: (b) has its own. */
    int windowFor(final String variant)
    {
        return BridgeCeiling.ServerWork.NONE.variant.equals(variant) ? bridgeWindow : window;
    }

    /** The fraction of (b) each latency variant is rehearsed at: the first it is measured at. */
    double rehearsalFraction()
    {
        return latencyFractions.get(0);
    }

    /** One table: a size, a storage and a number of connections. */
    record Group(int sizeBytes, StorageType storage, int connections)
    {
        String title()
        {
            return sizeBytes + " B envelopes, " + storage.toString().toLowerCase(Locale.ROOT) + " storage, "
                + connections + " publisher connection" + (connections == 1 ? "" : "s");
        }
    }

    /** The groups to run, in order. */
    List<Group> plan()
    {
        final List<Group> plan = new ArrayList<>();
        if (sizes == null && storages == null && connections == null && !full)
        {
            for (final int size : List.of(300, 1024, 4096))
            {
                plan.add(new Group(size, StorageType.File, 1));
            }
            plan.add(new Group(1024, StorageType.Memory, 1));
            plan.add(new Group(1024, StorageType.File, SEVERAL_CONNECTIONS));
            return plan;
        }
        for (final int size : sizes == null ? List.of(300, 1024, 4096) : sizes)
        {
            for (final StorageType storage : storages == null ? List.of(StorageType.File, StorageType.Memory) : storages)
            {
                for (final int count : connections == null ? List.of(1, SEVERAL_CONNECTIONS) : connections)
                {
                    plan.add(new Group(size, storage, count));
                }
            }
        }
        return plan;
    }

    /** The variants of a group: the Go port has fixed workers, so it runs only in one-connection groups. */
    List<String> variantsFor(final Group group)
    {
        final List<String> chosen = new ArrayList<>();
        for (final String variant : variants)
        {
            // the Go port and adapter-10 have fixed worker counts: one row, in the one-connection tables
            if (group.connections() == 1 || !(variant.startsWith("go-") || "adapter-10".equals(variant)))
            {
                chosen.add(variant);
            }
        }
        return chosen;
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(final String text, final String option)
    {
        final int value = Integer.parseInt(text.trim());
        if (value < 1)
        {
            throw new IllegalArgumentException(option + " must be at least 1, not " + text);
        }
        return value;
    }

    /** The adapter's window holds at most {@link AdapterConfig#MAX_MAX_INFLIGHT} per publisher connection. */
    private static int acksInFlight(final String text, final String option)
    {
        final int value = positive(text, option);
        if (value > AdapterConfig.MAX_MAX_INFLIGHT)
        {
            throw new IllegalArgumentException(option + " must be at most " + AdapterConfig.MAX_MAX_INFLIGHT
                + " (the adapter's window per publisher), not " + text);
        }
        return value;
    }

    private static int notNegative(final String text, final String option)
    {
        final int value = Integer.parseInt(text.trim());
        if (value < 0)
        {
            throw new IllegalArgumentException(option + " must be 0 or more, not " + text);
        }
        return value;
    }

    private static List<Integer> integers(final String csv)
    {
        final List<Integer> values = new ArrayList<>();
        for (final String part : csv.split(","))
        {
            values.add(positive(part, "value"));
        }
        return values;
    }

    private static List<Double> fractions(final String csv)
    {
        if ("off".equalsIgnoreCase(csv.trim()))
        {
            return List.of();
        }
        final List<Double> values = new ArrayList<>();
        for (final String part : csv.split(","))
        {
            final double value = Double.parseDouble(part.trim());
            if (!(value > 0 && value <= MAX_LATENCY_FRACTION))
            {
                throw new IllegalArgumentException("a latency fraction of (b) is above 0 and at most " + MAX_LATENCY_FRACTION
                    + ", not " + part);
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    private static List<StorageType> storages(final String csv)
    {
        final List<StorageType> values = new ArrayList<>();
        for (final String part : csv.split(","))
        {
            switch (part.trim().toLowerCase(Locale.ROOT))
            {
                case "file": values.add(StorageType.File); break;
                case "memory": values.add(StorageType.Memory); break;
                default: throw new IllegalArgumentException("storage is file or memory, not " + part);
            }
        }
        return values;
    }

    private static RingWait waitStrategy(final String value)
    {
        final RingWait wait = RingWait.parse(value);
        if (wait == null)
        {
            throw new IllegalArgumentException("--wait-strategy is blocking, yielding or busy_spin (the daemon's"
                + " stream.wait_strategy), not " + value);
        }
        return wait;
    }

    /** Variants the latency part can feed on a schedule: the bridges and the adapter, not (a) or the Go port. */
    private static List<String> openLoopVariants(final String csv)
    {
        final List<String> values = variants(csv);
        for (final String name : values)
        {
            if (!(name.startsWith("b") || name.startsWith("adapter")))
            {
                throw new IllegalArgumentException("--latency-variants takes the bridges and the adapter (b, b-ids, b-msgid,"
                    + " b-header, b-subjects, b-envelopes, adapter, adapter-10), not " + name
                    + ": it makes its own load or has no ingest to feed");
            }
        }
        return values;
    }

    private static List<String> variants(final String csv)
    {
        final List<String> values = new ArrayList<>();
        for (final String part : csv.split(","))
        {
            final String name = part.trim();
            if (!KNOWN_VARIANTS.contains(name))
            {
                throw new IllegalArgumentException("unknown variant " + name + "; known: " + KNOWN_VARIANTS);
            }
            values.add(name);
        }
        return values;
    }
}
