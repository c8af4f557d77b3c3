package io.fleetbridge.daemon;

import java.util.LinkedHashMap;
import java.util.Map;

/** The keys of a valid configuration with one adapter, {@code reg}, for tests that parse one and contact no server. */
final class OneAdapterKeys
{
    private OneAdapterKeys()
    {
    }

    /** Those keys, then {@code keyValues} (key, value, key, value, ...), which may replace them. */
    static Map<String, String> with(final String... keyValues)
    {
        final Map<String, String> raw = new LinkedHashMap<>();
        raw.put("plugin.choria.adapters", "reg");
        raw.put("plugin.choria.adapter.reg.type", "jetstream");
        raw.put("plugin.choria.adapter.reg.stream.servers", "stream1:4222");
        raw.put("plugin.choria.adapter.reg.ingest.topic", "choria.broadcast.agent.registration");
        raw.put("plugin.choria.middleware_hosts", "broker1:4222");
        for (int i = 0; i < keyValues.length; i += 2)
        {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        return raw;
    }
}
