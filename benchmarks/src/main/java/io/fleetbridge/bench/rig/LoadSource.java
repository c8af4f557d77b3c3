package io.fleetbridge.bench.rig;

import io.nats.client.Connection;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The fleet: publishes registration transports on the ingest subject with core NATS, as fast as
 * the flow control lets it, from its own connections.
 *
 * <p>Flow control: a sender waits while {@code sent - completed() >= window}, where
 * {@code completed()} is what the variant under test has acknowledged, handed off or dropped.
 * That keeps the variant's ingest within a bounded distance (PERF-NOTES: without it a bridge
 * loses about 1.5M messages per run to slow-consumer drops, which hides its throughput behind
 * the loss). A variant that drops when full (the Go port) still drops: its drops complete
 * messages too, so the source runs as fast as that variant can take and discard.
 *
 * <p>Threads: one sender thread per connection and every jnats thread of those connections are
 * named {@value SenderPool#THREAD_PREFIX}-*, so that the rig can count the source's CPU apart from the
 * variant's. Allocates one transport array per message.
 */
final class LoadSource extends SenderPool
{
    private static final long BACKOFF_NS = 20_000;

    private final LongSupplier completed;

    LoadSource(final Cell cell, final LongSupplier completed)
    {
        super(cell);
        this.completed = completed;
    }

    @Override
    protected void send(final Connection connection, final int index, final int stride)
    {
        final RegistrationTransports messages = cell.messages();
        final RegistrationTransports.Scratch scratch = messages.newScratch();
        final String subject = cell.ingestSubject();
        final long window = cell.window();
        for (long seq = index; running; seq += stride)
        {
            while (sent.sum() - completed.getAsLong() >= window)
            {
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(BACKOFF_NS);
            }
            connection.publish(subject, messages.transport(seq, scratch));
            sent.increment();
        }
    }
}
