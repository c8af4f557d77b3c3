package io.fleetbridge.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.fleet.AdvisorySink;
import io.fleetbridge.fleet.FleetCounters;
import io.fleetbridge.fleet.FleetReader;
import io.fleetbridge.fleet.FleetSettings;
import io.fleetbridge.fleet.FleetSnapshot;
import io.nats.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet}: prints each adapter's fleet (nodes by state, the oldest alive node) and its late
 * and expired nodes with the time since their last registration. It reads the view the way the
 * daemon does, from the output stream (the last message of every node, headers only), so it needs
 * no running daemon and works whether or not {@code fleet.enable} is set; durations come from
 * the {@code fleet.} keys or their defaults. Publishes no advisory. Runs on the caller's thread
 * plus one reader thread per adapter, all closed before it returns.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = {"Prints the fleet: nodes by state and the late or expired ones, read from each adapter's stream."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:a stream could not be read in time", "2:bad command line or configuration"})
final class FleetCommand implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines)")
    private Path config;

    @Option(names = "--adapter", paramLabel = "NAME", description = "Only this adapter")
    private String only;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Late or expired nodes listed per adapter (default ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60", description = "How long to wait for a stream to be read (default ${DEFAULT-VALUE})")
    private int waitSeconds;

    @Override
    public Integer call() throws InterruptedException
    {
        Logging.configure("error", "");
        return print(config, only, limit, Duration.ofSeconds(waitSeconds), System.out);
    }

    static int print(final Path file, final String only, final int limit, final Duration wait, final PrintStream out)
        throws InterruptedException
    {
        final DaemonConfig config;
        final NatsSecurity security;
        try
        {
            config = DaemonConfig.load(file);
            security = NatsSecurity.of(config);
        }
        catch (final ConfigException ex)
        {
            // one line per problem, as run, check and create-stream print them
            for (final String problem : ex.problems())
            {
                out.println("configuration error: " + problem);
            }
            return 2;
        }
        config.warnings().forEach(warning -> out.println("WARNING: " + warning));
        final List<AdapterConfig> chosen = config.adapters().stream().filter(a -> only == null || only.equals(a.name())).toList();
        if (chosen.isEmpty())
        {
            out.println("configuration error: no adapter named " + only + " in " + file + "; it has "
                + config.adapters().stream().map(AdapterConfig::name).toList());
            return 2;
        }
        // judged before any stream is read: over a topic the view cannot read back, it would print a fleet of none
        boolean unreadable = false;
        for (final AdapterConfig adapter : chosen)
        {
            if (!FleetSection.namesTheNode(adapter.streamTopic()))
            {
                out.println("configuration error: the fleet command needs " + ConfigKeys.STREAM_TOPIC.key(adapter.name()) + " "
                    + FleetSection.TOPIC_RULE + "; it is " + adapter.streamTopic());
                unreadable = true;
            }
        }
        if (unreadable)
        {
            return 2;
        }
        int failed = 0;
        for (final AdapterConfig adapter : chosen)
        {
            // a look at the stream, beside a daemon perhaps: never the daemon's state file
            failed += adapter(out, adapter, config.fleetSettings(adapter.name()).withoutStateFile(), security, limit, wait);
        }
        return failed == 0 ? 0 : 1;
    }

    private static int adapter(final PrintStream out, final AdapterConfig adapter, final FleetSettings settings,
        final NatsSecurity security, final int limit, final Duration wait) throws InterruptedException
    {
        final String name = adapter.name();
        final Connection connection;
        try
        {
            connection = ConnectionProbe.connect(adapter.streamServers(), security.stream(name), CheckCommand.CONNECT_TIMEOUT);
        }
        catch (final ConnectionProbe.Failed ex)
        {
            out.println("adapter " + name + ": cannot connect to " + adapter.streamServers() + ": " + ex.getMessage());
            return 1;
        }
        final long startNs = System.nanoTime();
        try (FleetReader reader = new FleetReader(name, connection, adapter.streamTopic(), settings, AdvisorySink.NONE,
            new FleetCounters(), System::currentTimeMillis).start())
        {
            final long deadline = System.nanoTime() + wait.toNanos();
            while (!reader.rebuilt() && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            if (!reader.rebuilt())
            {
                out.println("adapter " + name + ": the stream was not read within " + wait.toSeconds() + "s"
                    + (reader.problem() == null ? "" : ": " + reader.problem()));
                return 1;
            }
            summary(out, name, reader.stream(), settings, reader.snapshot(), (System.nanoTime() - startNs) / 1_000_000, limit);
            return 0;
        }
        finally
        {
            connection.close();
        }
    }

    static void summary(final PrintStream out, final String adapter, final String stream, final FleetSettings settings,
        final FleetSnapshot s, final long readMs, final int limit)
    {
        out.printf(Locale.ROOT, "adapter %s: %d nodes in stream %s (read in %s)%n", adapter, s.known(), stream, GoDuration.format(readMs));
        out.printf(Locale.ROOT, "  alive %d, late %d, expired %d; oldest alive node seen %s ago%n", s.alive(), s.late(), s.expired(),
            FleetPage.age(s.oldestAliveAgeMs()));
        out.printf(Locale.ROOT, "  late after %s, expired after %s%n", GoDuration.format(settings.warnMs()),
            GoDuration.format(settings.inspectMs()));
        final List<FleetSnapshot.Node> silent = s.listed();
        if (silent.isEmpty())
        {
            out.println("  no late or expired node");
            return;
        }
        out.printf(Locale.ROOT, "  %-8s %12s  %s%n", "STATE", "LAST SEEN", "NODE");
        final int printed = Math.min(silent.size(), limit);
        for (int i = 0; i < printed; i++)
        {
            final FleetSnapshot.Node node = silent.get(i);
            out.printf(Locale.ROOT, "  %-8s %12s  %s%n", node.state(), FleetPage.age(s.takenMs() - node.lastSeenMs()) + " ago",
                printable(node.id()));
        }
        // against what was printed: the view lists at most FleetSnapshot.MAX_LISTED, whatever --limit asks
        final long total = s.late() + s.expired();
        if (total > printed)
        {
            out.printf(Locale.ROOT, "  ... %d more%s%n", total - printed,
                limit > printed ? " (the view lists the " + FleetSnapshot.MAX_LISTED + " oldest)" : " (--limit)");
        }
    }

    /**
     * A node id fit for a terminal: control characters written as {@code \\uXXXX}. Our adapter refuses such senders,
     * but the stream may hold subjects the Go adapter wrote (it checks nothing), and an escape sequence in a node's
     * name would otherwise drive the operator's terminal.
     */
    static String printable(final String id)
    {
        StringBuilder out = null;
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            final boolean control = Character.isISOControl(c);
            if (control && out == null)
            {
                out = new StringBuilder(id.length() + 16).append(id, 0, i);
            }
            if (out != null)
            {
                if (control)
                {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                }
                else
                {
                    out.append(c);
                }
            }
        }
        return out == null ? id : out.toString();
    }
}
