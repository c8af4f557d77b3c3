package io.fleetbridge.fleet;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one adapter's fleet tracker and its advisory publisher, read by the metrics
 * endpoint from any thread. Lock free; no allocation once built.
 */
public final class FleetCounters
{
    /** Registrations read from the stream (headers only). */
    public final LongAdder read = new LongAdder();
    /** Messages the tracker could not use: no stream timestamp, a subject outside the topic, an empty or too long id. */
    public final LongAdder unusable = new LongAdder();
    /** Registrations of new senders not tracked because the view holds {@code fleet.max_nodes} or {@code fleet.max_name_bytes}. */
    public final LongAdder untracked = new LongAdder();
    /** Advisories the stream acknowledged as new, by event. */
    private final Map<AdvisoryEvent, LongAdder> published = new EnumMap<>(AdvisoryEvent.class);
    /** Advisories the stream already held (same id from another tracker or from before a restart). */
    public final LongAdder duplicates = new LongAdder();
    /** Failed publish attempts (each retried). */
    public final LongAdder publishErrors = new LongAdder();
    /**
     * Advisories given up on: after every retry, left queued at a stop, raised by a registration while the queue was
     * full, or owed by a node forgotten first (a scan's timeouts and expiries wait for room instead).
     */
    public final LongAdder lost = new LongAdder();
    /** State files ({@code fleet.state_file}) refused at start: corrupt, of another version, or of other settings. */
    public final LongAdder stateRefused = new LongAdder();
    /** Failed writes of the state file. */
    public final LongAdder stateWriteErrors = new LongAdder();

    public FleetCounters()
    {
        for (final AdvisoryEvent event : AdvisoryEvent.values())
        {
            published.put(event, new LongAdder());
        }
    }

    /** Advisories of {@code event} the stream stored. */
    public LongAdder published(final AdvisoryEvent event)
    {
        return published.get(event);
    }
}
