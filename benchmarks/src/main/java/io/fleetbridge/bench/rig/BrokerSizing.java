package io.fleetbridge.bench.rig;

import java.time.Duration;

/**
 * A broker host sized on paper from the CPU one stored message was measured to cost each side: our JVM and nats-server.
 * The host's cores are split between the two in proportion to their µs per message, so that neither waits for the
 * other, and it carries {@code cores / (JVM µs + server µs)} million messages a second. That is arithmetic on the
 * assumption that both sides scale linearly with cores, which nothing on a small rig measures: nats-server ingests one
 * stream on about one core (PERF-NOTES), so its share needs at least {@link #streamsAtLeast()} streams (adapters, or
 * streams over disjoint subjects). Immutable; no I/O.
 *
 * @param cores the host's cores
 * @param jvmMicrosPerMessage CPU our JVM spends per stored message, in µs, the load source's left out
 * @param serverMicrosPerMessage CPU nats-server spends per stored message, in µs
 */
record BrokerSizing(int cores, double jvmMicrosPerMessage, double serverMicrosPerMessage)
{
    /** The broker the issue asks about. */
    static final int BROKER_CORES = 16;
    /** How often each node registers, so that registrations per interval is the fleet a rate carries. */
    static final Duration REGISTRATION_INTERVAL = Duration.ofMinutes(5);
    /** What nats-server's ingest of one stream uses at most (PERF-NOTES: the per-stream path is the ceiling). */
    static final double SERVER_CORES_PER_STREAM = 1.0;

    BrokerSizing
    {
        if (cores < 1 || !(jvmMicrosPerMessage >= 0) || !(serverMicrosPerMessage >= 0))
        {
            throw new IllegalArgumentException("a host of at least one core and CPU per message of 0 or more, not " + cores
                + " cores, " + jvmMicrosPerMessage + " µs (JVM), " + serverMicrosPerMessage + " µs (server)");
        }
    }

    /** Whether there is a cost to divide by: a cell that stored nothing measured none. */
    boolean known()
    {
        return micros() > 0;
    }

    /** Messages a second the host carries with every core busy; 0 when nothing was measured. */
    double msgsPerSecond()
    {
        return known() ? cores * 1e6 / micros() : 0;
    }

    /** The cores nats-server gets: its share of the CPU per message. */
    double serverCores()
    {
        return known() ? cores * serverMicrosPerMessage / micros() : 0;
    }

    /** The cores our JVM gets: the rest. */
    double jvmCores()
    {
        return known() ? cores * jvmMicrosPerMessage / micros() : 0;
    }

    /** Streams the server's share needs at least, if each stream's ingest takes {@link #SERVER_CORES_PER_STREAM}. */
    int streamsAtLeast()
    {
        return Math.max(1, (int)Math.ceil(serverCores() / SERVER_CORES_PER_STREAM - 1e-9));
    }

    /** Registrations the rate carries in {@code interval}: the nodes of a fleet that each register once in it. */
    double registrationsPer(final Duration interval)
    {
        return msgsPerSecond() * interval.toNanos() / 1e9;
    }

    private double micros()
    {
        return jvmMicrosPerMessage + serverMicrosPerMessage;
    }
}
