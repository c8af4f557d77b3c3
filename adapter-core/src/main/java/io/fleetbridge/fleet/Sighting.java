package io.fleetbridge.fleet;

/** What {@link FleetTracker#seen} did with a registration, so that its reader counts it once, in the right place. */
public enum Sighting
{
    /** Recorded: a known node updated (or an old sighting ignored), or a new one added. */
    TRACKED,
    /**
     * A new node while the view holds {@code fleet.max_nodes}, or whose name would take the names past
     * {@code fleet.max_name_bytes}: not added. {@link FleetTracker#full()} says which.
     */
    UNTRACKED,
    /**
     * A new node last seen longer ago than the view keeps one (twice the inspect duration): not added, as the next
     * scan would forget it without a word; counted only as read, as a node a scan forgets is.
     */
    FORGOTTEN,
    /** An id no node can have: empty, or longer than the longest kept once encoded. */
    REJECTED
}
