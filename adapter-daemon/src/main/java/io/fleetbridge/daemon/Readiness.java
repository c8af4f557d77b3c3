package io.fleetbridge.daemon;

import java.util.List;

/**
 * Whether the daemon can do its job now: both sides connected, a stream capturing each output
 * topic, JetStream acknowledging what is published (not during an outage: a stream deleted, its
 * leader lost, its server stalled while the connection stays up), and no server refusing a
 * subscription or a publish for want of permission. Asked by {@link StatsServer} on its thread for every {@code /readyz} request, so
 * an implementation reads state the pipeline keeps up to date and must not block.
 */
@FunctionalInterface
public interface Readiness
{
    /** Ready: always. */
    Readiness ALWAYS = List::of;

    /** What stands in the way of being ready, one line each; empty when ready. */
    List<String> problems();
}
