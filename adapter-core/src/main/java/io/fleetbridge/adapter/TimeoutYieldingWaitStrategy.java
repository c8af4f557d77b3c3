package io.fleetbridge.adapter;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The Disruptor's yielding wait (spin a little, then {@link Thread#yield()} until the sequence is
 * available) with a timeout, so that the waiting publisher still wakes to poll its
 * acknowledgements when no message comes ({@link RingWait}).
 *
 * <p>Called by the one event processor thread of a barrier; no allocation, no lock. The thread
 * stays runnable while it waits: a whole core per waiting publisher, traffic or not.
 */
final class TimeoutYieldingWaitStrategy implements WaitStrategy
{
    /** Spins before the first yield: a message that is a few hundred nanoseconds away costs no system call. */
    private static final int SPIN_TRIES = 100;

    private final long timeoutNs;

    TimeoutYieldingWaitStrategy(final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, TimeoutException
    {
        final long startNs = System.nanoTime();
        int spins = SPIN_TRIES;
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (spins > 0)
            {
                spins--;
                Thread.onSpinWait();
            }
            else
            {
                if (System.nanoTime() - startNs >= timeoutNs)
                {
                    throw TimeoutException.INSTANCE;
                }
                Thread.yield();
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // nothing sleeps on a lock
    }
}
