package io.fleetbridge.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every node's first and last sighting and last registration size, and the age advisories that
 * follow from them, with the Choria Stream Replicator's semantics ({@code idtrack/idtrack.go} and
 * {@code advisor/advisor.go} there):
 *
 * <ul>
 *   <li>{@code new}: a node is seen for the first time, or again after it expired;</li>
 *   <li>{@code timeout}: a scan finds it unseen for longer than the warn duration (once);</li>
 *   <li>{@code recover}: it is seen again after a gap longer than the warn duration, before it expired;</li>
 *   <li>{@code expire}: a scan finds it unseen for longer than the inspect duration; it is new should it return.</li>
 * </ul>
 *
 * <p>Sightings are the stream's timestamps, not the time of reading, so every tracker that reads
 * the same stream makes the same decisions about returning nodes; an event a scan would have
 * raised but that the sighting came first for (a timeout not yet advised when the node returns) is
 * raised then, before the recover, so each node's advisories always read new, timeout, recover or
 * expire, new. Each advisory's id is derived from what caused it ({@link AgeAdvisory#eventId()}),
 * so repeats (from a second tracker, or after a restart) are dropped by the stream.
 *
 * <p>A {@code timeout} or {@code expire} that a scan raises and the sink has no room for (a fleet
 * larger than the advisory queue falling silent at once) is owed: two bits beside the node's state,
 * offered again on every scan until taken, and before anything else should the node return first.
 * The view itself never waits for them: its counts and listings follow the nodes' ages. Only an
 * advisory raised by a sighting, or owed by a node forgotten first, is {@link AdvisorySink#lost}.
 *
 * <p>While {@code live} is false (rebuilding from the stream's last message per node) no
 * {@code new} is raised: those nodes were known before. Nodes beyond twice the inspect duration are
 * forgotten without an advisory, as the replicator ignores what is that old; an unknown node already
 * that old is not added at all, so that the dead a rebuild reads cannot fill the table before the
 * first scan and leave live nodes untracked.
 *
 * <p>After a restart with a state file ({@link FleetState}) the nodes are {@link #restore}d first, and the rebuild is
 * read as live: a late node seen again is {@code recover}, an expired or unknown one {@code new}, as the replicator
 * raises them after its own restart. Only a node restored alive is not judged by the gap to its next sighting until
 * {@link #endRestore}: the rebuild reads each node's last registration alone, so a gap that spans the downtime says
 * nothing of whether the node went silent, and most nodes did not.
 *
 * <p>Not thread safe: one thread (the reader's) calls {@link #seen} and {@link #scan}; others read
 * the {@link FleetSnapshot} it returns. {@link #seen} allocates nothing for a known ASCII id.
 */
public final class FleetTracker
{
    /** Histogram buckets over ages from zero to the inspect duration, and one for older. */
    public static final int AGE_BUCKETS = 24;

    private final NodeTable table;
    private final long warnMs;
    private final long expireMs;
    private final AdvisorySink advisories;
    private final int maxNodes;
    private long rejectedIds;
    private boolean restoring;

    /**
     * @param expectedNodes sizes the table up front (it grows past it)
     * @param warnMs        the warn duration: unseen longer is late ({@code warn_duration})
     * @param expireMs      the inspect duration: unseen longer is expired ({@code inspect_duration}); more than warnMs
     * @param advisories    offered each advisory, on the calling thread
     */
    public FleetTracker(final int expectedNodes, final long warnMs, final long expireMs, final AdvisorySink advisories)
    {
        this(expectedNodes, Integer.MAX_VALUE, warnMs, expireMs, advisories);
    }

    /** As {@link #FleetTracker(int, long, long, AdvisorySink)}, tracking at most {@code maxNodes} nodes ({@link #full}). */
    public FleetTracker(final int expectedNodes, final int maxNodes, final long warnMs, final long expireMs,
        final AdvisorySink advisories)
    {
        this(expectedNodes, maxNodes, FleetSettings.defaultMaxNameBytes(maxNodes), warnMs, expireMs, advisories);
    }

    /**
     * As {@link #FleetTracker(int, int, long, long, AdvisorySink)}, the names of the nodes taking at most
     * {@code maxNameBytes} (UTF-8, and a length byte each; at least 256): beyond it a new node is refused as beyond
     * {@code maxNodes}, so that the heap the view holds is bounded in bytes whatever the names.
     */
    public FleetTracker(final int expectedNodes, final int maxNodes, final long maxNameBytes, final long warnMs, final long expireMs,
        final AdvisorySink advisories)
    {
        if (warnMs <= 0 || expireMs <= warnMs)
        {
            throw new IllegalArgumentException("expected 0 < warn (" + warnMs + " ms) < inspect duration (" + expireMs + " ms)");
        }
        this.table = new NodeTable(Math.min(expectedNodes, maxNodes), maxNameBytes);
        this.maxNodes = maxNodes;
        this.warnMs = warnMs;
        this.expireMs = expireMs;
        this.advisories = advisories;
    }

    /**
     * Records that the node {@code chars[from, to)} registered, stored by the stream at
     * {@code seenMs} with {@code sizeBytes}. A sighting no newer than the last one known is ignored:
     * an older one (the stream's order is the truth; this guards a rebuild overlapping live data), and
     * the same one read again, as a re-read after an error delivers every node's last message again;
     * taken, a late node's last message would raise a {@code recover} it never earned.
     *
     * @param live  false while rebuilding: an unknown node is then not new
     * @param nowMs wall-clock time, for the age of an advisory raised here
     * @return {@link Sighting#REJECTED} when the id is empty or longer than {@link NodeTable#MAX_ID_BYTES} once
     *         encoded (also counted in {@link #rejectedIds()}), whether or not the table is full;
     *         {@link Sighting#FORGOTTEN} when it is new and {@code seenMs} more than twice the inspect duration
     *         before {@code nowMs}, whether or not the table is full;
     *         {@link Sighting#UNTRACKED} when it is new while the table is {@link #full}, or its name would take the
     *         names past their budget ({@link #nameBytes()})
     */
    public Sighting seen(final CharSequence chars, final int from, final int to, final long seenMs, final int sizeBytes,
        final boolean live, final long nowMs)
    {
        final int slot = table.find(chars, from, to);
        if (slot < 0)
        {
            // the id is judged first, so that a malformed one is unusable however full the table is
            if (!NodeTable.storable(chars, from, to))
            {
                rejectedIds++;
                return Sighting.REJECTED;
            }
            if (beyondKeeping(nowMs - seenMs, expireMs))
            {
                // what a scan would forget at once must not take a live node's place while the rebuild reads the dead
                return Sighting.FORGOTTEN;
            }
            if (full())
            {
                return Sighting.UNTRACKED;
            }
            final int inserted = table.insert(chars, from, to, seenMs, sizeBytes, NodeState.ALIVE);
            if (inserted == NodeTable.NO_ROOM)
            {
                return Sighting.UNTRACKED;
            }
            if (inserted < 0)
            {
                rejectedIds++; // storable() is the stricter test, so never; kept so that no node is advised unstored
                return Sighting.REJECTED;
            }
            if (live)
            {
                adviseOrLose(AdvisoryEvent.NEW, chars.subSequence(from, to).toString(), seenMs, nowMs - seenMs, nowMs, seenMs);
            }
            return Sighting.TRACKED;
        }
        final long previousMs = table.lastSeenMs(slot);
        if (seenMs <= previousMs)
        {
            return Sighting.TRACKED;
        }
        final long gapMs = seenMs - previousMs;
        final byte state = table.state(slot);
        if (restoring && state == NodeState.ALIVE)
        {
            // the daemon was down between the two, and the stream gives only the node's last registration: the gap
            // says nothing of whether it went silent (most nodes registered all along), so its age is judged from here
            table.lastSeenMs(slot, seenMs);
            table.sizeBytes(slot, sizeBytes);
            return Sighting.TRACKED;
        }
        final int owed = table.owed(slot);
        if (owed != 0)
        {
            // what a scan raised and could not hand over comes first, so the node's advisories keep their order
            settleOwed(slot, owed, previousMs, nowMs, true);
        }
        if (state == NodeState.EXPIRED || gapMs > expireMs)
        {
            final String id = table.id(slot);
            if (state != NodeState.EXPIRED)
            {
                if (state == NodeState.ALIVE)
                {
                    adviseOrLose(AdvisoryEvent.TIMEOUT, id, previousMs, nowMs - previousMs, nowMs, previousMs);
                }
                adviseOrLose(AdvisoryEvent.EXPIRE, id, previousMs, nowMs - previousMs, nowMs, previousMs);
            }
            adviseOrLose(AdvisoryEvent.NEW, id, seenMs, nowMs - seenMs, nowMs, seenMs);
            table.firstSeenMs(slot, seenMs);
        }
        else if (state == NodeState.LATE || gapMs > warnMs)
        {
            final String id = table.id(slot);
            if (state == NodeState.ALIVE)
            {
                adviseOrLose(AdvisoryEvent.TIMEOUT, id, previousMs, nowMs - previousMs, nowMs, previousMs);
            }
            adviseOrLose(AdvisoryEvent.RECOVER, id, previousMs, gapMs, nowMs, seenMs);
        }
        table.state(slot, NodeState.ALIVE);
        table.lastSeenMs(slot, seenMs);
        table.sizeBytes(slot, sizeBytes);
        return Sighting.TRACKED;
    }

    /** Whether the table holds its limit of nodes: a new sender is then not tracked until a node is forgotten. */
    public boolean full()
    {
        return table.size() >= maxNodes;
    }

    /**
     * Raises the timeouts and expiries due at {@code nowMs}, forgets nodes unseen for twice the
     * inspect duration, and returns the fleet as it now stands.
     */
    public FleetSnapshot scan(final long nowMs, final boolean rebuilt, final long rebuildMs, final long rebuildNodes)
    {
        long alive = 0;
        long late = 0;
        long expired = 0;
        long oldestAlive = 0;
        final long bucketWidthMs = Math.max(1, expireMs / AGE_BUCKETS);
        final long[] histogram = new long[AGE_BUCKETS + 1];
        boolean sinkFull = false;
        long owedAdvisories = 0;
        // silent nodes by slot: visited slots never move (a removal only pulls unvisited ones back)
        int[] silent = new int[64];
        int silentCount = 0;
        final int capacity = table.capacity();
        // start after an empty slot: no probe run crosses it, so a removal only ever moves a node
        // not yet visited into the hole, never one already counted
        int start = 0;
        while (table.used(start))
        {
            start++;
        }
        for (int step = 1; step <= capacity; step++)
        {
            final int slot = (start + step) & (capacity - 1);
            if (!table.used(slot))
            {
                continue;
            }
            final long lastMs = table.lastSeenMs(slot);
            final long ageMs = nowMs - lastMs;
            byte state = table.state(slot);
            int owed = table.owed(slot);
            if (beyondKeeping(ageMs, expireMs))
            {
                if (owed != 0)
                {
                    settleOwed(slot, owed, lastMs, nowMs, false);
                }
                table.remove(slot);
                // the slot now holds a later node of the same run (or nothing): look at it again
                step--;
                continue;
            }
            final int owedBefore = owed;
            if (ageMs > expireMs && state != NodeState.EXPIRED)
            {
                owed |= (state == NodeState.ALIVE ? NodeTable.OWES_TIMEOUT : 0) | NodeTable.OWES_EXPIRE;
                state = NodeState.EXPIRED;
            }
            else if (ageMs > warnMs && state == NodeState.ALIVE)
            {
                owed |= NodeTable.OWES_TIMEOUT;
                state = NodeState.LATE;
            }
            if (owed != 0 && !sinkFull)
            {
                // once the sink refuses, the rest of this scan's advisories wait for the next: no offer is made in vain
                final String id = table.id(slot);
                if ((owed & NodeTable.OWES_TIMEOUT) != 0 && offer(AdvisoryEvent.TIMEOUT, id, lastMs, ageMs, nowMs))
                {
                    owed &= ~NodeTable.OWES_TIMEOUT;
                }
                if ((owed & NodeTable.OWES_TIMEOUT) == 0 && (owed & NodeTable.OWES_EXPIRE) != 0
                    && offer(AdvisoryEvent.EXPIRE, id, lastMs, ageMs, nowMs))
                {
                    owed &= ~NodeTable.OWES_EXPIRE;
                }
                sinkFull = owed != 0;
            }
            owedAdvisories += Integer.bitCount(owed);
            if (state != table.state(slot) || owed != owedBefore)
            {
                table.state(slot, state, owed);
            }
            switch (state)
            {
                case NodeState.ALIVE ->
                {
                    alive++;
                    oldestAlive = Math.max(oldestAlive, ageMs);
                }
                case NodeState.LATE -> late++;
                default -> expired++;
            }
            histogram[(int)Math.min(AGE_BUCKETS, Math.max(0, ageMs) / bucketWidthMs)]++;
            if (state != NodeState.ALIVE)
            {
                if (silentCount == silent.length)
                {
                    silent = Arrays.copyOf(silent, silentCount * 2);
                }
                silent[silentCount++] = slot;
            }
        }
        final List<FleetSnapshot.Node> listed = oldest(silent, silentCount);
        return new FleetSnapshot(nowMs, rebuilt, rebuildMs, rebuildNodes, alive, late, expired, oldestAlive, bucketWidthMs,
            histogram, List.copyOf(listed), owedAdvisories);
    }

    /** The {@link FleetSnapshot#MAX_LISTED} least recently seen of the given slots, oldest first. */
    private List<FleetSnapshot.Node> oldest(final int[] slots, final int count)
    {
        long threshold = Long.MAX_VALUE;
        if (count > FleetSnapshot.MAX_LISTED)
        {
            final long[] seen = new long[count];
            for (int i = 0; i < count; i++)
            {
                seen[i] = table.lastSeenMs(slots[i]);
            }
            Arrays.sort(seen);
            threshold = seen[FleetSnapshot.MAX_LISTED - 1];
        }
        final List<FleetSnapshot.Node> listed = new ArrayList<>(Math.min(count, FleetSnapshot.MAX_LISTED));
        // older than the threshold first, then those at it until the list is full
        for (int pass = 0; pass < 2 && listed.size() < FleetSnapshot.MAX_LISTED; pass++)
        {
            for (int i = 0; i < count && listed.size() < FleetSnapshot.MAX_LISTED; i++)
            {
                final int slot = slots[i];
                final long lastMs = table.lastSeenMs(slot);
                if (pass == 0 ? lastMs < threshold : lastMs == threshold)
                {
                    listed.add(new FleetSnapshot.Node(table.id(slot), NodeState.name(table.state(slot)), lastMs,
                        table.firstSeenMs(slot), table.sizeBytes(slot)));
                }
            }
        }
        listed.sort(Comparator.comparingLong(FleetSnapshot.Node::lastSeenMs).thenComparing(FleetSnapshot.Node::id));
        return listed;
    }

    /** Whether a node unseen for {@code ageMs} is forgotten: past twice the inspect duration, as the replicator ignores it. */
    static boolean beyondKeeping(final long ageMs, final long inspectMs)
    {
        return ageMs > 2 * inspectMs;
    }

    /**
     * Begins a restore from a {@link FleetState} file: from here until {@link #endRestore()}, a sighting of a node known
     * alive raises nothing however long its gap (see {@link #seen}), since the rebuild that follows a restart reads only
     * each node's last registration, not those while the daemon was down.
     */
    void startRestore()
    {
        restoring = true;
    }

    /**
     * Adds a node as a {@link FleetState} file kept it, with what it owes; false when it is known already or a limit
     * leaves no room. One older than a scan keeps is kept until the first scan, which forgets it (and loses what it
     * owes) unless the rebuild read it again: an alive one returning is then not new, as it may have registered all along.
     */
    boolean restore(final byte[] id, final int length, final long firstSeenMs, final long lastSeenMs, final int sizeBytes,
        final byte state, final int owed)
    {
        if (full() || table.find(id, 0, length) >= 0)
        {
            return false;
        }
        final int slot = table.insert(id, 0, length, lastSeenMs, sizeBytes, state);
        if (slot < 0)
        {
            return false;
        }
        table.firstSeenMs(slot, firstSeenMs);
        table.state(slot, state, owed);
        return true;
    }

    /** Ends what {@link #startRestore} began, once the rebuild that followed it is read: sightings are judged as live again. */
    void endRestore()
    {
        restoring = false;
    }

    /** Whether a restore began and the rebuild that follows it is not yet read. */
    boolean restoring()
    {
        return restoring;
    }

    /** The table, for {@link FleetState} to write on the tracker's thread. */
    NodeTable table()
    {
        return table;
    }

    /** Nodes known, in any state. */
    public int size()
    {
        return table.size();
    }

    /** Bytes the names of the nodes known take (UTF-8, and a length byte each): at most their budget. */
    public long nameBytes()
    {
        return table.idBytes();
    }

    /** Sightings refused for an empty or too long id. */
    public long rejectedIds()
    {
        return rejectedIds;
    }

    /** Heap held by the table, for the per-node figure: its slots and at most the names' budget. */
    public long footprintBytes()
    {
        return table.footprintBytes();
    }

    /** A node's last sighting, or -1 when unknown; for tests and the rebuild comparison. */
    public long lastSeenMs(final String id)
    {
        final int slot = table.find(id, 0, id.length());
        return slot < 0 ? -1 : table.lastSeenMs(slot);
    }

    /** A node's state name, or null when unknown. */
    public String state(final String id)
    {
        final int slot = table.find(id, 0, id.length());
        return slot < 0 ? null : NodeState.name(table.state(slot));
    }

    /** A node's last registration size, or -1 when unknown. */
    public int sizeBytes(final String id)
    {
        final int slot = table.find(id, 0, id.length());
        return slot < 0 ? -1 : table.sizeBytes(slot);
    }

    /** Calls {@code visitor} with every node; allocates, for tests and tools. */
    public void forEach(final NodeVisitor visitor)
    {
        for (int slot = 0; slot < table.capacity(); slot++)
        {
            if (table.used(slot))
            {
                visitor.visit(new FleetSnapshot.Node(table.id(slot), NodeState.name(table.state(slot)), table.lastSeenMs(slot),
                    table.firstSeenMs(slot), table.sizeBytes(slot)));
            }
        }
    }

    /** See {@link #forEach}. */
    @FunctionalInterface
    public interface NodeVisitor
    {
        void visit(FleetSnapshot.Node node);
    }

    /** A scan's timeout or expire, caused by the node's last sighting; false when the sink has no room. */
    private boolean offer(final AdvisoryEvent event, final String id, final long lastMs, final long ageMs, final long nowMs)
    {
        return advisories.offer(new AgeAdvisory(event, id, lastMs, ageMs, nowMs, lastMs));
    }

    private void adviseOrLose(final AdvisoryEvent event, final String id, final long seenMs, final long ageMs, final long nowMs,
        final long causeSeenMs)
    {
        final AgeAdvisory advisory = new AgeAdvisory(event, id, seenMs, ageMs, nowMs, causeSeenMs);
        if (!advisories.offer(advisory))
        {
            advisories.lost(advisory);
        }
    }

    /**
     * What a node owes, timeout then expire, caused by its last sighting {@code lastMs}: offered one last time
     * when it returns ({@code offer}), each reported lost if refused; reported lost outright when it is forgotten.
     */
    private void settleOwed(final int slot, final int owed, final long lastMs, final long nowMs, final boolean offer)
    {
        final String id = table.id(slot);
        if ((owed & NodeTable.OWES_TIMEOUT) != 0)
        {
            settle(new AgeAdvisory(AdvisoryEvent.TIMEOUT, id, lastMs, nowMs - lastMs, nowMs, lastMs), offer);
        }
        if ((owed & NodeTable.OWES_EXPIRE) != 0)
        {
            settle(new AgeAdvisory(AdvisoryEvent.EXPIRE, id, lastMs, nowMs - lastMs, nowMs, lastMs), offer);
        }
    }

    private void settle(final AgeAdvisory advisory, final boolean offer)
    {
        if (!offer || !advisories.offer(advisory))
        {
            advisories.lost(advisory);
        }
    }
}
