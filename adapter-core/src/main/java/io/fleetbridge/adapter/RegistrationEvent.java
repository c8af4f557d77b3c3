package io.fleetbridge.adapter;

/**
 * One slot of the ring: an accepted input on its way to JetStream, already encoded.
 *
 * <p>The ring pre-allocates these once. An ingest worker decodes an input into its own
 * {@link DecodedMessage}, encodes the envelope at once, while the decoded bytes are still in its
 * cache, and fills a claimed slot with the body and where the body holds the sender and the
 * request id. The publisher that owns the slot's shard reads those two back out of the body
 * ({@link EnvelopeParts}) and publishes the body as it is; the slot holds it until the publish is
 * acknowledged or dropped, so a retry re-sends the same bytes without encoding again. Nothing
 * else per message hangs off a slot: the ring, which lives as long as the daemon, points at one
 * new object per message (the body) and at nothing that is reused from message to message.
 *
 * <p>Not thread safe: the ring's sequence protocol hands a slot from one thread to the next.
 */
final class RegistrationEvent
{
    /** What a queued message costs beyond its body: this slot and its window entry, roughly. */
    static final int SLOT_BYTES = 256;

    /** Index of the publisher that owns this message: {@code hash(sender) mod stream.workers}. */
    int shard;
    /** {@link DecodedMessage#senderHash()}. */
    int senderHash;
    /** {@link System#nanoTime()} when the input came off the ingest subject. */
    long receivedNs;

    /** What the ingest worker claimed from the {@link QueueBudget} for this message; 0 once released. */
    int heldBytes;

    /** The envelope, from the ingest worker until the message is settled; null after, so the ring keeps no envelope alive. */
    byte[] body;
    /** Where {@link #body} holds the sender and the request id ({@link EnvelopeEncoder#parts}). */
    final EnvelopeParts parts = new EnvelopeParts();
    /** Publisher-owned while the message is in flight. */
    String subject;

    private final QueueBudget budget;

    /** A slot whose messages are not counted against any budget (tests, benchmarks). */
    RegistrationEvent()
    {
        this(new QueueBudget(Long.MAX_VALUE));
    }

    RegistrationEvent(final QueueBudget budget)
    {
        this.budget = budget;
    }

    /** The message is settled (acknowledged or dropped): its bytes leave the queue. Idempotent. */
    void release()
    {
        body = null;
        subject = null;
        if (heldBytes != 0)
        {
            budget.release(heldBytes);
            heldBytes = 0;
        }
    }
}
