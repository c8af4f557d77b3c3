package io.fleetbridge.bench.rig;

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
 * <p>Threads: one sender thread per connection, named as {@link SenderPool} says, so that the rig
 * counts the source's CPU apart from the variant's. A socket link writes when the window is full or
 * its buffer is; allocation per message is the link's ({@link SourceLink}).
 */
final class LoadSource extends SenderPool
{
    private static final long BACKOFF_NS = 20_000;

    private final LongSupplier completed;

    LoadSource(final Cell cell, final SourceKind kind, final LongSupplier completed)
    {
        super(cell, kind);
        this.completed = completed;
    }

    @Override
    protected void send(final SourceLink link, final int index, final int stride) throws Exception
    {
        final long window = cell.window();
        for (long seq = index; running; seq += stride)
        {
            while (sent.sum() - completed.getAsLong() >= window)
            {
                link.push();
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(BACKOFF_NS);
            }
            link.send(seq);
            sent.increment();
        }
        link.push();
    }
}
