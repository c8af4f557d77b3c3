package io.fleetbridge.loadgen;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Durations on the command line, written as Go writes them and the daemon reads them ({@code 300s},
 * {@code 5m}, {@code 1m30s}, {@code 250ms}, {@code 1.5s}, {@code 100us}), plus {@code d} for days
 * ({@code 7d}); a bare number is seconds; ISO-8601 ({@code PT5M}) too. Anything else is refused with
 * the value and what is allowed: a parser that read {@code 7d} as Java's double suffix once made a
 * week's retention seven seconds. Stateless.
 */
final class DurationText implements CommandLine.ITypeConverter<Duration>
{
    static final String EXPECTED = "a duration such as 250ms, 30s, 1m30s, 2h or 7d (a plain number is seconds)";
    private static final Pattern SEGMENT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final Pattern PLAIN = Pattern.compile("\\d+(?:\\.\\d+)?");

    @Override
    public Duration convert(final String value)
    {
        return LoadOptions.converted(() -> parse(value));
    }

    /** @throws IllegalArgumentException naming the value and what is allowed */
    static Duration parse(final String value)
    {
        final String t = value.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p"))
        {
            try
            {
                return Duration.parse(value.trim());
            }
            catch (final RuntimeException ex)
            {
                throw refused(value);
            }
        }
        if (PLAIN.matcher(t).matches())
        {
            return ofUnits(t, 1e9, value);
        }
        final Matcher segment = SEGMENT.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length())
        {
            if (!segment.find(at) || segment.start() != at)
            {
                throw refused(value);
            }
            total = total.plus(ofUnits(segment.group(1), nsPerUnit(segment.group(2)), value));
            at = segment.end();
        }
        if (at == 0)
        {
            throw refused(value);
        }
        return total;
    }

    private static double nsPerUnit(final String unit)
    {
        switch (unit)
        {
            case "ns": return 1;
            case "us":
            case "µs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            case "h": return 3600e9;
            default: return 86_400e9; // d
        }
    }

    private static Duration ofUnits(final String number, final double nsPerUnit, final String value)
    {
        final double ns = Double.parseDouble(number) * nsPerUnit;
        if (ns >= Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("'" + value + "' is too long a duration");
        }
        return Duration.ofNanos((long)ns);
    }

    private static IllegalArgumentException refused(final String value)
    {
        return new IllegalArgumentException("'" + value + "' is not " + EXPECTED);
    }

    /** Short text for reports: {@code 1.5 s}, {@code 250 ms}. */
    static String format(final Duration d)
    {
        final long ms = d.toMillis();
        return ms >= 1000 ? (ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0)) : ms + " ms";
    }
}
