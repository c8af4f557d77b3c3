package io.fleetbridge.bench.rig;

/**
 * What one variant did in one cell. Throughput and CPU are over the measured window; the counts
 * are over its whole run (warm-up, window and drain), where {@code sent = landed + dropped + lost}
 * by definition of {@code lost}: what neither landed nor was counted as dropped. Immutable.
 *
 * @param variant row label
 * @param kind whether it is one of the ceilings the other rows are divided by
 * @param landedInWindow messages the stream gained in the measured window
 * @param window the measured window: its length and the CPU of the JVM, the load source and nats-server in it
 * @param bodyBytes bytes of the body each landed message carries
 * @param sent messages offered over the whole run (by the load source, or by the variant itself)
 * @param landed messages that landed over the whole run
 * @param dropped messages the variant counted as dropped (queue full, slow consumer, failed)
 * @param note anything that makes the row suspect (a drain that timed out), or empty
 * @param footprint the rig JVM's memory just after the window, the variant still running
 */
record CellResult(
    String variant,
    Kind kind,
    long landedInWindow,
    CpuMeter.Window window,
    int bodyBytes,
    long sent,
    long landed,
    long dropped,
    String note,
    Footprint footprint)
{
    /** A result whose memory was not measured. */
    CellResult(final String variant, final Kind kind, final long landedInWindow, final CpuMeter.Window window, final int bodyBytes,
        final long sent, final long landed, final long dropped, final String note)
    {
        this(variant, kind, landedInWindow, window, bodyBytes, sent, landed, dropped, note, Footprint.UNKNOWN);
    }

    /** The two ceilings every row is compared with, and everything else. */
    enum Kind
    {
        PUBLISH_CEILING, BRIDGE_CEILING, MEASURED
    }

    double msgsPerSecond()
    {
        return window.perSecond(landedInWindow);
    }

    double megabytesPerSecond()
    {
        return msgsPerSecond() * bodyBytes / 1e6;
    }

    /** The JVM's cores without the load source's threads: what moving the messages cost it. */
    double jvmCoresWithoutSource()
    {
        return Math.max(0, window.jvmCores() - window.sourceCores());
    }

    /** The JVM's CPU per stored message without the load source's threads, in microseconds; 0 for an empty window. */
    double jvmMicrosPerMessage()
    {
        return perMessageMicros(jvmCoresWithoutSource());
    }

    /** The nats-server's CPU per stored message, in microseconds; 0 for an empty window. */
    double serverMicrosPerMessage()
    {
        return perMessageMicros(window.serverCores());
    }

    private double perMessageMicros(final double cores)
    {
        final double perSecond = msgsPerSecond();
        return perSecond > 0 ? Math.max(0, cores) / perSecond * 1e6 : 0;
    }

    /** Neither landed nor counted as dropped; 0 when every message is accounted for. */
    long lost()
    {
        return Math.max(0, sent - landed - dropped);
    }
}
