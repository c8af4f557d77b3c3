package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Choria configuration file format: one {@code key = value} per line (spaces around the
 * {@code =} optional), {@code #} starts a comment line, blank lines and surrounding whitespace
 * are ignored, and a key given twice takes its later value.
 *
 * <p>A key with nothing after the {@code =} is read as not set, as the Choria Broker does. A line
 * without {@code =} is an error; its text is not echoed, because it may hold a password.
 * Stateless; the returned map keeps the keys in file order.
 */
public final class ConfigFile
{
    private ConfigFile()
    {
    }

    /** Reads {@code path} as UTF-8. */
    public static Map<String, String> read(final Path path)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read configuration file " + path + ": " + ex, ex);
        }
        return parse(lines, path.toString());
    }

    /** Parses the lines of a file; {@code source} names it in errors. */
    public static Map<String, String> parse(final List<String> lines, final String source)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        int number = 0;
        for (final String line : lines)
        {
            number++;
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("#"))
            {
                continue;
            }
            final int equals = text.indexOf('=');
            if (equals <= 0)
            {
                throw new ConfigException(source + " line " + number + ": expected key = value" +
                    (equals == 0 ? ", found no key before \"=\"" : ", found no \"=\""));
            }
            final String key = text.substring(0, equals).strip();
            final String value = text.substring(equals + 1).strip();
            if (value.isEmpty())
            {
                values.remove(key);
            }
            else
            {
                // remove first so that a repeated key moves to where it was last set
                values.remove(key);
                values.put(key, value);
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
