package io.fleetbridge.adapter;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The Disruptor's busy-spin wait ({@link Thread#onSpinWait()} until the sequence is available)
 * with a timeout, so that the waiting publisher still wakes to poll its acknowledgements when no
 * message comes ({@link RingWait}).
 *
 * <p>Called by the one event processor thread of a barrier; no allocation, no lock, no system
 * call. It never gives up its core: for a core set aside for the publisher only.
 */
final class TimeoutBusySpinWaitStrategy implements WaitStrategy
{
    private final long timeoutNs;

    TimeoutBusySpinWaitStrategy(final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, TimeoutException
    {
        final long startNs = System.nanoTime();
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (System.nanoTime() - startNs >= timeoutNs)
            {
                throw TimeoutException.INSTANCE;
            }
            Thread.onSpinWait();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // nothing sleeps on a lock
    }
}
