package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The latency part of the comparison: for 1 KiB envelopes into a file-storage stream with one
 * publisher connection, first the bridge ceiling (b) as the throughput tables measure it, the
 * median of {@value #CEILING_WINDOWS} windows (or as {@code --ceiling} gives it, to compare runs at
 * one load), then
 * (b) itself, as the floor, (b) with the adapter's server work, and our adapter (tuned, and with
 * Choria's defaults) fed open loop at each fraction of (b)'s msgs/s, {@code --rounds} times with
 * the variants interleaved ({@link LatencyRounds} sums the rounds up). Used from the rig's driving
 * thread; each point is one cell of the {@link CellRunner}.
 */
final class LatencySweep
{
    static final RigOptions.Group GROUP = new RigOptions.Group(1024, StorageType.File, 1);
    /**
     * What is measured open loop by default ({@code --latency-variants}), as
     * {@link ThroughputRig#variant} names it: the bridge first, as
     * the latency floor of the path on this machine, then the bridge asking the server for the
     * adapter's work (de-duplication, a subject per sender), then our adapter tuned and with
     * Choria's defaults.
     */
    static final List<String> VARIANTS = List.of("b", "b-ids", "adapter", "adapter-10");
    /**
     * Closed-loop windows of (b) whose median sets the latency points' rates: a single window of (b) measured
     * 39k msgs/s in one place of a run and 68k in another (the history of docs/benchmarks.md).
     */
    static final int CEILING_WINDOWS = 3;
    /** How long {@link #idle} measures each adapter variant with no traffic. */
    static final Duration IDLE = Duration.ofSeconds(5);

    private LatencySweep()
    {
    }

    /** What the report says about the rehearsals that ran before the points. */
    static String rehearsalNote(final RigOptions options)
    {
        if (options.rehearsalSeconds() == 0)
        {
            return "No rehearsal (`--rehearsal 0`): each variant's first point also measures the JIT compiling its code.";
        }
        return String.format(Locale.ROOT, "Before its first point each variant ran %d s open loop at %.2f × (b), not measured"
            + " (its rehearsal, on a stream of its own), so that its code was compiled before it was measured.",
            options.rehearsalSeconds(), options.rehearsalFraction());
    }

    /**
     * The order of the variants in a round: as given in odd rounds, reversed in even ones, so that
     * over two rounds each variant has run as often early as late and a drift of the machine's
     * speed falls on both sides of a comparison.
     */
    static List<String> order(final List<String> variants, final int round)
    {
        if (round % 2 == 1)
        {
            return variants;
        }
        final List<String> reversed = new ArrayList<>(variants);
        Collections.reverse(reversed);
        return reversed;
    }

    /** Measures (b), unless {@code --ceiling} gives it, then every point {@code --rounds} times; returns the markdown section. */
    static String run(final CellRunner runner, final RigOptions options, final long runId) throws Exception
    {
        final String loadAverage = MachineReport.loadAverage();
        final RegistrationTransports messages = new RegistrationTransports(GROUP.sizeBytes(), options.senders(), runId);
        final double bridgePerSecond;
        final String ceiling;
        if (options.ceiling() > 0)
        {
            bridgePerSecond = options.ceiling();
            ceiling = LatencyTable.given(options.ceiling());
        }
        else
        {
            final List<CellResult> windows = new ArrayList<>();
            for (int window = 1; window <= CEILING_WINDOWS; window++)
            {
                System.err.printf(Locale.ROOT, "latency: %s: (b), window %d of %d ...%n", GROUP.title(), window, CEILING_WINDOWS);
                windows.add(runner.run(runner.nextCell(GROUP, messages, options.acksInFlight(), options.bridgeWindow()),
                    new BridgeCeiling(), CellResult.Kind.BRIDGE_CEILING));
            }
            bridgePerSecond = LatencyTable.median(windows).msgsPerSecond();
            ceiling = LatencyTable.measured(windows);
        }
        final String idle = idle(runner, options, messages);
        final List<List<LatencyPoint>> rounds = new ArrayList<>();
        final Set<String> rehearsed = new HashSet<>();
        for (int round = 1; round <= options.rounds(); round++)
        {
            rounds.add(runRound(runner, options, messages, bridgePerSecond, round, rehearsed));
        }
        final String title = GROUP.title() + String.format(Locale.ROOT, " (transport %d B)", messages.transportBytes());
        final StringBuilder tables = new StringBuilder(4096);
        for (int round = 1; round <= rounds.size(); round++)
        {
            tables.append(round == 1 ? "" : "\n").append(LatencyTable.render(
                rounds.size() == 1 ? title : title + ", " + roundLabel(round, rounds.size()), ceiling, rounds.get(round - 1)));
        }
        return "## Latency under load (open loop)\n\n"
            + String.format(Locale.ROOT, "Per point: %d s warm-up, %d s measured; %d sender thread(s) and connection(s);"
                + " load average at the start of this part: %s. %s%s%n%n",
                options.warmupSeconds(), options.measureSeconds(), options.latencySenders(), loadAverage,
                rehearsalNote(options), roundsNote(options.rounds()))
            + idle
            + ReportNotes.LATENCY + "\n"
            + (rounds.size() == 1 ? "" : LatencyRounds.render(rounds) + "\n")
            + tables;
    }

    /**
     * What each adapter variant costs with no traffic ({@link CellRunner#idle}), for the wait strategy's price: one
     * line for the report, empty when the latency part runs no adapter.
     */
    private static String idle(final CellRunner runner, final RigOptions options, final RegistrationTransports messages)
        throws Exception
    {
        final StringBuilder line = new StringBuilder(128);
        for (final String name : options.latencyVariants())
        {
            if (!name.startsWith("adapter"))
            {
                continue;
            }
            System.err.printf(Locale.ROOT, "latency: %s idle, %d s with no traffic ...%n", name, IDLE.toSeconds());
            final OpenLoopVariant variant = (OpenLoopVariant)ThroughputRig.variant(name, options);
            final CpuMeter.Window window = runner.idle(runner.nextCell(GROUP, messages, options.acksInFlight(), options.window()),
                variant, IDLE);
            line.append(line.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.3f", variant.name(), window.jvmCores()));
        }
        return line.length() == 0 ? "" : String.format(Locale.ROOT,
            "Idle (started, no traffic, %d s measured), JVM cores: %s; %s.%n%n", IDLE.toSeconds(), line, options.waitNote());
    }

    /**
     * One round: every variant in this round's {@link #order}, each rehearsed first if it has not
     * been yet (so only in the first round), then measured at every fraction.
     */
    private static List<LatencyPoint> runRound(final CellRunner runner, final RigOptions options,
        final RegistrationTransports messages, final double bridgePerSecond, final int round, final Set<String> rehearsed)
        throws Exception
    {
        final List<LatencyPoint> points = new ArrayList<>();
        for (final String name : order(options.latencyVariants(), round))
        {
            if (options.rehearsalSeconds() > 0 && rehearsed.add(name))
            {
                final long perSecond = PacingSchedule.rateFor(options.rehearsalFraction(), bridgePerSecond);
                System.err.printf(Locale.ROOT, "latency: %s rehearsal, %d s at %.2f x (b) = %,d msgs/s, not measured ...%n",
                    name, options.rehearsalSeconds(), options.rehearsalFraction(), perSecond);
                runner.rehearseOpenLoop(runner.nextCell(GROUP, messages, options.acksInFlight(), options.window()),
                    (OpenLoopVariant)ThroughputRig.variant(name, options), perSecond, options.latencySenders(),
                    Duration.ofSeconds(options.rehearsalSeconds()));
            }
            for (final double fraction : options.latencyFractions())
            {
                final long perSecond = PacingSchedule.rateFor(fraction, bridgePerSecond);
                System.err.printf(Locale.ROOT, "latency: %s%s at %.2f x (b) = %,d msgs/s ...%n",
                    options.rounds() == 1 ? "" : roundLabel(round, options.rounds()) + ": ", name, fraction, perSecond);
                // the window only sizes the adapter's ring as in the throughput rows; the paced source ignores it
                final Cell cell = runner.nextCell(GROUP, messages, options.acksInFlight(), options.window());
                points.add(runner.runOpenLoop(cell, (OpenLoopVariant)ThroughputRig.variant(name, options), fraction,
                    perSecond, options.latencySenders()));
            }
        }
        return points;
    }

    /** "round 2 of 5", in the progress lines and the rounds' table titles alike. */
    private static String roundLabel(final int round, final int rounds)
    {
        return "round " + round + " of " + rounds;
    }

    /** What the report says about the rounds, or nothing for one. */
    static String roundsNote(final int rounds)
    {
        return rounds == 1 ? "" : " Every point was measured in " + rounds + " rounds, the variants in the order given in odd"
            + " rounds and reversed in even ones, all at the rates of the one (b) above; the summary comes first, the rounds' own"
            + " tables after it.";
    }
}
