package io.fleetbridge.bench.rig;

/**
 * What one variant did in one cell. Throughput and CPU are over the measured window; the counts
 * are over its whole run (warm-up, window and drain), where {@code sent = landed + dropped + lost}
 * by definition of {@code lost}: what neither landed nor was counted as dropped. Immutable.
 *
 * @param variant row label
 * @param kind whether it is one of the ceilings the other rows are divided by
 * @param landedInWindow messages the stream gained in the measured window
 * @param windowNs length of the measured window
 * @param bodyBytes bytes of the body each landed message carries
 * @param jvmCpuNs CPU of the whole JVM in the window, the load source included
 * @param sourceCpuNs CPU of the load source's threads in the window
 * @param serverCpuNs CPU of nats-server in the window
 * @param sent messages offered over the whole run (by the load source, or by the variant itself)
 * @param landed messages that landed over the whole run
 * @param dropped messages the variant counted as dropped (queue full, slow consumer, failed)
 * @param note anything that makes the row suspect (a drain that timed out), or empty
 */
record CellResult(
    String variant,
    Kind kind,
    long landedInWindow,
    long windowNs,
    int bodyBytes,
    long jvmCpuNs,
    long sourceCpuNs,
    long serverCpuNs,
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
        return windowNs <= 0 ? 0 : landedInWindow * 1e9 / windowNs;
    }

    double megabytesPerSecond()
    {
        return msgsPerSecond() * bodyBytes / 1e6;
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

    /** Neither landed nor counted as dropped; 0 when every message is accounted for. */
    long lost()
    {
        return Math.max(0, sent - landed - dropped);
    }

    private double cores(final long cpuNs)
    {
        return windowNs <= 0 ? 0 : (double)cpuNs / windowNs;
    }
}
