package io.fleetbridge.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the {@code nats-server} executable: the path in the {@value #ENV} environment variable,
 * else the first {@code nats-server} on {@code PATH}, else in the system directories that Debian's
 * package installs it to and a normal user's {@code PATH} leaves out ({@code /usr/sbin}).
 *
 * <p>A missing binary is a failure, never a skip: integration tests that silently skip prove
 * nothing. Stateless and thread safe; no threads.
 */
public final class NatsServerBinary
{
    /** Environment variable naming the nats-server executable. */
    public static final String ENV = "NATS_SERVER";

    static final String NOT_FOUND = "nats-server not found: install it (Debian/Ubuntu: sudo apt-get install"
        + " nats-server) or set " + ENV + " to its path";

    private NatsServerBinary()
    {
    }

    /**
     * @return the executable to run
     * @throws IllegalStateException if none is found, with instructions to install one
     */
    public static Path locate()
    {
        return locate(System.getenv(ENV), System.getenv("PATH"));
    }

    static Path locate(final String configured, final String searchPath)
    {
        return locate(configured, searchPath, SYSTEM_DIRECTORIES);
    }

    /**
     * Where Debian's package installs it ({@code /usr/sbin}), and the other system directories a normal user's
     * {@code PATH} leaves out: a plain {@code mvn verify} after {@code apt-get install nats-server} finds it there.
     */
    static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    static Path locate(final String configured, final String searchPath, final List<String> systemDirectories)
    {
        if (configured != null && !configured.isBlank())
        {
            final Path path = Paths.get(configured.trim());
            if (Files.isExecutable(path) && !Files.isDirectory(path))
            {
                return path;
            }
            throw new IllegalStateException(NOT_FOUND + " (" + ENV + "=" + configured + " is not an executable file)");
        }
        final List<String> directories = new ArrayList<>();
        if (searchPath != null)
        {
            directories.addAll(Arrays.asList(searchPath.split(File.pathSeparator)));
        }
        directories.addAll(systemDirectories);
        for (final String dir : directories)
        {
            if (dir.isEmpty())
            {
                continue;
            }
            final Path candidate = Paths.get(dir, "nats-server");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(NOT_FOUND);
    }
}
