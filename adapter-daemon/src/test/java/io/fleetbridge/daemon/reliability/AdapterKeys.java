package io.fleetbridge.daemon.reliability;

import io.fleetbridge.daemon.DaemonConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Choria configuration of a daemon with one adapter {@code reg} for a scenario, with subjects
 * and the stream name unique to the run. Tests override keys with {@link #set} before building.
 * Not thread safe.
 */
final class AdapterKeys
{
    static final String PREFIX = "plugin.choria.adapter.reg.";

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String ingestSubject = "in." + id;
    final String streamSubjects = "out." + id + ".>";
    final String stream = "REG_" + id;
    private final Map<String, String> keys = new LinkedHashMap<>();

    /**
     * The ingest subscriptions one daemon with these keys holds: {@code ingest.workers}, as the adapter
     * caps it at one per processor (so 1 on a single-processor runner).
     */
    int ingestSubscriptions()
    {
        return DaemonConfig.parse(map()).adapters().get(0).ingestWorkersRunning();
    }

    AdapterKeys(final String ingestServers, final String streamServers)
    {
        keys.put("identity", "reliability");
        keys.put("plugin.choria.adapters", "reg");
        keys.put(PREFIX + "type", "jetstream");
        keys.put(PREFIX + "ingest.topic", ingestSubject);
        keys.put(PREFIX + "ingest.protocol", "request");
        keys.put(PREFIX + "ingest.workers", "2");
        keys.put(PREFIX + "ingest.servers", ingestServers);
        keys.put(PREFIX + "stream.servers", streamServers);
        keys.put(PREFIX + "stream.topic", "out." + id + ".%s");
        keys.put(PREFIX + "stream.workers", "2");
        // shorter than the 2 s default so a stall is detected (and recovered from) within a short test
        keys.put(PREFIX + "stream.ack_timeout", "500ms");
    }

    /** Sets an adapter key ({@code queue_len}) or, when it contains {@code plugin.} or is {@code identity}, a global one. */
    AdapterKeys set(final String key, final String value)
    {
        keys.put(key.startsWith("plugin.") || key.equals("identity") ? key : PREFIX + key, value);
        return this;
    }

    Map<String, String> map()
    {
        return new LinkedHashMap<>(keys);
    }

    /** The file form: {@code key = value} lines. */
    String file()
    {
        final StringBuilder text = new StringBuilder();
        keys.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }
}
