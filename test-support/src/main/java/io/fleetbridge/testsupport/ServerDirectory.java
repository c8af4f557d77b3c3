package io.fleetbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * The temporary directory of one test {@code nats-server}: {@code nats.conf}, {@code nats.log}
 * (the process's stdout and stderr, appended across restarts so a failure shows its history)
 * and the JetStream {@code store/}. Lives from the first start to {@code close()}, so a
 * restart finds the same store. Not thread safe (its owner, {@link NatsServer}, serialises
 * access); no threads.
 */
final class ServerDirectory
{
    private static final int LOG_TAIL_LINES = 40;

    private final Path root;

    private ServerDirectory(final Path root)
    {
        this.root = root;
    }

    static ServerDirectory create(final String serverName)
    {
        try
        {
            final ServerDirectory dir = new ServerDirectory(Files.createTempDirectory("nats-" + serverName + "-"));
            Files.createDirectories(dir.store());
            return dir;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot create a temporary directory for nats-server " + serverName, e);
        }
    }

    Path root()
    {
        return root;
    }

    Path config()
    {
        return root.resolve("nats.conf");
    }

    Path log()
    {
        return root.resolve("nats.log");
    }

    Path store()
    {
        return root.resolve("store");
    }

    void writeConfig(final String text)
    {
        try
        {
            Files.writeString(config(), text, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + config(), e);
        }
    }

    /** A marker in the log between runs, so the tail shows which start a line belongs to. */
    void appendToLog(final String line)
    {
        try
        {
            Files.writeString(log(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + log(), e);
        }
    }

    /** The last lines of the log; never throws, since it is called while reporting another failure. */
    String logTail()
    {
        if (!Files.exists(log()))
        {
            return "(no log)";
        }
        try (Stream<String> lines = Files.lines(log(), StandardCharsets.UTF_8))
        {
            final Deque<String> tail = new ArrayDeque<>(LOG_TAIL_LINES);
            lines.forEach(line ->
            {
                if (tail.size() == LOG_TAIL_LINES)
                {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
            return String.join("\n", tail);
        }
        catch (final IOException | UncheckedIOException e)
        {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Deletes everything; best effort, since a leftover temporary file is not worth failing a test over. */
    void delete()
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException e)
        {
            // best effort, see above
        }
    }
}
