package io.fleetbridge.daemon;

import io.fleetbridge.adapter.AdapterConfig;

/**
 * The time systemd gives the daemon to stop, set against what a stop may take. On SIGTERM every
 * adapter drains in parallel for up to its {@code drain_timeout}; when the unit's
 * {@code TimeoutStopSec} runs out first, systemd kills the JVM mid-drain and the messages still
 * in the ring (taken off the ingest subject, not yet acknowledged) are lost without being
 * counted. The shipped unit's value is a constant here, held equal to
 * {@code dist/systemd/fleetbridge.service} by a test, so that {@code check} can warn before a
 * rollout. Stateless.
 */
final class StopTimeout
{
    /** {@code TimeoutStopSec} of the shipped systemd unit, in milliseconds. */
    static final long SHIPPED_UNIT_MS = 60_000;
    /**
     * What a stop may take beyond the longest {@code drain_timeout}: up to 5 s for a connection
     * attempt in progress to give up before the drain starts, 5 s for abandoned publishes to
     * settle after it, then the publisher threads, the connections and the endpoints to close.
     */
    static final long MARGIN_MS = 20_000;

    private StopTimeout()
    {
    }

    /** The longest a stop of {@code adapter} may take. */
    static long worstCaseMs(final AdapterConfig adapter)
    {
        return adapter.drainTimeoutMs() + MARGIN_MS;
    }

    /** A warning when {@code adapter}'s drain may outlast the shipped unit's stop timeout; null when it fits. */
    static String warning(final AdapterConfig adapter)
    {
        final long neededMs = worstCaseMs(adapter);
        if (neededMs <= SHIPPED_UNIT_MS)
        {
            return null;
        }
        final long neededSec = (neededMs + 999) / 1000;
        return "adapter " + adapter.name() + ": " + ConfigKeys.DRAIN_TIMEOUT.key(adapter.name()) + " = " +
            GoDuration.format(adapter.drainTimeoutMs()) + ", plus up to " + GoDuration.format(MARGIN_MS) +
            " to close, is longer than the shipped systemd unit allows a stop (TimeoutStopSec=" + SHIPPED_UNIT_MS / 1000 +
            "): systemd would kill the drain and the messages it still holds would be lost uncounted; set TimeoutStopSec=" +
            neededSec + " or more in the unit, or lower the drain_timeout";
    }
}
