package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.testsupport.Deadline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Waits on a daemon's counters: until every input it received is settled (published or dropped
 * with a reason), and how long that took from a fault's end. Polls on the calling thread.
 */
final class Settlement
{
    static final Duration WAIT = Duration.ofSeconds(90);

    private Settlement()
    {
    }

    static long settled(final AdapterMetrics metrics)
    {
        return metrics.published.sum() + metrics.droppedTotal();
    }

    /**
     * Milliseconds from {@code sinceNs} until everything received up to now is settled: the time
     * the daemon takes to deliver the backlog a fault left.
     */
    static long recoveryMs(final AdapterMetrics metrics, final long sinceNs)
    {
        final long backlog = metrics.received.sum();
        Deadline.await(WAIT, "the backlog of " + backlog + " inputs settled", () -> settled(metrics) >= backlog);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNs);
    }

    /**
     * A condition, for {@link Deadline#await}, that holds once {@code value} has not changed for
     * {@code window} over its successive polls: a client-side slow-consumer drop reaches the
     * counters on the monitor's next tick (once a second), and a dispatcher kept off the CPU can
     * still hold inputs not yet counted as received.
     */
    static BooleanSupplier unchangedFor(final Duration window, final LongSupplier value)
    {
        final long[] last = {Long.MIN_VALUE, 0};
        return () -> {
            final long now = System.nanoTime();
            final long current = value.getAsLong();
            if (current != last[0])
            {
                last[0] = current;
                last[1] = now;
            }
            return now - last[1] >= window.toNanos();
        };
    }

    /** Waits until the daemon received {@code received} inputs and settled each of them. */
    static void awaitQuiet(final AdapterMetrics metrics, final long received)
    {
        Deadline.await(WAIT, received + " inputs received", () -> metrics.received.sum() >= received);
        Deadline.await(WAIT, "every received input settled (received " + metrics.received.sum() + ")",
            () -> settled(metrics) >= metrics.received.sum());
        assertAccounted(metrics);
    }

    static void assertAccounted(final AdapterMetrics metrics)
    {
        assertEquals(metrics.received.sum(), metrics.published.sum() + metrics.droppedTotal(),
            "received = published + dropped{reason}");
    }

    /** Every one of {@code total} inputs landed exactly once and nothing was dropped: the outcome of a survivable fault. */
    static void assertExactlyOnce(final AdapterMetrics metrics, final StreamLedger ledger, final long total)
    {
        assertEquals(0, metrics.droppedTotal(), "nothing dropped");
        assertEquals(total, ledger.landed(), "every input landed");
        assertEquals(0, ledger.duplicates(), "none twice");
    }
}
