package io.fleetbridge.adapter;

/**
 * The decoded messages that are not in the ring. An ingest worker takes one to decode into and
 * puts it into the slot it claims; the publisher that owns the slot gives it back as soon as it
 * has encoded the envelope. Last in, first out, so that in steady state the few messages in
 * flight are reused while they are still in cache: were each slot to keep its own message, every
 * decode would write into memory a ring's length old (32,768 slots cycle about 70 MB), which
 * {@code RingFootprintBenchmark} measured at up to 1.8 µs a message.
 *
 * <p>Threading: any thread. {@link #take} and {@link #give} hold the pool's lock for a few
 * instructions; the threads that share it are at most one ingest worker and one publisher per
 * processor, so it is seldom contended. Allocates its capacity at construction and nothing
 * afterwards: a message taken is a worker's spare or waits in a slot to be encoded, and there are
 * never more of those than the ring's slots plus the workers, which is the capacity. Should a
 * failure keep a message from coming back, {@link #take} on an empty pool allocates rather than
 * stall ingest, and {@link #give} beyond the capacity leaves the extra one to the collector.
 */
final class DecodedMessagePool
{
    private final DecodedMessage[] free;
    private int size;

    /** @param capacity the ring's slots plus the ingest workers */
    DecodedMessagePool(final int capacity)
    {
        free = new DecodedMessage[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = new DecodedMessage();
        }
        size = capacity;
    }

    /** The message given back last. */
    synchronized DecodedMessage take()
    {
        if (size == 0)
        {
            return new DecodedMessage();
        }
        final DecodedMessage message = free[--size];
        free[size] = null;
        return message;
    }

    /** Gives back a message nobody reads any more; the next {@link #take} returns it. */
    synchronized void give(final DecodedMessage message)
    {
        if (size < free.length)
        {
            free[size++] = message;
        }
    }

    /** Messages in the pool now. */
    synchronized int size()
    {
        return size;
    }
}
