package io.fleetbridge.fleet;

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
 *                        senders cannot fill the heap (a node's slot and its id: about 75 bytes with 20-byte ids,
 *                        up to about 440 with 255-byte ones; see {@code NodeTable})
 */
public record FleetSettings(long warnMs, long inspectMs, long scanIntervalMs, String advisorySubject, int expectedNodes,
    int maxNodes)
{
    /**
     * Default {@code fleet.max_nodes}: a million nodes, about 75 to 85 MB of heap with 20-byte ids, 310 to 440 MB with
     * 255-byte ones, and for an instant up to about 700 MB while the ids' arena grows.
     */
    public static final int DEFAULT_MAX_NODES = 1_000_000;

    /** With {@link #DEFAULT_MAX_NODES}. */
    public FleetSettings(final long warnMs, final long inspectMs, final long scanIntervalMs, final String advisorySubject,
        final int expectedNodes)
    {
        this(warnMs, inspectMs, scanIntervalMs, advisorySubject, expectedNodes, DEFAULT_MAX_NODES);
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
    }

    /** Whether advisories are published. */
    public boolean advises()
    {
        return advisorySubject != null && !advisorySubject.isEmpty();
    }
}
