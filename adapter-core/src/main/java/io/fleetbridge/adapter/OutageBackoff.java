package io.fleetbridge.adapter;

import java.util.concurrent.TimeUnit;

/**
 * A publisher's view of a JetStream outage: whether one is under way and when the next probe is
 * due. During an outage the publisher sends nothing but one probe at a time (a re-send of the
 * oldest waiting message); each probe that fails doubles the interval to the next, from 100 ms up
 * to 2 s, and the first answer to anything other than a 503 (an acknowledgement, or a refusal of
 * that one message) ends the outage. One outage therefore costs one attempt per interval, not one
 * per message.
 *
 * <p>Threading: the publisher thread only, but for {@link #sinceNs}, which readiness reads. Allocates nothing.
 */
final class OutageBackoff
{
    static final long INITIAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_NS = TimeUnit.SECONDS.toNanos(2);

    private boolean failing;
    /** When the outage under way began ({@link System#nanoTime()}), or {@link #NONE}: read by readiness on any thread. */
    private volatile long sinceNs = NONE;
    static final long NONE = Long.MIN_VALUE;
    private long intervalNs;
    private long nextProbeNs;
    private int probe = -1;

    /** Any thread: when the outage under way began ({@link System#nanoTime()}), or {@link #NONE}. */
    long sinceNs()
    {
        return sinceNs;
    }

    /** Whether an outage is under way: hold new messages instead of sending them. */
    boolean failing()
    {
        return failing;
    }

    /**
     * The attempt at {@code position} failed (a timeout, a 503, no connection). Starts an outage,
     * with the first probe due after the initial interval, and returns true if none was under
     * way; if it was the probe that failed, doubles the interval before the next.
     */
    boolean failed(final int position, final long nowNs)
    {
        if (!failing)
        {
            failing = true;
            sinceNs = nowNs;
            intervalNs = INITIAL_NS;
            nextProbeNs = nowNs + intervalNs;
            probe = -1;
            return true;
        }
        if (position == probe)
        {
            probe = -1;
            intervalNs = Math.min(intervalNs * 2, MAX_NS);
            nextProbeNs = nowNs + intervalNs;
        }
        return false;
    }

    /** An acknowledgement arrived: ends the outage and returns true if one was under way. */
    boolean acknowledged()
    {
        if (!failing)
        {
            return false;
        }
        failing = false;
        sinceNs = NONE;
        probe = -1;
        return true;
    }

    /**
     * JetStream refused an attempt (an API error other than 503, such as a message over the stream's
     * {@code max_msg_size}): ends the outage and returns true if one was under way. A refusal is an
     * answer, so JetStream is reachable, and it speaks of that message, not of the others held; and
     * as a refusal never starts an outage, it must not prolong one. Only clearing the probe would
     * send the same message again, to the same refusal, while everything else waits behind it.
     */
    boolean refused()
    {
        return acknowledged();
    }

    /** Whether a probe may be sent now: an outage, no probe out, and its interval passed. */
    boolean probeDue(final long nowNs)
    {
        return failing && probe < 0 && nowNs - nextProbeNs >= 0;
    }

    /** The message at {@code position} goes out as the probe. */
    void probing(final int position)
    {
        probe = position;
    }

    /**
     * The message at {@code position} left the window. If it was the probe and left unanswered
     * (the client refused it, and it was dropped), the next probe is due at once: otherwise no
     * probe would ever be sent again and the outage would last until {@code retry_for} dropped
     * everything held.
     */
    void settled(final int position)
    {
        if (position == probe)
        {
            probe = -1;
        }
    }
}
