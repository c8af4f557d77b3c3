package io.fleetbridge.adapter;

/**
 * One slot of the ring: an accepted input on its way to JetStream.
 *
 * <p>The ring pre-allocates these once. An ingest worker fills a claimed slot by swapping its
 * spare {@link DecodedMessage} with the slot's (no copy), so a message object migrates between
 * slots and workers while the number of them stays fixed. The publisher that owns the slot's
 * shard then encodes the envelope into {@link #body} and keeps it there until the publish is
 * acknowledged, so a retry re-sends the same bytes without encoding again.
 *
 * <p>Not thread safe: the ring's sequence protocol hands a slot from one thread to the next.
 */
final class RegistrationEvent
{
    /** The decoded input; swapped in by the ingest worker. */
    DecodedMessage message = new DecodedMessage();
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
