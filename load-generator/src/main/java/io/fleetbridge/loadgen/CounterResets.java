package io.fleetbridge.loadgen;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices a daemon restart during a run by scraping its counters once a second and comparing
 * each scrape with the one before: a total that goes back means the counters started again from
 * zero. Comparing only the scrapes before and after the run misses a restart after which the
 * daemon counted more than it had at the start (a daemon started just before the run, say).
 *
 * <p>Threads: starts {@code loadgen-metrics}, which does every scrape; {@link #close} stops it, and
 * {@link #restarted} is read after that. A failed scrape (the daemon is down) is skipped.
 */
final class CounterResets implements AutoCloseable
{
    private static final long PERIOD_MS = 1000;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final ScheduledExecutorService executor;
    /** The last successful scrape; written and read by the scrape thread, read after {@link #close}. */
    private AdapterCounters last;
    private volatile boolean restarted;

    CounterResets(final String url, final AdapterCounters before)
    {
        this.url = url;
        this.last = before;
        this.executor = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "loadgen-metrics");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::scrape, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void scrape()
    {
        try
        {
            note(AdapterCounters.scrape(client, url));
        }
        catch (final IOException e)
        {
            // a restarting daemon does not answer: the next scrape will tell
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void note(final AdapterCounters now)
    {
        if (now.wentBackFrom(last))
        {
            restarted = true;
        }
        last = now;
    }

    /** Whether any scrape so far, or {@code after} (the final one), showed the counters going back. */
    boolean restarted(final AdapterCounters after)
    {
        note(after);
        return restarted;
    }

    @Override
    public void close()
    {
        executor.shutdownNow();
        try
        {
            // a scrape in flight ends within its timeouts
            executor.awaitTermination(15, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
