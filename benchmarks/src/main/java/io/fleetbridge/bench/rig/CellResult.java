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
    String note)
{
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

    /** Neither landed nor counted as dropped; 0 when every message is accounted for. */
    long lost()
    {
        return Math.max(0, sent - landed - dropped);
    }
}
