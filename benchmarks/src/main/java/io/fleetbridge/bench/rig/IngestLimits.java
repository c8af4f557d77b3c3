package io.fleetbridge.bench.rig;

import io.nats.client.Consumer;

import java.util.List;

/**
 * The pending limits of every ingest dispatcher in the rig, and the count of what they lost.
 * jnats' defaults (512k messages, 64 MiB) would drop 4 KiB transports well inside a window of
 * in-flight messages; raised, a drop means a variant really fell behind. Stateless.
 */
final class IngestLimits
{
    static final long PENDING_MESSAGES = 2_000_000;
    static final long PENDING_BYTES = 2L << 30;

    private IngestLimits()
    {
    }

    /** For a dispatcher's subscription, jnats checks the limits and counts drops on the dispatcher. */
    static void raise(final Consumer consumer)
    {
        consumer.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
    }

    /** Messages the subscriptions dropped as slow consumers. */
    static long droppedBy(final List<? extends Consumer> consumers)
    {
        long dropped = 0;
        for (final Consumer consumer : consumers)
        {
            dropped += consumer.getDroppedCount();
        }
        return dropped;
    }
}
