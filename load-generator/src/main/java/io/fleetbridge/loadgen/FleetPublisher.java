package io.fleetbridge.loadgen;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.nats.client.Connection;

/**
 * One publishing connection's share of the fleet: messages {@code first, first + stride, ...}
 * of the schedule, each published with core NATS at its intended time, never waiting for the
 * system under test (open loop). When the client falls behind, messages go out as soon as it
 * can; their latency still counts from the intended time.
 *
 * <p>When a message's time comes and {@link FleetChurn} has its node stopped, it is skipped, not sent.
 *
 * <p>Runs on its own thread, {@code loadgen-publisher-N}. Allocates one exact-size message array
 * per message (jnats keeps it until its writer thread has sent it).
 */
final class FleetPublisher implements Runnable
{
    private static final long MAX_PARK_NS = 50_000_000L;

    private final int first;
    private final int stride;
    private final Connection connection;
    private final String subject;
    private final Schedule schedule;
    private final long count;
    private final long durationNs;
    private final long startNanoTime;
    private final FleetMessages messages;
    private final Ledger ledger;
    private final AtomicBoolean stop;
    private final LongAdder publishErrors;
    private final FleetChurn churn;
    private final ReturnedNodes returned;
    private volatile long nextSeq;
    private volatile long skipped;
    private volatile String lastError;

    FleetPublisher(final int first, final int stride, final Connection connection, final String subject,
        final Schedule schedule, final long count, final long durationNs, final long startNanoTime,
        final FleetMessages messages, final Ledger ledger, final AtomicBoolean stop, final LongAdder publishErrors,
        final FleetChurn churn, final ReturnedNodes returned)
    {
        this.churn = churn;
        this.returned = returned;
        this.first = first;
        this.stride = stride;
        this.connection = connection;
        this.subject = subject;
        this.schedule = schedule;
        this.count = count;
        this.durationNs = durationNs;
        this.startNanoTime = startNanoTime;
        this.messages = messages;
        this.ledger = ledger;
        this.stop = stop;
        this.publishErrors = publishErrors;
    }

    @Override
    public void run()
    {
        long seq = first;
        long silent = 0;
        try
        {
            // every schedule, max included, counts from the common start: before it, intended times would be negative
            if (!waitUntil(startNanoTime))
            {
                return;
            }
            for (; seq < count && !stop.get(); seq += stride)
            {
                long intendedNs = schedule.intendedNs(seq);
                final boolean asap = intendedNs == Schedule.ASAP;
                if (asap)
                {
                    intendedNs = Math.max(0, System.nanoTime() - startNanoTime);
                    if (intendedNs >= durationNs)
                    {
                        break;
                    }
                }
                if (!asap && !waitUntil(startNanoTime + intendedNs))
                {
                    break;
                }
                final int node = schedule.node(seq);
                final boolean churned = churn.chosen(node);
                if (churned && churn.silent(node, intendedNs))
                {
                    // a stopped node sends nothing: not in the ledger, so never missing; counted once its time came
                    silent++;
                    continue;
                }
                final byte[] body = messages.message(seq, node, intendedNs);
                ledger.sent(seq, intendedNs);
                try
                {
                    connection.publish(subject, body);
                    if (churned)
                    {
                        returned.sent(node, intendedNs);
                    }
                }
                catch (final RuntimeException e)
                {
                    // outgoing queue full for too long, or the connection is gone: not sent, not missing
                    ledger.unsent(seq);
                    publishErrors.increment();
                    lastError = e.toString();
                }
            }
        }
        finally
        {
            // read after this thread is joined: one write at the end, not a volatile write per message
            nextSeq = seq;
            skipped = silent;
        }
    }

    /** One past the highest sequence number this publisher may have sent; read after its thread ended. */
    long end()
    {
        return nextSeq;
    }

    /** Registrations of stopped nodes this publisher did not send; read after its thread ended. */
    long skipped()
    {
        return skipped;
    }

    String lastError()
    {
        return lastError;
    }

    private boolean waitUntil(final long deadline)
    {
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            if (stop.get())
            {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NS));
        }
        return !stop.get();
    }
}
