package io.fleetbridge.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: every adapter in the file until SIGINT or SIGTERM, then a drain (stop ingest,
 * wait for acknowledgements up to each adapter's {@code drain_timeout}, log what could not be
 * delivered) and exit 0. A bad configuration exits 2 with one line that names the key. An adapter
 * that can no longer run (a connection the client closed for good after a server refused its
 * credentials, or a failed start-up) stops the daemon the same way, draining, with exit status 1, so
 * that a service manager restarts it and the fixed credentials or server are read anew.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Runs every configured adapter until SIGINT/SIGTERM, then drains and exits 0.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by a signal after draining", "2:bad command line or configuration",
        "1:failed to start, or an adapter could not go on (a server refused its credentials)"})
final class RunCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines)")
    private Path config;

    @Override
    public Integer call() throws Exception
    {
        return run(config);
    }

    static int run(final Path config) throws InterruptedException
    {
        final DaemonConfig daemonConfig;
        try
        {
            daemonConfig = DaemonConfig.load(config);
            Logging.configure(daemonConfig);
        }
        catch (final ConfigException ex)
        {
            for (final String problem : ex.problems())
            {
                System.err.println("configuration error: " + problem);
            }
            return 2;
        }

        final JvmFailure jvm = new JvmFailure();
        Thread.setDefaultUncaughtExceptionHandler(jvm);
        final Daemon daemon;
        try
        {
            daemon = Daemon.start(daemonConfig, jvm);
        }
        catch (final ConfigException ex)
        {
            LOG.error("configuration error: {}", ex.getMessage());
            System.err.println("configuration error: " + ex.getMessage());
            return 2;
        }
        catch (final Exception ex)
        {
            LOG.error("failed to start: {}", ex.getMessage(), ex);
            return 1;
        }
        final AtomicInteger status = new AtomicInteger(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stop requested: draining");
            daemon.close();
            LOG.info("stopped");
            Logging.flush();
            // The JVM would report a signal exit (143); a drained stop is a clean stop, unless an adapter could not go on.
            Runtime.getRuntime().halt(status.get());
        }, "fleetbridge-shutdown"));
        final String reason = daemon.awaitFatal();
        // a connection jnats gave up on stays closed: exit with a failure, so that a service manager starts the daemon anew
        LOG.error("stopping with exit status 1, so that a service manager restarts the daemon: {}", reason);
        status.set(1);
        System.exit(1);
        return 1;
    }
}
