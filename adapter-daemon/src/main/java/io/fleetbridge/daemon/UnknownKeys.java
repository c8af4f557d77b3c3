package io.fleetbridge.daemon;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses keys under {@code plugin.choria.adapter.} that no listed adapter reads: a typo in a
 * key, or an adapter configured but not listed in {@code plugin.choria.adapters}; and keys under
 * {@code plugin.fleetbridge.} that are not ours. Either would
 * otherwise be ignored in silence and leave a default in force. Where a known key is within a
 * small edit distance, the problem suggests it; where the adapter names of the list and of the
 * keys disagree by a slip, one problem per adapter suggests the name meant, instead of one per
 * key. Stateless.
 */
final class UnknownKeys
{
    private UnknownKeys()
    {
    }

    /**
     * Notes every unknown key in {@code problems}, in file order.
     *
     * @param skip adapters whose keys are not checked (their type is already refused, or they are the
     *             broker's own: listed in {@code plugin.choria.adapters} but not in our own list)
     * @return the listed adapters that have no keys because their keys carry a near name: their
     *         own "is not set" problems would only repeat the mismatch
     */
    static Set<String> check(final Map<String, String> raw, final String listKey, final List<String> adapters, final Set<String> skip,
        final ConfigProblems problems)
    {
        final List<String> known = new ArrayList<>();
        for (final String adapter : adapters)
        {
            for (final ConfigKey<?> key : ConfigKeys.ADAPTER)
            {
                known.add(key.key(adapter));
            }
        }
        final Map<String, List<String>> unlisted = new LinkedHashMap<>();
        final Set<String> listedWithKeys = new HashSet<>();
        for (final String key : raw.keySet())
        {
            if (key.startsWith(ConfigKey.ADAPTER_PREFIX))
            {
                final String adapter = adapterOf(key);
                if (skip.contains(adapter))
                {
                    continue;
                }
                if (adapters.contains(adapter))
                {
                    listedWithKeys.add(adapter);
                }
                else
                {
                    unlisted.computeIfAbsent(adapter, a -> new ArrayList<>()).add(key);
                }
            }
        }
        final Set<String> misnamed = new HashSet<>();
        final Set<String> explained = new HashSet<>();
        for (final Map.Entry<String, List<String>> keys : unlisted.entrySet())
        {
            final String adapter = keys.getKey();
            final String meant = nearestName(adapter, adapters);
            if (meant == null)
            {
                continue;
            }
            explained.add(adapter);
            final List<String> its = keys.getValue();
            final String what = its.size() == 1 ? its.get(0)
                : ConfigKey.ADAPTER_PREFIX + adapter + ".* (" + its.size() + " keys)";
            if (listedWithKeys.contains(meant))
            {
                problems.add(what + ": adapter " + ConfigException.quote(adapter) + " is not listed in " +
                    listKey + " (" + String.join(", ", adapters) + "); did you mean `" + meant + "`?");
            }
            else
            {
                misnamed.add(meant);
                problems.add(listKey + " lists " + ConfigException.quote(meant) + ", which has no keys, but " +
                    what + " configure adapter " + ConfigException.quote(adapter) + ": did you mean `" + adapter +
                    "`? Spell the adapter the same in both places");
            }
        }
        for (final Map.Entry<String, String> entry : raw.entrySet())
        {
            final String key = entry.getKey();
            if (key.startsWith(ConfigKey.ADAPTER_PREFIX) && !known.contains(key) && !explained.contains(adapterOf(key))
                && !skip.contains(adapterOf(key)))
            {
                problems.add(unknown(key, entry.getValue(), listKey, adapters, known).getMessage());
            }
        }
        return misnamed;
    }

    /** The namespace only this daemon reads (its plugin.d file's keys land there), so every key in it must be known. */
    static final String OWN_PREFIX = "plugin.fleetbridge.";

    /**
     * Notes every key under {@value #OWN_PREFIX} that is not one of ours, in file order: the broker never reads
     * that namespace, so a slip there ({@code stat_port}) would silently leave the broker's own port or log file in
     * force for this daemon.
     */
    static void checkOwn(final Map<String, String> raw, final ConfigProblems problems)
    {
        final List<String> known = new ArrayList<>();
        for (final ConfigKey<?> key : ConfigKeys.GLOBAL)
        {
            if (key.key(null).startsWith(OWN_PREFIX))
            {
                known.add(key.key(null));
            }
        }
        for (final Map.Entry<String, String> entry : raw.entrySet())
        {
            final String key = entry.getKey();
            if (!key.startsWith(OWN_PREFIX) || known.contains(key))
            {
                continue;
            }
            // short names here (stats_port): one slip per three characters, not per five
            final String meant = nearest(key, known, OWN_PREFIX.length(), 3);
            problems.add(ConfigException.unknownKey(key, meant != null
                ? "unknown key; did you mean " + meant + "?"
                : "unknown key; expected one of " + String.join(", ", known)).getMessage());
        }
    }

    /** The listed adapter whose name {@code name} is a slip of, if any. */
    static String nearestName(final String name, final List<String> listed)
    {
        final String best = closest(name, listed);
        // about one slip per three characters: "registraton" is "registration", "other" is not "reg"
        return best != null && editDistance(name, best) <= Math.max(1, Math.min(name.length(), best.length()) / 3) ? best : null;
    }

    private static String adapterOf(final String key)
    {
        final String rest = key.substring(ConfigKey.ADAPTER_PREFIX.length());
        final int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ConfigException unknown(
        final String key, final String value, final String listKey, final List<String> adapters, final List<String> known)
    {
        final String nearest = nearest(key, known);
        if (nearest != null)
        {
            return ConfigException.unknownKey(key, "unknown key; did you mean " + nearest + "?");
        }
        final String rest = key.substring(ConfigKey.ADAPTER_PREFIX.length());
        final int dot = rest.indexOf('.');
        final String adapter = dot < 0 ? rest : rest.substring(0, dot);
        if (!adapters.contains(adapter))
        {
            return ConfigException.unknownKey(key, "adapter " + ConfigException.quote(adapter) +
                " is not listed in " + listKey + " (" + String.join(", ", adapters) + ")");
        }
        final List<String> suffixes = new ArrayList<>();
        for (final ConfigKey<?> candidate : ConfigKeys.ADAPTER)
        {
            suffixes.add(candidate.suffix());
        }
        return ConfigException.unknownKey(key, "unknown key; expected " + ConfigKey.ADAPTER_PREFIX + adapter +
            ". followed by one of " + String.join(", ", suffixes));
    }

    /** The known key closest to {@code key}, if it is close enough to be the intended one. */
    static String nearest(final String key, final List<String> known)
    {
        // about one slip per five characters of the part after the prefix, at least two
        return nearest(key, known, ConfigKey.ADAPTER_PREFIX.length(), 5);
    }

    /** As {@link #nearest(String, List)}, allowing one slip per {@code charsPerSlip} characters after {@code prefixLength}. */
    private static String nearest(final String key, final List<String> known, final int prefixLength, final int charsPerSlip)
    {
        final String best = closest(key, known);
        final int tolerance = Math.max(2, (key.length() - prefixLength) / charsPerSlip);
        return best != null && editDistance(key, best) <= tolerance ? best : null;
    }

    /** The candidate the fewest edits away from {@code text} (the first of equals); null when there is none. */
    private static String closest(final String text, final List<String> candidates)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = editDistance(text, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
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
