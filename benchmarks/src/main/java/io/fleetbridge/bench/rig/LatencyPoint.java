package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;

import java.util.Map;

/**
 * What one adapter configuration did at one open-loop rate. Rates and CPU are over the measured
 * window; {@code ingestToAck} covers every acknowledgement from the start of the window until
 * the drain ended (so every message sent in the window, however late its ack, plus the tail of
 * the warm-up); {@code sourceLag} covers the messages sent in the window; the counts cover the
 * whole run of the point (warm-up, window, drain). Immutable.
 *
 * @param variant row label
 * @param fraction the target rate as a fraction of the bridge ceiling (b)
 * @param targetPerSecond the schedule's rate
 * @param landedInWindow messages the stream gained in the measured window
 * @param sentInWindow messages the source sent in the measured window
 * @param window the measured window: its length and the CPU of the JVM, the source and nats-server in it
 * @param ingestToAck the adapter's own figure: receipt on the ingest subject to JetStream ack
 * @param sendToAck the part of it from the publish to the ack (the adapter's output time), same window
 * @param sourceLag send time minus intended send time, per message
 * @param drops the adapter's drops by reason, only reasons with a count above zero
 * @param sent messages sent over the whole run
 * @param landed messages that landed over the whole run
 * @param note anything that makes the row suspect (a drain that timed out), or empty
 */
record LatencyPoint(
    String variant,
    double fraction,
    long targetPerSecond,
    long landedInWindow,
    long sentInWindow,
    CpuMeter.Window window,
    LatencySummary ingestToAck,
    LatencySummary sendToAck,
    LatencySummary sourceLag,
    Map<DropReason, Long> drops,
    long sent,
    long landed,
    String note)
{
    LatencyPoint
    {
        drops = Map.copyOf(drops);
    }

    double achievedPerSecond()
    {
        return window.perSecond(landedInWindow);
    }

    double sentPerSecond()
    {
        return window.perSecond(sentInWindow);
    }

    long dropped()
    {
        long sum = 0;
        for (final long count : drops.values())
        {
            sum += count;
        }
        return sum;
    }

    /** Neither landed nor counted as dropped by the adapter. */
    long lost()
    {
        return Math.max(0, sent - landed - dropped());
    }
}
