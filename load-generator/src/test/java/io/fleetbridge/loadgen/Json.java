package io.fleetbridge.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.dslplatform.json.DslJson;

/** Test-side JSON reading, independent of the generator's own writers. */
final class Json
{
    private static final DslJson<Object> DSL = new DslJson<>();

    private Json()
    {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final byte[] json)
    {
        try
        {
            final Object parsed = DSL.deserialize(Map.class, json, json.length);
            return (Map<String, Object>)parsed;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    static Map<String, Object> object(final String json)
    {
        return object(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(final Map<String, Object> parent, final String key)
    {
        return (Map<String, Object>)parent.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(final Map<String, Object> parent, final String key)
    {
        return (List<Object>)parent.get(key);
    }

    static String string(final Map<String, Object> parent, final String key)
    {
        return (String)parent.get(key);
    }

    static long number(final Map<String, Object> parent, final String key)
    {
        return ((Number)parent.get(key)).longValue();
    }

    static byte[] base64(final Map<String, Object> parent, final String key)
    {
        return Base64.getDecoder().decode(string(parent, key));
    }
}
