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
 *
 * <p>Memory: a message keeps the buffers it grew, so that steady traffic of 1 to 22 KB
 * registrations allocates nothing; but after a burst of large messages every message the burst
 * used would keep them for ever (a ring of 16,384 with 60 KB each is 1 GB). {@link #trim}, called
 * about once a second, shrinks the buffers of every message that has sat in the pool since the
 * previous trim: last in, first out, those are the ones below the lowest point the pool has
 * reached since, and the messages in use stay as they are.
 */
final class DecodedMessagePool
{
    /** Messages shrunk under one hold of the lock by {@link #trim}. */
    static final int TRIM_BATCH = 256;

    private final DecodedMessage[] free;
    private int size;
    // free[0, shrunk) were shrunk by a trim and not taken since; free[0, lowWater) not taken since the last trim
    private int shrunk;
    private int lowWater;

    /** @param capacity the ring's slots plus the ingest workers */
    DecodedMessagePool(final int capacity)
    {
        free = new DecodedMessage[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = new DecodedMessage();
        }
        size = capacity;
        lowWater = capacity;
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
        lowWater = Math.min(lowWater, size);
        shrunk = Math.min(shrunk, size);
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

    /**
     * Shrinks the buffers of the messages nobody has taken since the last trim, skipping what an
     * earlier trim shrank. Works through them {@value #TRIM_BATCH} at a time, taking the lock for
     * each batch only, so that the ingest and publisher threads, which take and give a message
     * per input, wait for at most one batch. Allocates only the small arrays that replace large
     * ones. Any thread, about once a second.
     */
    void trim()
    {
        boolean more = true;
        while (more)
        {
            more = trimBatch();
        }
    }

    /** Shrinks the next batch below the pool's lowest point since the last trim; false once none is left. */
    private synchronized boolean trimBatch()
    {
        // a take() since the last batch may have lowered lowWater and shrunk; both bounds hold still under the lock
        final int end = Math.min(lowWater, shrunk + TRIM_BATCH);
        for (int i = shrunk; i < end; i++)
        {
            free[i].shrink();
        }
        shrunk = Math.max(shrunk, end);
        if (end >= lowWater)
        {
            lowWater = size;
            return false;
        }
        return true;
    }

    /** Messages in the pool now. */
    synchronized int size()
    {
        return size;
    }
}
