package io.fleetbridge.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code java -jar adapter-daemon.jar --config FILE}.
 *
 * <p>Runs until SIGINT or SIGTERM, then drains (stops ingest, waits for acknowledgements up to
 * each adapter's {@code drain_timeout}, logs what could not be delivered) and exits 0. A bad
 * configuration exits 2 with one line that names the key.
 */
@Command(
    name = "adapter-daemon",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
        "Moves Choria registration (or reply) traffic from a NATS subject into NATS JetStream,",
        "acknowledged, de-duplicated by Nats-Msg-Id, and accounted for.",
        "",
        "Reads the Choria Broker's adapter keys (plugin.choria.adapters, plugin.choria.adapter.<name>.*);",
        "see docs/configuration.md for every key. Stops cleanly on SIGINT/SIGTERM."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by a signal after draining", "2:bad command line or configuration", "1:failed to start"})
public final class Main implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines)")
    private Path config;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final DaemonConfig daemonConfig;
        try
        {
            daemonConfig = DaemonConfig.load(config);
        }
        catch (final ConfigException ex)
        {
            System.err.println("configuration error: " + ex.getMessage());
            return 2;
        }
        Logging.configure(daemonConfig);

        final Daemon daemon;
        try
        {
            daemon = Daemon.start(daemonConfig);
        }
        catch (final Exception ex)
        {
            LOG.error("failed to start: {}", ex.getMessage(), ex);
            return 1;
        }
        final CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stop requested: draining");
            daemon.close();
            LOG.info("stopped");
            Logging.flush();
            // The JVM would report a signal exit (143); a drained stop is a clean stop.
            Runtime.getRuntime().halt(0);
        }, "fleetbridge-shutdown"));
        forever.await();
        return 0;
    }

    /** Prints the version from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"fleetbridge adapter-daemon " + Version.current()};
        }
    }
}
