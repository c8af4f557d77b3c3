package io.fleetbridge.daemon;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration as the daemon will use it: every key of the table with its value from the
 * file, or its default marked as such, so an operator sees what an unset key means. Passwords
 * are shown as set or not, never their value. Stateless.
 */
final class EffectiveConfiguration
{
    private static final Set<ConfigKey<?>> SECRETS = Set.of(ConfigKeys.NATS_PASS, ConfigKeys.INGEST_PASS, ConfigKeys.STREAM_PASS);

    private EffectiveConfiguration()
    {
    }

    /** One {@code key = value} line per key, global keys first, then each adapter's. */
    static String render(final Map<String, String> raw, final List<String> adapters)
    {
        return render(raw, adapters, Map.of());
    }

    /** As {@link #render(Map, List)}, with a comment after the lines of the keys in {@code notes} (what a value resolved to). */
    static String render(final Map<String, String> raw, final List<String> adapters, final Map<String, String> notes)
    {
        final StringBuilder out = new StringBuilder(4096);
        for (final ConfigKey<?> key : ConfigKeys.GLOBAL)
        {
            line(out, raw, key, null, notes);
        }
        for (final String adapter : adapters)
        {
            out.append('\n');
            for (final ConfigKey<?> key : ConfigKeys.ADAPTER)
            {
                line(out, raw, key, adapter, notes);
            }
        }
        return out.toString();
    }

    private static void line(
        final StringBuilder out, final Map<String, String> raw, final ConfigKey<?> key, final String adapter, final Map<String, String> notes)
    {
        final String name = key.key(adapter);
        final String value = raw.get(name);
        out.append(name).append(" = ");
        if (value != null && !value.isBlank())
        {
            out.append(SECRETS.contains(key) ? "(set, hidden)" : value.strip());
            final String note = notes.get(name);
            if (note != null)
            {
                out.append("   # ").append(note);
            }
            out.append('\n');
        }
        else if (key.literalDefault())
        {
            out.append(key.defaultText()).append("   # default\n");
        }
        else
        {
            out.append("   # not set: ").append(key.defaultText() == null ? "required" : key.defaultText().replace("`", "")).append('\n');
        }
    }
}
