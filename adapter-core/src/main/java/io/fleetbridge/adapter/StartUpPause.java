package io.fleetbridge.adapter;

/**
 * A point in an adapter's start-up where a test can hold the connector, to close the adapter in
 * the middle of it; production passes {@link #NONE}.
 *
 * <p>Called on the connector thread ({@code fleetbridge-<name>-connect}). An implementation may
 * block, but must end on an interrupt, as every other step of start-up does: close interrupts
 * start-up.
 */
@FunctionalInterface
interface StartUpPause
{
    StartUpPause NONE = index -> { };

    /** Ingest connection {@code index} has sent its subscription, not yet confirmed by the server. */
    void ingestSubscribed(int index) throws InterruptedException;
}
