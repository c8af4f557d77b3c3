package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurements of one scenario run, written as {@code target/reliability/<id>.json} for
 * {@link ReliabilityDoc} to assemble into {@code docs/reliability.md}. Filled by the test thread.
 */
final class ScenarioReport
{
    static final Path DIRECTORY = Path.of(System.getProperty("fleetbridge.reliabilityDir", "target/reliability"));

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Long> dropped = new LinkedHashMap<>();

    /**
     * @param id file name and sort key, e.g. {@code 01-jetstream-killed}
     * @param setup the servers and settings, e.g. {@code single JetStream server, 2,000 inputs/s}
     */
    ScenarioReport(final String id, final String title, final String setup)
    {
        fields.put("id", id);
        fields.put("title", title);
        fields.put("setup", setup);
        for (final DropReason reason : DropReason.values())
        {
            dropped.put(reason.label(), 0L);
        }
    }

    ScenarioReport sent(final long sent)
    {
        fields.put("sent", sent);
        return this;
    }

    /** Received, published, acknowledged duplicates and drops by reason, from the daemon's counters. */
    ScenarioReport counters(final AdapterMetrics metrics)
    {
        fields.put("received", metrics.received.sum());
        fields.put("published", metrics.published.sum());
        fields.put("ackedDuplicates", metrics.duplicates.sum());
        fields.put("retries", metrics.retries.sum());
        for (final DropReason reason : DropReason.values())
        {
            dropped.put(reason.label(), metrics.dropped(reason).sum());
        }
        return this;
    }

    ScenarioReport counters(final long received, final long published, final long ackedDuplicates, final Map<String, Long> drops)
    {
        fields.put("received", received);
        fields.put("published", published);
        fields.put("ackedDuplicates", ackedDuplicates);
        dropped.putAll(drops);
        return this;
    }

    ScenarioReport stream(final StreamLedger ledger)
    {
        fields.put("landed", (long)ledger.landed());
        fields.put("duplicatesInStream", (long)ledger.duplicates());
        return this;
    }

    ScenarioReport recovery(final long millis, final String measuredFrom)
    {
        fields.put("recoveryMs", millis);
        fields.put("recoveryFrom", measuredFrom);
        return this;
    }

    /** Any further measurement, shown as a row of its own. */
    ScenarioReport measure(final String name, final Object value)
    {
        fields.put(name, value);
        return this;
    }

    /** Puts the scenario under a heading of its own in the document, e.g. {@code Hostile input}. */
    ScenarioReport section(final String heading)
    {
        fields.put("section", heading);
        return this;
    }

    ScenarioReport shows(final String text)
    {
        fields.put("shows", text);
        return this;
    }

    void write()
    {
        final StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> member(json, key, value));
        json.append("\"dropped\":{");
        dropped.forEach((reason, count) -> member(json, reason, count));
        json.setLength(json.length() - 1);
        json.append("}}\n");
        try
        {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(fields.get("id") + ".json"), json, StandardCharsets.UTF_8);
            ReliabilityDoc.writeIfRequested();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void member(final StringBuilder json, final String key, final Object value)
    {
        json.append('"').append(key).append("\":");
        if (value instanceof Number)
        {
            json.append(value);
        }
        else
        {
            json.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        json.append(',');
    }
}
