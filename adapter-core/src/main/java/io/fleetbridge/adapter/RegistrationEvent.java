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

    /** What the ingest worker claimed from the {@link QueueBudget} for this message; 0 once released. */
    int heldBytes;

    // Publisher-owned while the message is in flight; cleared on release so the ring does not
    // keep the last envelope of every slot alive.
    byte[] body;
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
