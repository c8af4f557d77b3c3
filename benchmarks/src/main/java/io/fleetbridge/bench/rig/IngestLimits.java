package io.fleetbridge.bench.rig;

import io.nats.client.Consumer;

import java.util.List;

/**
 * The pending limits of every ingest dispatcher in the rig, and the count of what they lost.
 * jnats' defaults (512k messages, 64 MiB) would drop 4 KiB transports well inside a window of
 * in-flight messages; raised, a drop means a variant really fell behind.
 *
 * <p>Raised, but bounded by what the rig's heap holds: open loop nothing else limits a variant
 * that falls behind, and a bridge that could not keep 90% of (b) once queued transports until the
 * JVM ran out of memory and the run hung. At the limit jnats drops as a slow consumer, which the
 * point reports as dropped. Stateless.
 */
final class IngestLimits
{
    static final long PENDING_MESSAGES = 2_000_000;
    /** Above a closed-loop window of the largest transports (20,000 of about 7.5 KB), a quarter of the rig's 1 GiB heap. */
    static final long PENDING_BYTES = 256L << 20;

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
