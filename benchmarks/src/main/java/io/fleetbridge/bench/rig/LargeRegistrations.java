package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput target at the size a fleet really sends: 14 KiB registrations (a node's gzip'd facts are 1 to 22 KB,
 * 14 KB typical) into file storage, one publisher connection, closed loop. The same-work bridge and the adapter run in
 * {@code 1 + --ratio-rounds} rounds, each in the reverse order of the one before, so that both see the same drift of a
 * shared machine; the page shows each one's median cell and the median of the adapter's ratios paired by round. At this
 * size decoding and encoding are most of the adapter's CPU, so this is where its CPU per message is furthest from the
 * bridge's. Immutable once measured.
 *
 * @param sameWork the same-work bridge's cells, one per round
 * @param adapter the adapter's cells, one per round
 * @param transportBytes the size of each registration's transport
 */
record LargeRegistrations(List<CellResult> sameWork, List<CellResult> adapter, int transportBytes)
{
    static final RigOptions.Group GROUP = new RigOptions.Group(14 * 1024, StorageType.File, 1);
    static final String SAME_WORK = BridgeCeiling.ServerWork.ENVELOPES.variant;
    static final String ADAPTER = "adapter";

    LargeRegistrations
    {
        if (sameWork.isEmpty() || sameWork.size() != adapter.size())
        {
            throw new IllegalArgumentException("one cell of each per round, not " + sameWork.size() + " and " + adapter.size());
        }
        sameWork = List.copyOf(sameWork);
        adapter = List.copyOf(adapter);
    }

    /** Runs the rounds; the caller's thread, one cell at a time. */
    static LargeRegistrations measure(final CellRunner runner, final RigOptions options, final long runId) throws Exception
    {
        final RegistrationTransports messages = new RegistrationTransports(GROUP.sizeBytes(), options.senders(), runId);
        final int rounds = 1 + options.ratioRounds();
        final List<CellResult> sameWork = new ArrayList<>(rounds);
        final List<CellResult> adapter = new ArrayList<>(rounds);
        for (int round = 1; round <= rounds; round++)
        {
            for (final String name : LatencySweep.order(List.of(SAME_WORK, ADAPTER), round))
            {
                System.err.printf(Locale.ROOT, "14 KiB registrations: round %d of %d: %s ...%n", round, rounds, name);
                final Cell cell = runner.nextCell(GROUP, messages, options.acksInFlight(), options.windowFor(name));
                (SAME_WORK.equals(name) ? sameWork : adapter)
                    .add(runner.run(cell, ThroughputRig.variant(name, options), ThroughputRig.kind(name)));
            }
        }
        return new LargeRegistrations(sameWork, adapter, messages.transportBytes());
    }

    /** The adapter's stored msgs/s over the same-work bridge's, round by round, their median. */
    double medianRatio()
    {
        final double[] ratios = new double[adapter.size()];
        for (int i = 0; i < ratios.length; i++)
        {
            final double bridge = sameWork.get(i).msgsPerSecond();
            ratios[i] = bridge > 0 ? adapter.get(i).msgsPerSecond() / bridge : 0;
        }
        return LatencyRounds.median(ratios);
    }

    /** The page's section: a two-row table of median cells, the paired ratio, and any cell's note. */
    String render(final String serverVersion)
    {
        final CellResult bridge = LatencyTable.median(sameWork);
        final CellResult ours = LatencyTable.median(adapter);
        final String bridgeLabel = Headline.LABELS.get(SAME_WORK);
        final String adapterLabel = Headline.LABELS.get(ADAPTER);
        final StringBuilder out = new StringBuilder(1536);
        out.append("## 14 KiB registrations\n\n")
            .append(String.format(Locale.ROOT, "A typical registration with its facts (transport %,d B), file storage, one"
                + " publisher connection, closed loop, the median of %d rounds; CPU per message leaves out the load source's"
                + " threads.%n%n", transportBytes, adapter.size()))
            .append(Scaling.header(serverVersion));
        Scaling.row(out, bridgeLabel, bridge, bridge);
        Scaling.row(out, adapterLabel, ours, bridge);
        out.append(String.format(Locale.ROOT, "%nThe adapter ÷ the same-work bridge, paired by round: %.2f at the median.%n",
            medianRatio()));
        final List<String> notes = new ArrayList<>();
        for (int i = 0; i < adapter.size(); i++)
        {
            OperatorPage.addClosedLoopNote(notes, bridgeLabel + ", round " + (i + 1), sameWork.get(i));
            OperatorPage.addClosedLoopNote(notes, adapterLabel + ", round " + (i + 1), adapter.get(i));
        }
        OperatorPage.appendNotes(out, notes);
        return out.toString();
    }
}
