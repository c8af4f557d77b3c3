package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Choria configuration file format, read the way the Choria Broker reads it: one
 * {@code key = value} per line (spaces around the {@code =} optional), {@code #} starts a comment
 * line, blank lines and surrounding whitespace are ignored, and a key given twice takes its later
 * value.
 *
 * <p>As go-choria's {@code parseConfigContents} (config/util.go), whose pattern needs at least
 * one character after the {@code =}, a line {@code key =} with nothing after it is ignored: it
 * neither sets nor unsets the key, so an earlier value stays in force. A line without {@code =}
 * is an error here (Choria skips it in silence); its text is not echoed, because it may hold a
 * password.
 *
 * <p>Beside the file, every {@code plugin.d/<plugin>.cfg} is merged after it, in file name order,
 * each of its lines read as {@code plugin.<plugin>.key = value}, so a value there wins over the
 * main file's (go-choria config/config.go {@code loadConfigFiles}, then {@code parseAllDotCfg} and
 * {@code parseDotConfFile} in config/util.go; {@code os.ReadDir} lists names in order). As
 * {@code dotdDir} does, the directory is not read when the file lies under {@code $HOME}: a user's
 * own file does not pick up a system's plugins ({@link #underHome} says how ours differs). Choria
 * also lists {@code *.conf} there but then reads only the {@code <plugin>.cfg} of the same name, so
 * only {@code *.cfg} files count.
 *
 * <p>Choria's own settings (a field of its configuration: {@code plugin.nats.user},
 * {@code plugin.security.provider}, ...) come only from the file and {@code plugin.d/choria.cfg}:
 * {@code parseAllDotCfg} sets fields from {@code choria.cfg} alone, and another file's lines only
 * become options that plugins look up. So a key of {@link ConfigKeys#GLOBAL} in any other
 * {@code plugin.d} file (say {@code user = u} in {@code nats.cfg}) is skipped, as the broker skips it,
 * and named to the caller who asks; {@code plugin.d/fleetbridge.cfg} holds our own keys and is read whole.
 * Stateless; the returned map keeps the keys in the order they were last set.
 */
public final class ConfigFile
{
    /** The directory beside the configuration file whose {@code *.cfg} files are merged. */
    public static final String PLUGIN_DIRECTORY = "plugin.d";

    private ConfigFile()
    {
    }

    /** Reads {@code path} as UTF-8, then the {@code plugin.d/*.cfg} files beside it. */
    public static Map<String, String> read(final Path path)
    {
        return read(path, System.getenv("HOME"));
    }

    /** As {@link #read(Path)}; {@code skipped} gets a sentence for each setting of Choria's that a {@code plugin.d} file sets in vain. */
    public static Map<String, String> read(final Path path, final List<String> skipped)
    {
        return read(path, System.getenv("HOME"), skipped);
    }

    /** As {@link #read(Path)}, with the home directory under which {@code plugin.d} is not read. */
    static Map<String, String> read(final Path path, final String home)
    {
        return read(path, home, new ArrayList<>());
    }

    static Map<String, String> read(final Path path, final String home, final List<String> skipped)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final Path file : files(path, home))
        {
            final String name = file.getFileName().toString();
            final String plugin = name.substring(0, name.length() - ".cfg".length());
            final String prefix = file.equals(path) ? "" : "plugin." + plugin + ".";
            final Map<String, String> read = new LinkedHashMap<>();
            parseInto(read, readLines(file), file.toString(), prefix);
            if (!file.equals(path) && !plugin.equals("choria") && !plugin.equals("fleetbridge"))
            {
                for (final ConfigKey<?> key : ConfigKeys.GLOBAL)
                {
                    if (read.remove(key.key(null)) != null)
                    {
                        skipped.add(file + " sets " + key.key(null) + ", which is ignored: the Choria Broker reads its own settings "
                            + "only from " + path.getFileName() + " and " + PLUGIN_DIRECTORY + "/choria.cfg; set it in " + path.getFileName());
                    }
                }
            }
            read.forEach((key, value) -> {
                values.remove(key);
                values.put(key, value);
            });
        }
        return Collections.unmodifiableMap(values);
    }

    /** Every file {@link #read(Path)} reads, in order: {@code path} first, then its {@code plugin.d/*.cfg}. */
    public static List<Path> files(final Path path)
    {
        return files(path, System.getenv("HOME"));
    }

    static List<Path> files(final Path path, final String home)
    {
        final List<Path> files = new ArrayList<>();
        files.add(path);
        final Path absolute = path.toAbsolutePath().normalize();
        if (underHome(absolute, home))
        {
            return files;
        }
        final Path directory = absolute.resolveSibling(PLUGIN_DIRECTORY);
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        final List<Path> plugins = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.cfg"))
        {
            for (final Path file : listing)
            {
                plugins.add(file);
            }
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot list " + directory + ": " + ex, ex);
        }
        plugins.sort(null);
        for (final Path plugin : plugins)
        {
            files.add(path.resolveSibling(PLUGIN_DIRECTORY).resolve(plugin.getFileName()));
        }
        return files;
    }

    /**
     * Whether {@code file} lies under the user's home directory, where Choria does not read
     * {@code plugin.d}. Unlike Go's plain string prefix, whole path components are compared, and
     * a home of {@code /} (what systemd gives a {@code DynamicUser=} service) is no one's home:
     * it would otherwise cover every file.
     */
    private static boolean underHome(final Path file, final String home)
    {
        if (home == null || home.isEmpty())
        {
            return false;
        }
        final Path homePath = Path.of(home).toAbsolutePath().normalize();
        return homePath.getParent() != null && file.startsWith(homePath);
    }

    /** Parses the lines of a file; {@code source} names it in errors. */
    public static Map<String, String> parse(final List<String> lines, final String source)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        parseInto(values, lines, source, "");
        return Collections.unmodifiableMap(values);
    }

    private static List<String> readLines(final Path path)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read configuration file " + path + ": " + ex, ex);
        }
        return lines(bytes, path.toString());
    }

    /**
     * The lines of a file as UTF-8, ended by {@code \n}, {@code \r\n} or {@code \r} as
     * {@code Files.readAllLines} ends them. A comment may hold bytes that are not UTF-8 (it is
     * ignored, and Choria reads bytes); any other line is refused by its number, since a value
     * read with a replaced byte would be another value, and its text is not echoed.
     */
    static List<String> lines(final byte[] bytes, final String source)
    {
        final List<String> lines = new ArrayList<>();
        final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i <= bytes.length; i++)
        {
            if (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r')
            {
                continue;
            }
            if (i == bytes.length && start == bytes.length)
            {
                break; // the file ends with a line break, or is empty
            }
            // UTF-8 never gives more chars than bytes; on an error, in and out stop at the byte and the column
            final ByteBuffer in = ByteBuffer.wrap(bytes, start, i - start);
            final CharBuffer out = CharBuffer.allocate(i - start);
            if (!strict.reset().decode(in, out, true).isError())
            {
                lines.add(out.flip().toString());
            }
            else
            {
                final String replaced = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (!replaced.strip().startsWith("#"))
                {
                    throw new ConfigException(source + " line " + (lines.size() + 1) + " is not UTF-8 text (byte 0x"
                        + String.format("%02X", bytes[in.position()] & 0xff) + " at column " + (out.position() + 1)
                        + "): save the file as UTF-8, e.g. with iconv -f latin1 -t utf-8");
                }
                lines.add(replaced);
            }
            if (i + 1 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                i++;
            }
            start = i + 1;
        }
        return lines;
    }

    private static void parseInto(final Map<String, String> values, final List<String> lines, final String source, final String prefix)
    {
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
            final String key = prefix + text.substring(0, equals).strip();
            final String value = text.substring(equals + 1).strip();
            if (!value.isEmpty())
            {
                // remove first so that a repeated key moves to where it was last set
                values.remove(key);
                values.put(key, value);
            }
        }
    }
}
