package io.fleetbridge.loadgen;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine;

/**
 * Durations on the command line: {@code 300s}, {@code 5m}, {@code 250ms}, {@code 1h},
 * {@code 1.5s}, a bare number meaning seconds, or ISO-8601 ({@code PT5M}).
 */
final class DurationText implements CommandLine.ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        return parse(value);
    }

    static Duration parse(final String value)
    {
        final String t = value.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p"))
        {
            return Duration.parse(value.trim());
        }
        final double nsPerUnit;
        final String number;
        if (t.endsWith("ms"))
        {
            nsPerUnit = 1e6;
            number = t.substring(0, t.length() - 2);
        }
        else if (t.endsWith("us"))
        {
            nsPerUnit = 1e3;
            number = t.substring(0, t.length() - 2);
        }
        else if (t.endsWith("s"))
        {
            nsPerUnit = 1e9;
            number = t.substring(0, t.length() - 1);
        }
        else if (t.endsWith("m"))
        {
            nsPerUnit = 60e9;
            number = t.substring(0, t.length() - 1);
        }
        else if (t.endsWith("h"))
        {
            nsPerUnit = 3600e9;
            number = t.substring(0, t.length() - 1);
        }
        else
        {
            nsPerUnit = 1e9;
            number = t;
        }
        final double amount = Double.parseDouble(number.trim());
        if (!(amount >= 0))
        {
            throw new IllegalArgumentException("duration must not be negative: " + value);
        }
        return Duration.ofNanos((long)(amount * nsPerUnit));
    }

    /** Short text for reports: {@code 1.5 s}, {@code 250 ms}. */
    static String format(final Duration d)
    {
        final long ms = d.toMillis();
        return ms >= 1000 ? (ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0)) : ms + " ms";
    }
}
