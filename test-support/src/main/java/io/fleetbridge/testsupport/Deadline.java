package io.fleetbridge.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A point in time by which a condition must hold, and the polling loops that wait for it.
 *
 * <p>Tests and the harness wait for conditions (a server answers, a leader is elected), never
 * for a fixed time: {@link #await} and {@link #awaitValue} poll the condition on the calling
 * thread every {@value #POLL_INTERVAL_MS} ms until it holds or the deadline passes, then fail
 * with an {@link AssertionError} naming what was awaited. No threads are started; an interrupt
 * ends the wait with an {@link IllegalStateException} and keeps the interrupt flag set.
 * Instances are immutable.
 */
public final class Deadline
{
    static final long POLL_INTERVAL_MS = 20;

    private final long deadlineNs;

    private Deadline(final long deadlineNs)
    {
        this.deadlineNs = deadlineNs;
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline in(final Duration timeout)
    {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    public boolean hasPassed()
    {
        return System.nanoTime() - deadlineNs >= 0;
    }

    /** Time left, never negative. */
    public Duration remaining()
    {
        return Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime()));
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @throws AssertionError if it is still false after {@code timeout}
     */
    public static void await(final Duration timeout, final String what, final BooleanSupplier condition)
    {
        awaitValue(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Polls {@code probe} until it yields a value, and returns that value.
     *
     * @throws AssertionError if it yields nothing within {@code timeout}
     */
    public static <T> T awaitValue(final Duration timeout, final String what, final Supplier<Optional<T>> probe)
    {
        final Deadline deadline = in(timeout);
        while (true)
        {
            final Optional<T> value = probe.get();
            if (value.isPresent())
            {
                return value.get();
            }
            if (deadline.hasPassed())
            {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            pause();
        }
    }

    /** Waits one poll interval; used by loops that poll with their own failure handling. */
    static void pause()
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS));
        if (Thread.currentThread().isInterrupted())
        {
            throw new IllegalStateException("interrupted while polling a condition");
        }
    }
}
