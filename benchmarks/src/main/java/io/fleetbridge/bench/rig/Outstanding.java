package io.fleetbridge.bench.rig;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Waiting, with a bound, for a count of unfinished messages to reach zero. No threads; polls. */
final class Outstanding
{
    private static final long POLL_MS = 10;

    private Outstanding()
    {
    }

    /** Polls {@code outstanding} until it is at most zero; false if {@code bound} ran out first. */
    static boolean await(final Duration bound, final LongSupplier outstanding) throws InterruptedException
    {
        final long deadline = System.nanoTime() + bound.toNanos();
        while (outstanding.getAsLong() > 0)
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
        return true;
    }
}
