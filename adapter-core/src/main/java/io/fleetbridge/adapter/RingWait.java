package io.fleetbridge.adapter;

import com.lmax.disruptor.WaitStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How a publisher thread waits for the next message in the ring ({@code stream.wait_strategy}).
 * Every choice wakes the publisher at least once per {@code tickNs} with no new message, as a
 * Disruptor timeout: acknowledgements are polled on the publisher's own thread when it wakes
 * ({@link JetStreamPublisher#onTimeout}), so a strategy that never timed out (the Disruptor's own
 * {@code YieldingWaitStrategy} and {@code BusySpinWaitStrategy}) would leave the last messages of a
 * burst unacknowledged in the ring until the next one came.
 *
 * <ul>
 * <li>{@link #BLOCKING}: parks until an ingest worker unparks it ({@link ParkingWaitStrategy}), which it does only
 *     for a publisher that sleeps, or until the acknowledgements it awaits arrive ({@link ReplyWakingDataPort}); a
 *     wake-up (tens of microseconds on a busy host) per batch, and with no traffic next to no CPU: the short timeout
 *     only while acknowledgements are awaited, {@link #IDLE_NS} otherwise.</li>
 * <li>{@link #YIELDING}: spins briefly, then {@link Thread#yield()} in a loop ({@link TimeoutYieldingWaitStrategy}):
 *     no wake-up, but the thread stays runnable, so each publisher thread uses a whole core even with no traffic,
 *     giving it up only to threads that are ready to run.</li>
 * <li>{@link #BUSY_SPIN}: spins on the sequence ({@link TimeoutBusySpinWaitStrategy}): the lowest hand-off latency, a
 *     whole core per publisher thread at all times, and it competes with the NATS client's threads for that core:
 *     only for a core set aside for it.</li>
 * </ul>
 *
 * <p>Immutable; {@link #create} allocates one strategy per ring, at start.
 */
public enum RingWait
{
    BLOCKING("blocking"),
    YIELDING("yielding"),
    BUSY_SPIN("busy_spin");

    /** How long a blocking publisher with nothing awaiting an answer sleeps without a message: a bound, nothing is due. */
    static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String label;

    RingWait(final String label)
    {
        this.label = label;
    }

    /** The configuration value: {@code blocking}, {@code yielding} or {@code busy_spin}. */
    public String label()
    {
        return label;
    }

    /** The choice a configuration value names (any case), or null if none does. */
    public static RingWait parse(final String value)
    {
        for (final RingWait wait : values())
        {
            if (wait.label.equals(value.trim().toLowerCase(Locale.ROOT)))
            {
                return wait;
            }
        }
        return null;
    }

    /** What a publisher calls, on its thread, to keep the short timeout for its next wait: a no-op for the spinning waits. */
    static Runnable ticks(final WaitStrategy strategy)
    {
        return strategy instanceof ParkingWaitStrategy ? ((ParkingWaitStrategy)strategy)::keepTicking : () -> { };
    }

    /**
     * What a stream connection's reader thread calls once replies are queued ({@link ReplyWakingDataPort}), to wake the
     * publishers parked awaiting them; null for the spinning waits, which look at the ring all the time but read
     * answers only at their tick.
     */
    static Runnable answers(final WaitStrategy strategy)
    {
        return strategy instanceof ParkingWaitStrategy ? ((ParkingWaitStrategy)strategy)::answersArrived : null;
    }

    /**
     * A new wait strategy for one ring that times out after {@code tickNs} without a message; the blocking one only while
     * its thread has called {@link ParkingWaitStrategy#keepTicking} ({@link #ticks}), after {@link #IDLE_NS} otherwise.
     */
    WaitStrategy create(final long tickNs)
    {
        switch (this)
        {
            case YIELDING: return new TimeoutYieldingWaitStrategy(tickNs);
            case BUSY_SPIN: return new TimeoutBusySpinWaitStrategy(tickNs);
            default: return new ParkingWaitStrategy(tickNs, Math.max(tickNs, IDLE_NS));
        }
    }
}
