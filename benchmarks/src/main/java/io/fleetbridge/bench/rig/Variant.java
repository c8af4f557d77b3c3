package io.fleetbridge.bench.rig;

import java.time.Duration;

/**
 * One way of moving registration traffic into a JetStream stream, measured by the
 * {@link ThroughputRig}. The rig calls, from its one driving thread: {@link #prepare} (connect,
 * subscribe, nothing moves yet), {@link #start} (begin moving; returns at once), then, after
 * the load source has stopped, {@link #drain} and {@link #close}. {@link #completed()} and
 * {@link #dropped()} are read from any thread while it runs (the load source's flow control
 * reads {@code completed()} constantly), so they must be cheap and thread safe.
 *
 * <p>What a variant reports is never the result: the rig counts what landed in the stream.
 * The variant's counters serve flow control and the accounting of what it dropped on purpose.
 */
interface Variant extends AutoCloseable
{
    /** The row label in the table, e.g. {@code go-core}. */
    String name();

    /** True if it consumes the ingest subject and so needs the {@link LoadSource}; false if it makes its own load. */
    boolean needsSource();

    /** Connects and subscribes; the stream of {@code cell} exists and is empty. */
    void prepare(Cell cell) throws Exception;

    /** Begins moving messages; returns at once. */
    void start();

    /**
     * Messages the variant is done with: acknowledged by JetStream or handed to the connection
     * (for variants that do not wait for acks), plus every message it dropped.
     */
    long completed();

    /** Messages it dropped on purpose or lost on its side (queue full, failed publish, slow consumer). */
    long dropped();

    /** Messages it sent itself; only for variants that make their own load ({@link #needsSource()} false). */
    default long sent()
    {
        return 0;
    }

    /** Why it dropped what it dropped (reason=count, ...), when it can say; empty otherwise. */
    default String dropReasons()
    {
        return "";
    }

    /**
     * Stops taking new work and waits, up to {@code bound}, until it has taken all it was
     * {@code offered} (as input, or counted as dropped on the way in) and what it took is
     * acknowledged or dropped; returns false if the bound ran out. Waiting for what was offered,
     * not only for what was taken so far, matters after an overload: the server and the socket
     * still hold input when the source stops, and a drop the variant counts after the rig read
     * its counts would show as lost.
     *
     * @param offered what the load source sent it; for a variant that makes its own load, what it sent
     */
    boolean drain(Duration bound, long offered) throws InterruptedException;

    /** Closes its connections; never throws, an interrupt is kept on the thread. */
    @Override
    void close();
}
