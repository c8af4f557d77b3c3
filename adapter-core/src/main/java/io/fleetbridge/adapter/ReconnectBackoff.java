package io.fleetbridge.adapter;

import io.nats.client.ReconnectDelayHandler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait between rounds of reconnect attempts (one round tries every server in the list):
 * doubling from {@link #BASE_MS} up to {@link #CAP_MS}, plus up to a quarter of it as random
 * jitter, for ever. As the Choria Broker does (its 20 s capped backoff), a fleet of daemons that
 * lost a server neither hammers it while it restarts nor waits minutes once it is back, and the
 * jitter keeps them from reconnecting in lock step.
 *
 * <p>Stateless and thread safe; the client's reconnect thread calls it and it allocates only the
 * returned {@link Duration}.
 */
public final class ReconnectBackoff implements ReconnectDelayHandler
{
    /** Wait after the first failed round. */
    public static final long BASE_MS = 500;
    /** Longest wait between rounds, before jitter. */
    public static final long CAP_MS = 20_000;

    @Override
    public Duration getWaitTime(final long totalRounds)
    {
        final long ms = waitMs(totalRounds);
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 4 + 1));
    }

    /** The wait before jitter after {@code rounds} failed rounds (rounds below 1 count as 1). */
    static long waitMs(final long rounds)
    {
        final long doublings = Math.min(Math.max(rounds, 1) - 1, 16);
        return Math.min(CAP_MS, BASE_MS << doublings);
    }
}
