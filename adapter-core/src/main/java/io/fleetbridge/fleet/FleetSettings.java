package io.fleetbridge.fleet;

import java.nio.file.Path;

/**
 * What one adapter's fleet tracker is told: the durations of the Stream Replicator's sampling
 * ({@code warn_duration}, {@code inspect_duration}), how often it scans, where advisories go.
 * Immutable.
 *
 * @param warnMs          unseen longer than this, a node is late ({@code timeout})
 * @param inspectMs       unseen longer than this, a node is expired ({@code expire}); more than warnMs
 * @param scanIntervalMs  how often the table is scanned for late and expired nodes
 * @param advisorySubject where advisories are published ({@code %s} the event, {@code %v} the node); empty: none
 * @param expectedNodes   sizes the table up front
 * @param maxNodes        most nodes tracked: beyond it a new sender is counted as untracked, so that made-up
 *                        senders cannot fill the heap (a node's slot: 25 to 67 bytes; see {@code NodeTable})
 * @param maxNameBytes    most bytes the nodes' names take together (UTF-8 and a length byte each): a new sender
 *                        whose name would pass it is counted as untracked too, so that the heap is bounded in
 *                        bytes whatever the names, not only in nodes (made-up names can have 255 bytes)
 * @param stateFile       where the view is kept across a restart ({@link FleetState}); null: rebuilt from the stream alone
 */
public record FleetSettings(long warnMs, long inspectMs, long scanIntervalMs, String advisorySubject, int expectedNodes,
    int maxNodes, long maxNameBytes, Path stateFile)
{
    /**
     * Default {@code fleet.max_nodes}: a million nodes, at most about 116 MB of heap whatever their names (52 MB of
     * slots, 64 MB of names by default), for an instant up to about 160 MB while the slots or the names' store grow;
     * about 75 MB with 20-byte names.
     */
    public static final int DEFAULT_MAX_NODES = 1_000_000;
    /**
     * Default {@code fleet.max_name_bytes} for each of {@code fleet.max_nodes}: typical host names take 20 to 30 bytes
     * and their length byte, so a fleet of real names reaches the node limit first; names of 255 bytes fill it at a
     * quarter of the nodes.
     */
    public static final int DEFAULT_NAME_BYTES_PER_NODE = 64;
    /** Least {@code fleet.max_name_bytes}: room for one name of the longest kept. */
    public static final long MIN_NAME_BYTES = 256;
    /** Most {@code fleet.max_name_bytes}: the names' store is one array. */
    public static final long MAX_NAME_BYTES = 2047L << 20;

    /** With {@link #DEFAULT_MAX_NODES}. */
    public FleetSettings(final long warnMs, final long inspectMs, final long scanIntervalMs, final String advisorySubject,
        final int expectedNodes)
    {
        this(warnMs, inspectMs, scanIntervalMs, advisorySubject, expectedNodes, DEFAULT_MAX_NODES);
    }

    /** With the default {@code fleet.max_name_bytes} for {@code maxNodes}. */
    public FleetSettings(final long warnMs, final long inspectMs, final long scanIntervalMs, final String advisorySubject,
        final int expectedNodes, final int maxNodes)
    {
        this(warnMs, inspectMs, scanIntervalMs, advisorySubject, expectedNodes, maxNodes, defaultMaxNameBytes(maxNodes));
    }

    /** With no state file. */
    public FleetSettings(final long warnMs, final long inspectMs, final long scanIntervalMs, final String advisorySubject,
        final int expectedNodes, final int maxNodes, final long maxNameBytes)
    {
        this(warnMs, inspectMs, scanIntervalMs, advisorySubject, expectedNodes, maxNodes, maxNameBytes, null);
    }

    /** The same settings with no state file: for a view that must not write the daemon's (the {@code fleet} command's). */
    public FleetSettings withoutStateFile()
    {
        return new FleetSettings(warnMs, inspectMs, scanIntervalMs, advisorySubject, expectedNodes, maxNodes, maxNameBytes, null);
    }

    /**
     * Default {@code fleet.max_name_bytes}: {@link #DEFAULT_NAME_BYTES_PER_NODE} for each of {@code maxNodes}, within
     * {@link #MIN_NAME_BYTES} and {@link #MAX_NAME_BYTES}.
     */
    public static long defaultMaxNameBytes(final int maxNodes)
    {
        return Math.min(MAX_NAME_BYTES, Math.max(MIN_NAME_BYTES, (long)maxNodes * DEFAULT_NAME_BYTES_PER_NODE));
    }

    public FleetSettings
    {
        if (warnMs <= 0 || inspectMs <= warnMs)
        {
            throw new IllegalArgumentException("expected 0 < warn_duration (" + warnMs + " ms) < inspect_duration (" + inspectMs + " ms)");
        }
        if (scanIntervalMs <= 0)
        {
            throw new IllegalArgumentException("expected a positive scan interval, not " + scanIntervalMs + " ms");
        }
        if (maxNodes <= 0)
        {
            throw new IllegalArgumentException("expected a positive node limit, not " + maxNodes);
        }
        if (maxNameBytes < MIN_NAME_BYTES || maxNameBytes > MAX_NAME_BYTES)
        {
            throw new IllegalArgumentException("expected a name budget from " + MIN_NAME_BYTES + " to " + MAX_NAME_BYTES
                + " bytes, not " + maxNameBytes);
        }
    }

    /** Whether advisories are published. */
    public boolean advises()
    {
        return advisorySubject != null && !advisorySubject.isEmpty();
    }
}
