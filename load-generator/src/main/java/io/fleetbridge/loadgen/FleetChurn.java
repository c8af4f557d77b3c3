package io.fleetbridge.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * Fleet churn: a fraction of the nodes stops at {@link #stopAt()} after the start of the run and
 * sends nothing until {@link #returnAt()}, when it resumes its own schedule, as a rack that loses
 * power and comes back would. The stopped nodes follow from the run's seed (and the fleet size and
 * fraction), so a test that fixes {@link LoadOptions#seed} knows them before the run:
 * {@code FleetChurn.plan(options).stoppedSenders()}.
 *
 * <p>Registrations a stopped node skips are never sent, so the verifier does not miss them; the
 * report counts them apart. Immutable and thread safe; {@link #silent} and {@link #chosen} are
 * allocation free (one bit per node of the fleet, set once at construction).
 */
public final class FleetChurn
{
    /** Keeps the churn draw independent of the node order, which derives from the same seed. */
    private static final long SALT = 0x6A09E667F3BCC909L;
    private static final FleetChurn NONE = new FleetChurn(null, new int[0], new BitSet(), Long.MAX_VALUE, Long.MAX_VALUE);

    private final Fleet fleet;
    private final int[] stopped;
    private final BitSet chosen;
    private final long stopAtNs;
    private final long returnAtNs;

    private FleetChurn(final Fleet fleet, final int[] stopped, final BitSet chosen, final long stopAtNs,
        final long returnAtNs)
    {
        this.fleet = fleet;
        this.stopped = stopped;
        this.chosen = chosen;
        this.stopAtNs = stopAtNs;
        this.returnAtNs = returnAtNs;
    }

    /**
     * The churn a run of {@code options} will play: the same nodes, as long as {@link LoadOptions#seed}
     * is set (without a seed the run draws one, and only {@link LoadReport#churn()} can tell).
     *
     * @throws IllegalArgumentException when the options are invalid, or churn is asked for without a seed
     */
    public static FleetChurn plan(final LoadOptions options)
    {
        options.validate();
        if (options.churn() > 0 && options.seed() == null)
        {
            throw new IllegalArgumentException("the stopped nodes follow from the seed: set LoadOptions.seed (--seed) "
                + "to know them before the run, or read LoadReport.churn() after it");
        }
        return of(options, options.seed() == null ? 0 : options.seed());
    }

    /** The churn of a run with {@code seed}; no node stops when {@code options.churn()} is 0. */
    static FleetChurn of(final LoadOptions options, final long seed)
    {
        final int count = stoppedCount(options.churn(), options.nodes());
        if (count == 0)
        {
            return NONE;
        }
        final int nodes = options.nodes();
        // Floyd's sampling: exactly count distinct nodes, spread over the fleet, in O(count)
        final BitSet chosen = new BitSet(nodes);
        for (int j = nodes - count; j < nodes; j++)
        {
            final int t = (int)Mix.below(seed ^ SALT ^ (j * 0x9E3779B97F4A7C15L), j + 1L);
            chosen.set(chosen.get(t) ? j : t);
        }
        final int[] stopped = chosen.stream().toArray();
        return new FleetChurn(new Fleet(nodes), stopped, chosen, options.churnAt().toNanos(),
            options.churnReturnAt() == null ? Long.MAX_VALUE : options.churnReturnAt().toNanos());
    }

    /** How many nodes a fraction of the fleet is: rounded to the nearest node. */
    static int stoppedCount(final double fraction, final int nodes)
    {
        return (int)Math.round(fraction * nodes);
    }

    /** True when no node stops. */
    public boolean isEmpty()
    {
        return stopped.length == 0;
    }

    /** How many nodes stop. */
    public int stoppedNodes()
    {
        return stopped.length;
    }

    /** The sender ids ({@code node-000123.dc4.example.net}) of the nodes that stop, in node order. */
    public List<String> stoppedSenders()
    {
        final List<String> senders = new ArrayList<>(stopped.length);
        for (final int node : stopped)
        {
            senders.add(fleet.identity(node));
        }
        return Collections.unmodifiableList(senders);
    }

    /** When the nodes stop, after the start of the run (the first scheduled message); null when none stops. */
    public Duration stopAt()
    {
        return isEmpty() ? null : Duration.ofNanos(stopAtNs);
    }

    /** When they resume their schedule, after the start of the run; null when they do not return within the run. */
    public Duration returnAt()
    {
        return isEmpty() || returnAtNs == Long.MAX_VALUE ? null : Duration.ofNanos(returnAtNs);
    }

    /** Whether {@code node} is one of the nodes that stop. */
    boolean chosen(final int node)
    {
        return chosen.get(node);
    }

    /** Whether {@code node} sends nothing at {@code intendedNs} after the start. */
    boolean silent(final int node, final long intendedNs)
    {
        return intendedNs >= stopAtNs && intendedNs < returnAtNs && chosen.get(node);
    }

    /** Whether a message of a stopped node at {@code intendedNs} is one it sends after its return. */
    boolean afterReturn(final long intendedNs)
    {
        return intendedNs >= returnAtNs;
    }

    long stopAtNs()
    {
        return stopAtNs;
    }

    /** Where {@code node} is in the list of stopped nodes, or negative when it does not stop. */
    int index(final int node)
    {
        return java.util.Arrays.binarySearch(stopped, node);
    }
}
