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
 * new object per message (the body) and at nothing that is reused from message to message. The body
 * and the subject are not fields of the slot but entries of {@link SlotReferences}, for the
 * collector's sake (see there).
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

    /** Where {@link #body()} holds the sender and the request id ({@link EnvelopeEncoder#parts}). */
    final EnvelopeParts parts = new EnvelopeParts();

    private final QueueBudget budget;
    private final SlotReferences references;
    private final int slot;

    /** A slot whose messages are not counted against any budget (tests, benchmarks). */
    RegistrationEvent()
    {
        this(new QueueBudget(Long.MAX_VALUE), new SlotReferences(1), 0);
    }

    /** Slot {@code slot} of a ring whose per-message references are {@code references} ({@link SlotReferences#slots}). */
    RegistrationEvent(final QueueBudget budget, final SlotReferences references, final int slot)
    {
        this.budget = budget;
        this.references = references;
        this.slot = slot;
    }

    /** The envelope, from the ingest worker until the message is settled; null after, so the ring keeps no envelope alive. */
    byte[] body()
    {
        return references.body(slot);
    }

    void body(final byte[] body)
    {
        references.body(slot, body);
    }

    /** The subject the message is published on: publisher-owned while the message is in flight. */
    String subject()
    {
        return references.subject(slot);
    }

    void subject(final String subject)
    {
        references.subject(slot, subject);
    }

    /** The message is settled (acknowledged or dropped): its bytes leave the queue. Idempotent. */
    void release()
    {
        references.body(slot, null);
        references.subject(slot, null);
        if (heldBytes != 0)
        {
            budget.release(heldBytes);
            heldBytes = 0;
        }
    }
}
