package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fleetbridge.adapter.AdapterConfig;

/**
 * The time systemd gives the daemon to stop, set against what a stop may take. On SIGTERM every
 * adapter drains in parallel for up to its {@code drain_timeout}; when the unit's
 * {@code TimeoutStopSec} runs out first, systemd kills the JVM mid-drain and the messages still
 * in the ring (taken off the ingest subject, not yet acknowledged) are lost without being
 * counted. {@code check} warns before a rollout, against the unit as installed ({@link #installed}:
 * the unit file and its drop-ins, so that a raised {@code TimeoutStopSec} silences the warning),
 * else against the shipped unit, whose value a test holds equal to
 * {@code dist/systemd/fleetbridge.service}. Stateless.
 */
final class StopTimeout
{
    /** {@code TimeoutStopSec} of the shipped systemd unit, in milliseconds. */
    static final long SHIPPED_UNIT_MS = 60_000;
    /** systemd's {@code DefaultTimeoutStopSec}, for an installed unit that sets none. */
    static final long SYSTEMD_DEFAULT_MS = 90_000;
    /**
     * What a stop may take beyond the longest {@code drain_timeout}: up to 5 s for a connection
     * attempt in progress to give up before the drain starts, 5 s for abandoned publishes to
     * settle after it, then the publisher threads, the connections and the endpoints to close.
     */
    static final long MARGIN_MS = 20_000;
    /** Where systemd finds the unit, the administrator's directory first. */
    static final List<Path> UNIT_DIRS = List.of(Path.of("/etc/systemd/system"), Path.of("/usr/lib/systemd/system"),
        Path.of("/lib/systemd/system"));
    static final String UNIT = "fleetbridge.service";

    private static final Pattern SETTING = Pattern.compile("^\\s*(TimeoutStopSec|TimeoutSec)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern SPAN_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    /** A stop timeout and where it was read. */
    record Limit(long ms, String source)
    {
    }

    /** The shipped unit's limit. */
    static final Limit SHIPPED = new Limit(SHIPPED_UNIT_MS, "the shipped systemd unit");

    private StopTimeout()
    {
    }

    /** The longest a stop of {@code adapter} may take. */
    static long worstCaseMs(final AdapterConfig adapter)
    {
        return adapter.drainTimeoutMs() + MARGIN_MS;
    }

    /**
     * The limit of the unit installed in the first of {@code dirs} that has {@value #UNIT}: its last {@code TimeoutStopSec}
     * (or {@code TimeoutSec}), drop-ins ({@code UNIT.d/*.conf} of every directory, in name order) after the file;
     * systemd's default when none sets one; {@link #SHIPPED} when no unit is installed or it cannot be read.
     */
    static Limit installed(final List<Path> dirs)
    {
        final Path unit = dirs.stream().map(dir -> dir.resolve(UNIT)).filter(Files::isRegularFile).findFirst().orElse(null);
        if (unit == null)
        {
            return SHIPPED;
        }
        try
        {
            final List<Path> files = new ArrayList<>(List.of(unit));
            final List<Path> dropIns = new ArrayList<>();
            for (final Path dir : dirs)
            {
                final Path d = dir.resolve(UNIT + ".d");
                if (Files.isDirectory(d))
                {
                    try (Stream<Path> list = Files.list(d))
                    {
                        list.filter(p -> p.getFileName().toString().endsWith(".conf")).forEach(dropIns::add);
                    }
                }
            }
            dropIns.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            files.addAll(dropIns);
            Limit limit = new Limit(SYSTEMD_DEFAULT_MS, unit + " (systemd's default)");
            for (final Path file : files)
            {
                for (final String line : Files.readAllLines(file))
                {
                    final Matcher setting = SETTING.matcher(line);
                    if (setting.matches())
                    {
                        final long ms = spanMs(setting.group(2));
                        if (ms >= 0)
                        {
                            limit = new Limit(ms, file.toString());
                        }
                    }
                }
            }
            return limit;
        }
        catch (final IOException | RuntimeException ex)
        {
            return SHIPPED;
        }
    }

    /** A systemd time span ({@code 90}, {@code 90s}, {@code 2min 30s}, {@code infinity}) in ms; -1 when it is not one. */
    static long spanMs(final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("infinity"))
        {
            return Long.MAX_VALUE;
        }
        final Matcher part = SPAN_PART.matcher(v);
        double ms = 0;
        int at = 0;
        while (at < v.length())
        {
            if (!part.find(at) || part.start() != at)
            {
                return -1;
            }
            final double unitMs = unitMs(part.group(2));
            if (unitMs < 0)
            {
                return -1;
            }
            ms += Double.parseDouble(part.group(1)) * unitMs;
            at = part.end();
            while (at < v.length() && v.charAt(at) == ' ')
            {
                at++;
            }
        }
        return at == 0 ? -1 : (long)ms;
    }

    private static double unitMs(final String unit)
    {
        switch (unit)
        {
            case "": case "s": case "sec": case "second": case "seconds": return 1000;
            case "ms": case "msec": return 1;
            case "us": case "usec": return 0.001;
            case "m": case "min": case "minute": case "minutes": return 60_000;
            case "h": case "hr": case "hour": case "hours": return 3_600_000;
            case "d": case "day": case "days": return 86_400_000;
            default: return -1;
        }
    }

    /** A warning when {@code adapter}'s drain may outlast the shipped unit's stop timeout; null when it fits. */
    static String warning(final AdapterConfig adapter)
    {
        return warning(adapter, SHIPPED);
    }

    /** A warning when {@code adapter}'s drain may outlast {@code limit}; null when it fits. */
    static String warning(final AdapterConfig adapter, final Limit limit)
    {
        final long neededMs = worstCaseMs(adapter);
        if (neededMs <= limit.ms())
        {
            return null;
        }
        final long neededSec = (neededMs + 999) / 1000;
        return "adapter " + adapter.name() + ": " + ConfigKeys.DRAIN_TIMEOUT.key(adapter.name()) + " = " +
            GoDuration.format(adapter.drainTimeoutMs()) + ", plus up to " + GoDuration.format(MARGIN_MS) +
            " to close, is longer than " + limit.source() + " allows a stop (TimeoutStopSec=" + limit.ms() / 1000 +
            "): systemd would kill the drain and the messages it still holds would be lost uncounted; set TimeoutStopSec=" +
            neededSec + " or more in the unit, or lower the drain_timeout";
    }
}
