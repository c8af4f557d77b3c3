package io.fleetbridge.adapter;

/**
 * One slot of the ring: an accepted input on its way to JetStream.
 *
 * <p>The ring pre-allocates these once. An ingest worker fills a claimed slot with the
 * {@link DecodedMessage} it decoded into (no copy). The publisher that owns the slot's shard
 * encodes the envelope into {@link #body}, keeps the request id for re-sends and gives the
 * message back to the {@link DecodedMessagePool}, so that the slot holds only what the publish
 * needs until it is acknowledged: a retry re-sends the same bytes without encoding again.
 *
 * <p>Not thread safe: the ring's sequence protocol hands a slot from one thread to the next.
 */
final class RegistrationEvent
{
    /** The decoded input, from the ingest worker until the owning publisher has encoded it; null after. */
    DecodedMessage message;
    /** Index of the publisher that owns this message: {@code hash(sender) mod stream.workers}. */
    int shard;
    /** {@link System#nanoTime()} when the input came off the ingest subject. */
    long receivedNs;

    // Publisher-owned while the message is in flight; cleared on release so the ring does not
    // keep the last envelope of every slot alive.
    byte[] body;
    String subject;

    void release()
    {
        body = null;
        subject = null;
    }
}
