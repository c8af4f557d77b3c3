package io.fleetbridge.fleet;

import java.util.List;

/**
 * The fleet as one scan of the tracker saw it: counts by state, the oldest alive node's age, a
 * histogram of last-seen ages and the late and expired nodes (at most {@link #MAX_LISTED}, oldest
 * first). Immutable; made once per scan, read by the metrics, the {@code /fleet} page and the
 * {@code fleet} command from any thread.
 *
 * @param takenMs          wall-clock time of the scan
 * @param rebuilt          false until the view was rebuilt from the stream
 * @param rebuildMs        how long the rebuild took (0 until it is done)
 * @param rebuildNodes     nodes read while rebuilding
 * @param alive            nodes seen within the warn duration
 * @param late             nodes not seen for longer than the warn duration
 * @param expired          nodes not seen for longer than the inspect duration (kept for another inspect duration)
 * @param oldestAliveAgeMs the longest time since an alive node was seen; 0 with no alive node
 * @param bucketWidthMs    width of each histogram bucket but the last
 * @param ageHistogram     nodes by last-seen age: bucket i holds ages in [i*width, (i+1)*width), the last one the rest
 * @param listed           the least recently seen late and expired nodes, at most {@link #MAX_LISTED}, oldest first
 * @param owedAdvisories   timeouts and expiries raised and not yet taken by a full advisory queue, offered again next scan
 */
public record FleetSnapshot(
    long takenMs, boolean rebuilt, long rebuildMs, long rebuildNodes,
    long alive, long late, long expired, long oldestAliveAgeMs,
    long bucketWidthMs, long[] ageHistogram, List<Node> listed, long owedAdvisories)
{
    /** Late and expired nodes listed by name at most. */
    public static final int MAX_LISTED = 1000;

    /** Before the first scan. */
    public static final FleetSnapshot EMPTY = new FleetSnapshot(0, false, 0, 0, 0, 0, 0, 0, 1, new long[1], List.of(), 0);

    /** Every node known. */
    public long known()
    {
        return alive + late + expired;
    }

    /**
     * One listed node.
     *
     * @param id          sender id
     * @param state       {@code alive}, {@code late} or {@code expired}
     * @param lastSeenMs  its last registration, as the stream timestamped it
     * @param firstSeenMs when it was first seen (whole seconds)
     * @param sizeBytes   size of its last registration as stored
     */
    public record Node(String id, String state, long lastSeenMs, long firstSeenMs, int sizeBytes)
    {
    }
}
