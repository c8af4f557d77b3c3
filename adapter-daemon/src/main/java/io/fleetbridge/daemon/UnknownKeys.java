package io.fleetbridge.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses keys under {@code plugin.choria.adapter.} that no listed adapter reads: a typo in a
 * key, or an adapter configured but not listed in {@code plugin.choria.adapters}. Either would
 * otherwise be ignored in silence and leave a default in force. Where a known key is within a
 * small edit distance, the error suggests it. Stateless.
 */
final class UnknownKeys
{
    private UnknownKeys()
    {
    }

    /** @throws ConfigException naming the first unknown key in file order */
    static void check(final Map<String, String> raw, final List<String> adapters)
    {
        final List<String> known = new ArrayList<>();
        for (final String adapter : adapters)
        {
            for (final ConfigKey<?> key : ConfigKeys.ADAPTER)
            {
                known.add(key.key(adapter));
            }
        }
        for (final Map.Entry<String, String> entry : raw.entrySet())
        {
            final String key = entry.getKey();
            if (key.startsWith(ConfigKey.ADAPTER_PREFIX) && !known.contains(key))
            {
                throw unknown(key, entry.getValue(), adapters, known);
            }
        }
    }

    private static ConfigException unknown(
        final String key, final String value, final List<String> adapters, final List<String> known)
    {
        final String nearest = nearest(key, known);
        if (nearest != null)
        {
            return ConfigException.badValue(key, value, "unknown key; did you mean " + nearest + "?");
        }
        final String rest = key.substring(ConfigKey.ADAPTER_PREFIX.length());
        final int dot = rest.indexOf('.');
        final String adapter = dot < 0 ? rest : rest.substring(0, dot);
        if (!adapters.contains(adapter))
        {
            return ConfigException.badValue(key, value, "adapter " + ConfigException.quote(adapter) +
                " is not listed in " + ConfigKeys.ADAPTERS.suffix() + " (" + String.join(", ", adapters) + ")");
        }
        final List<String> suffixes = new ArrayList<>();
        for (final ConfigKey<?> candidate : ConfigKeys.ADAPTER)
        {
            suffixes.add(candidate.suffix());
        }
        return ConfigException.badValue(key, value, "unknown key; expected " + ConfigKey.ADAPTER_PREFIX + adapter +
            ". followed by one of " + String.join(", ", suffixes));
    }

    /** The known key closest to {@code key}, if it is close enough to be the intended one. */
    static String nearest(final String key, final List<String> known)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : known)
        {
            final int distance = editDistance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // about one slip per five characters of the part after the prefix, at least two
        final int tolerance = Math.max(2, (key.length() - ConfigKey.ADAPTER_PREFIX.length()) / 5);
        return bestDistance <= tolerance ? best : null;
    }

    /** Levenshtein distance, with a swap of neighbours counted as one edit. */
    static int editDistance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
