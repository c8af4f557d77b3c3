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
 * @param windowNs length of the measured window
 * @param ingestToAck the adapter's own figure: receipt on the ingest subject to JetStream ack
 * @param sendToAck the part of it from the publish to the ack (the adapter's output time), same window
 * @param sourceLag send time minus intended send time, per message
 * @param drops the adapter's drops by reason, only reasons with a count above zero
 * @param sent messages sent over the whole run
 * @param landed messages that landed over the whole run
 * @param jvmCpuNs CPU of the whole JVM in the window, the source included
 * @param sourceCpuNs CPU of the source's threads in the window
 * @param serverCpuNs CPU of nats-server in the window
 * @param note anything that makes the row suspect (a drain that timed out), or empty
 */
record LatencyPoint(
    String variant,
    double fraction,
    long targetPerSecond,
    long landedInWindow,
    long sentInWindow,
    long windowNs,
    LatencySummary ingestToAck,
    LatencySummary sendToAck,
    LatencySummary sourceLag,
    Map<DropReason, Long> drops,
    long sent,
    long landed,
    long jvmCpuNs,
    long sourceCpuNs,
    long serverCpuNs,
    String note)
{
    LatencyPoint
    {
        drops = Map.copyOf(drops);
    }

    double achievedPerSecond()
    {
        return perSecond(landedInWindow);
    }

    double sentPerSecond()
    {
        return perSecond(sentInWindow);
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

    double jvmCores()
    {
        return cores(jvmCpuNs);
    }

    double sourceCores()
    {
        return cores(sourceCpuNs);
    }

    double serverCores()
    {
        return cores(serverCpuNs);
    }

    private double perSecond(final long count)
    {
        return windowNs <= 0 ? 0 : count * 1e9 / windowNs;
    }

    private double cores(final long cpuNs)
    {
        return windowNs <= 0 ? 0 : (double)cpuNs / windowNs;
    }
}
