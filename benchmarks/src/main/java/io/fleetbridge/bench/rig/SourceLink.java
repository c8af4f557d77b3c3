package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.time.Duration;

/**
 * One connection of the load source to the ingest server, used by one sender thread: it sends
 * message {@code seq}'s transport on the cell's ingest subject with core NATS.
 *
 * <p>Two kinds ({@link SourceKind}): jnats, whose writer thread does the writing, and a plain
 * socket that writes the protocol on the sender's own thread, so that the load a real fleet sends
 * from other machines costs the CPU this rig shares with the system under test as little as it can.
 */
interface SourceLink extends AutoCloseable
{
    /** Sends message {@code seq}, or buffers it until {@link #push()}. */
    void send(long seq) throws IOException;

    /** Writes what {@link #send} buffered; returns at once where a client thread writes. */
    void push() throws IOException;

    /** Returns once everything sent so far has reached the server; throws if it did not within {@code timeout}. */
    void flush(Duration timeout) throws Exception;

    @Override
    void close();
}
