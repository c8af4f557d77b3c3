package io.fleetbridge.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's own account of a run, scraped from its Prometheus {@code /metrics}:
 * {@code choria_adapter_received_msgs}, {@code choria_adapter_published_msgs} and
 * {@code choria_adapter_dropped_msgs} by {@code reason}, summed over adapters and identities.
 * A run scrapes before and after and reports the difference, so earlier traffic does not count.
 *
 * <p>A daemon that restarts during the run starts its counters from zero: any total that ends
 * lower than its baseline marks the difference as {@link #reset()}, and its figures are then the
 * daemon's counts since the restart (what it counted before is gone), never a negative number.
 * A restart after which the daemon counted more than its baseline cannot be told from these two
 * scrapes alone: {@link CounterResets} watches the scrapes in between.
 *
 * <p>Immutable.
 *
 * @param reset true when the daemon's counters went back during the run (it restarted)
 */
record AdapterCounters(double received, double published, Map<String, Double> dropped, boolean reset)
{
    static final String RECEIVED = "choria_adapter_received_msgs";
    static final String PUBLISHED = "choria_adapter_published_msgs";
    static final String DROPPED = "choria_adapter_dropped_msgs";

    static AdapterCounters scrape(final String url) throws IOException, InterruptedException
    {
        return scrape(client(), url);
    }

    /** A client for several scrapes of one run. */
    static HttpClient client()
    {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static AdapterCounters scrape(final HttpClient client, final String url) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /** Parses Prometheus text exposition; lines of other metrics are ignored. */
    static AdapterCounters parse(final String text)
    {
        double received = 0;
        double published = 0;
        final Map<String, Double> dropped = new TreeMap<>();
        for (final String raw : text.split("\n"))
        {
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int brace = line.indexOf('{');
            final int space = line.lastIndexOf(' ');
            if (space < 0)
            {
                continue;
            }
            final String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
            final double value;
            try
            {
                value = Double.parseDouble(line.substring(space + 1));
            }
            catch (final NumberFormatException e)
            {
                continue;
            }
            switch (name)
            {
                case RECEIVED:
                    // inputs only: role="output" counts what was published, as go-choria's does
                    if (!"output".equals(label(line, "role")))
                    {
                        received += value;
                    }
                    break;
                case PUBLISHED: published += value; break;
                case DROPPED: dropped.merge(label(line, "reason"), value, Double::sum); break;
                default: break;
            }
        }
        return new AdapterCounters(received, published, dropped, false);
    }

    private static String label(final String line, final String key)
    {
        final int at = line.indexOf(key + "=\"");
        if (at < 0)
        {
            return "unknown";
        }
        final int from = at + key.length() + 2;
        final int to = line.indexOf('"', from);
        return to < 0 ? "unknown" : line.substring(from, to);
    }

    /**
     * What changed between {@code before} and this scrape; when any total went back (the daemon
     * restarted), this scrape's own figures, which count from the restart, marked {@link #reset()}.
     */
    AdapterCounters minus(final AdapterCounters before)
    {
        return minus(before, false);
    }

    /**
     * As {@link #minus(AdapterCounters)}, for a run in which scrapes between the two may have seen
     * the counters go back ({@code restartedBetween}) though this scrape is above {@code before}.
     */
    AdapterCounters minus(final AdapterCounters before, final boolean restartedBetween)
    {
        final Map<String, Double> delta = new TreeMap<>(dropped);
        if (restartedBetween || wentBackFrom(before))
        {
            // a reason the restarted daemon has not counted yet still shows, as zero
            before.dropped.keySet().forEach(reason -> delta.putIfAbsent(reason, 0.0));
            return new AdapterCounters(received, published, delta, true);
        }
        before.dropped.forEach((reason, value) -> delta.merge(reason, -value, Double::sum));
        return new AdapterCounters(received - before.received, published - before.published, delta, false);
    }

    /** Whether any total is lower here than in {@code earlier}: the daemon restarted in between. */
    boolean wentBackFrom(final AdapterCounters earlier)
    {
        boolean wentBack = received < earlier.received || published < earlier.published;
        for (final Map.Entry<String, Double> e : earlier.dropped.entrySet())
        {
            wentBack |= dropped.getOrDefault(e.getKey(), 0.0) < e.getValue();
        }
        return wentBack;
    }

    double droppedTotal()
    {
        return dropped.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
