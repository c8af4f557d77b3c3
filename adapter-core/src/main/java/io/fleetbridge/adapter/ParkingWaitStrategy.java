package io.fleetbridge.adapter;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The blocking wait of {@code stream.wait_strategy} ({@link RingWait#BLOCKING}): a publisher thread with no message
 * parks until an ingest worker publishes one, and times out so that it still reads its acknowledgements when no
 * message comes. The timeout is short ({@code tickNs}) only while the thread has messages waiting for an answer,
 * which it says by calling {@link #keepTicking()} before it waits; otherwise it is {@code idleNs}. Such a wait also
 * ends as soon as its answers arrive ({@link #answersArrived}, from the stream connection's reader thread), so that
 * an acknowledgement is read when it lands rather than at the next message or tick. The Disruptor's
 * {@code LiteTimeoutBlockingWaitStrategy}, used before, has one timeout for all: an idle daemon woke every
 * publisher thread 1,000 times a second, which was all of its CPU with no traffic (0.02 of a core each, measured).
 *
 * <p>A waiter announces itself ({@code parked}, volatile) before it looks at the cursor a last time and parks; a
 * producer publishes and then unparks every announced waiter. Both sides write before they read, so one of them
 * sees the other: no wake-up is lost, and a producer unparks nobody while the publishers are busy.
 *
 * <p>Threading: {@link #waitFor} and {@link #keepTicking} on the publisher threads, each its own state, registered on
 * its first wait (one per publisher thread, for the life of the ring); {@link #signalAllWhenBlocking} on any
 * producer or on the thread halting the ring; {@link #answersArrived} on the stream connections' reader threads,
 * which flag every thread and wake one that sleeps awaiting answers (the same announce-then-look handshake: the
 * reader flags, then looks at {@code parked}). No allocation after a thread's first wait, no lock.
 *
 * <p>A thread finds its state by scanning the few registered ones for itself rather than through a {@code ThreadLocal}:
 * the scan reads only what the wait touches anyway, first thing after each wake-up, where the {@code ThreadLocal}'s
 * chain of loads stood out in profiles of the publisher thread.
 */
final class ParkingWaitStrategy implements WaitStrategy
{
    /** One publisher thread's state. */
    private static final class Waiter
    {
        final Thread thread = Thread.currentThread();
        /** Announced before the last look at the cursor, so that a producer knows to unpark this thread. */
        volatile boolean parked;
        /** Set by {@link #keepTicking} on this thread, read and cleared by its next wait: plain, one thread. */
        boolean ticking;
        /** The current wait awaits answers: {@link #answersArrived} unparks it. */
        volatile boolean awaiting;
        /** Replies were queued since this thread last polled: set by {@link #answersArrived}, cleared by the wait it ends. */
        volatile boolean answered;
    }

    private final long tickNs;
    private final long idleNs;
    /** Copied on each registration, so that a producer walks it without a lock or an iterator. */
    private volatile Waiter[] waiters = new Waiter[0];

    /**
     * @param tickNs the timeout of a wait after {@link #keepTicking}
     * @param idleNs the timeout of any other wait: a bound, not a schedule (nothing is due in it)
     */
    ParkingWaitStrategy(final long tickNs, final long idleNs)
    {
        if (tickNs <= 0 || idleNs < tickNs)
        {
            throw new IllegalArgumentException("need 0 < tick <= idle: " + tickNs + ", " + idleNs);
        }
        this.tickNs = tickNs;
        this.idleNs = idleNs;
    }

    /** The calling thread's state, registered on its first call: one entry per publisher thread of the ring. */
    private Waiter own()
    {
        final Thread current = Thread.currentThread();
        for (final Waiter waiter : waiters)
        {
            if (waiter.thread == current)
            {
                return waiter;
            }
        }
        return register();
    }

    private synchronized Waiter register()
    {
        final Waiter waiter = new Waiter();
        final Waiter[] grown = Arrays.copyOf(waiters, waiters.length + 1);
        grown[grown.length - 1] = waiter;
        waiters = grown;
        return waiter;
    }

    /** Publisher thread: its next wait times out after the short tick, for it has answers to read or attempts to time. */
    void keepTicking()
    {
        own().ticking = true;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, TimeoutException
    {
        final Waiter self = own();
        final boolean awaiting = self.ticking;
        self.ticking = false;
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            return available;
        }
        final long deadlineNs = System.nanoTime() + (awaiting ? tickNs : idleNs);
        self.awaiting = awaiting;
        try
        {
            while (true)
            {
                self.parked = true;
                try
                {
                    // after the announcement: an alert, a message or an awaited answer from here on unparks this
                    // thread, or is seen below
                    barrier.checkAlert();
                    if ((available = dependentSequence.get()) >= sequence)
                    {
                        return available;
                    }
                    if (awaiting && self.answered)
                    {
                        // cleared before the publisher polls (onTimeout): an answer queued after that poll sets it again
                        self.answered = false;
                        throw TimeoutException.INSTANCE;
                    }
                    final long remainingNs = deadlineNs - System.nanoTime();
                    if (remainingNs <= 0)
                    {
                        throw TimeoutException.INSTANCE;
                    }
                    LockSupport.parkNanos(this, remainingNs);
                }
                finally
                {
                    self.parked = false;
                }
            }
        }
        finally
        {
            self.awaiting = false;
        }
    }

    /**
     * A stream connection's reader thread ({@link ReplyWakingDataPort}), once it has queued replies: every publisher
     * thread parked while it awaits answers wakes now and reads them, rather than at its tick or its next message. The
     * flag stays set until a wait that awaits answers ends on it, so that replies queued after a publisher's last poll
     * but before its wait began end that wait at once rather than at its tick.
     */
    void answersArrived()
    {
        for (final Waiter waiter : waiters)
        {
            waiter.answered = true;
            if (waiter.awaiting && waiter.parked)
            {
                LockSupport.unpark(waiter.thread);
            }
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        for (final Waiter waiter : waiters)
        {
            if (waiter.parked)
            {
                LockSupport.unpark(waiter.thread);
            }
        }
    }
}
