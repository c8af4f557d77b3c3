package io.fleetbridge.fleet;

/**
 * Where a {@link FleetTracker}'s advisories go ({@link AdvisoryPublisher} in the daemon). Called on
 * the tracker's thread; must not block.
 */
@FunctionalInterface
public interface AdvisorySink
{
    /** A sink that takes every advisory and does nothing with it: a view that does not advise. */
    AdvisorySink NONE = advisory -> true;

    /**
     * Takes {@code advisory}, or returns false when it has no room for it now. A {@code timeout} or
     * {@code expire} a scan raised stays owed and is offered again on the next scan (or before the
     * node's next advisory, should it return first); anything else is then {@link #lost}.
     */
    boolean offer(AgeAdvisory advisory);

    /** An advisory that could not be taken and will not be offered again. */
    default void lost(final AgeAdvisory advisory)
    {
    }

    /**
     * Advisories taken and not yet stored or given up (queued, or awaiting their acknowledgement): while any are, a
     * {@link FleetState} file would say they happened before they are known to have been published. Any thread.
     */
    default long unsettled()
    {
        return 0;
    }
}
