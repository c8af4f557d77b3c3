package io.fleetbridge.daemon;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.StreamCheck;
import io.fleetbridge.fleet.FleetSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: validates a configuration before a rollout. Checks every key and the files
 * they name, prints the effective configuration with defaults, then connects to each
 * adapter's ingest and stream servers with the configured TLS and credentials and reports
 * whether a JetStream stream captures the adapter's output subjects. Runs on the caller's
 * thread; every connection it opens is closed before it returns.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = {"Validates a configuration before a rollout.",
        "Prints the effective configuration with its defaults, then connects to each server of every list and reports, per "
            + "adapter, whether a stream captures its output."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no problem found", "1:a server could not be reached or no stream captures an output",
        "2:bad command line or configuration"})
final class CheckCommand implements Callable<Integer>
{
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Printed (and logged by the daemon at start) while server host names go unchecked. */
    static final String HOSTNAME_WARNING = ConfigKeys.INSECURE_SKIP_VERIFY_HOSTNAME.key(null) + " = true: server " +
        "certificates are not checked against the host connected to, so any certificate of the CA (every node holds one) " +
        "can pose as a server and receive the credentials and the traffic; remove the key once the servers' certificates " +
        "name the hosts in the server URLs";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines)")
    private Path config;

    @Option(names = "--offline", description = "Check keys and files only; do not connect to any server")
    private boolean offline;

    @Override
    public Integer call() throws InterruptedException
    {
        Logging.configure("error", "");
        return check(config, offline, System.out);
    }

    static int check(final Path file, final boolean offline, final PrintStream out) throws InterruptedException
    {
        final Map<String, String> raw;
        final DaemonConfig config;
        final NatsSecurity security;
        final List<String> skipped = new ArrayList<>();
        try
        {
            raw = ConfigFile.read(file, skipped);
            config = DaemonConfig.parse(raw, file);
            security = NatsSecurity.of(config);
        }
        catch (final ConfigException ex)
        {
            for (final String problem : ex.problems())
            {
                out.println("configuration error: " + problem);
            }
            return 2;
        }
        final String logProblem = !Logging.isFile(config.logFile()) ? null : Logging.unwritableProblem(config.logFile(), config.logFileKey());
        if (logProblem != null)
        {
            // run would stop on it at start: under the systemd unit, check --offline runs first as the same user
            out.println("configuration error: " + logProblem);
            return 2;
        }
        out.println("# " + file + ": every key is valid; the effective configuration:");
        final List<Path> files = ConfigFile.files(file);
        if (files.size() > 1)
        {
            out.println("# read, later files winning: " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        out.println();
        final Map<String, String> notes = new LinkedHashMap<>(config.notes());
        if (Logging.isFile(config.logFile()))
        {
            notes.put(config.logFileKey(), "written to " + config.logFile());
        }
        out.print(EffectiveConfiguration.render(raw, config.adapters().stream().map(AdapterConfig::name).toList(), notes));
        out.println();
        skipped.forEach(warning -> out.println("WARNING: " + warning));
        printWarnings(config, security, out);
        if (offline)
        {
            out.println("OK (keys and files only; no server contacted)");
            return 0;
        }
        int problems = 0;
        for (final AdapterConfig adapter : config.adapters())
        {
            problems += checkAdapter(file, adapter, config, security, out);
        }
        out.println(problems == 0 ? "OK" : problems + " problem(s) found");
        return problems == 0 ? 0 : 1;
    }

    /** What the configuration allows but an operator should not leave as it is; none stops the check. */
    private static void printWarnings(final DaemonConfig config, final NatsSecurity security, final PrintStream out)
    {
        if (security.tls() && !config.checkHostname())
        {
            out.println("WARNING: " + HOSTNAME_WARNING);
        }
        config.warnings().forEach(warning -> out.println("WARNING: " + warning));
        for (final AdapterConfig adapter : config.adapters())
        {
            config.fleet(adapter.name()).map(FleetSettings::stateFile).map(file -> stateFileWarning(adapter.name(), file))
                .ifPresent(warning -> out.println("WARNING: " + warning));
        }
        final StopTimeout.Limit stop = StopTimeout.installed(StopTimeout.UNIT_DIRS);
        for (final AdapterConfig adapter : config.adapters())
        {
            final String warning = StopTimeout.warning(adapter, stop);
            if (warning != null)
            {
                out.println("WARNING: " + warning);
            }
        }
    }

    /**
     * Why the daemon could not write an adapter's {@code fleet.state_file}, or null: it writes a temporary file beside it
     * and renames it over, so the directory must exist and be writable by this user (run's, under the unit's own).
     */
    static String stateFileWarning(final String adapter, final Path file)
    {
        final Path directory = file.toAbsolutePath().getParent();
        if (directory != null && Files.isDirectory(directory) && Files.isWritable(directory))
        {
            return null;
        }
        return ConfigKeys.FLEET_STATE_FILE.key(adapter) + " = " + file + ": " + directory + (directory != null && Files.isDirectory(directory)
            ? " is not writable by this user" : " does not exist") + ", so the view will not be kept across a restart and every "
            + "write will be counted in choria_adapter_fleet_state_write_errors; under the shipped unit use /var/lib/fleetbridge/"
            + adapter + ".fleet";
    }

    private static int checkAdapter(
        final Path file, final AdapterConfig adapter, final DaemonConfig config, final NatsSecurity security, final PrintStream out)
        throws InterruptedException
    {
        final String name = adapter.name();
        int problems = 0;
        out.println("adapter " + name + ":");
        problems += probe(out, "ingest", adapter.ingestServers(), security.ingest(name),
            NatsSecurity.describe(config.ingestCredentials(name), security.tls()), connection -> 0);
        final String filter = StreamCheck.filterFor(adapter.streamTopic());
        problems += probe(out, "stream", adapter.streamServers(), security.stream(name),
            NatsSecurity.describe(config.streamCredentials(name), security.tls()), connection -> {
                try
                {
                    final JetStreamManagement jsm = connection.jetStreamManagement();
                    final StreamCheck.Capture capture = StreamCheck.capture(jsm, jsm.getStreamNames(filter), filter);
                    final List<String> streams = capture.holding();
                    final Duration retryFor = Duration.ofMillis(adapter.retryForMs());
                    if (streams.isEmpty() && !capture.partial().isEmpty())
                    {
                        out.println("  PROBLEM: " + StreamCheck.partialCapture(capture.partial(), filter) + ".");
                        return 1;
                    }
                    if (streams.isEmpty())
                    {
                        out.println("  PROBLEM: no JetStream stream captures " + filter + "; messages would be held and retried. " +
                            "Create it with: " + StreamCheck.createCommand(name, file.toString()));
                        return 1;
                    }
                    out.println("  ok: " + filter + " is captured by stream " + String.join(", ", streams));
                    for (final String stream : streams)
                    {
                        warnOfDuplicateWindow(out, jsm, name, stream, retryFor);
                    }
                    return config.fleet(name).map(fleet -> FleetCheck.check(out, jsm, name, fleet, streams)).orElse(0);
                }
                catch (final Exception ex)
                {
                    out.println("  PROBLEM: cannot list JetStream streams (" + ex.getMessage() + "); is JetStream enabled for this account?");
                    return 1;
                }
            });
        return problems;
    }

    private static void warnOfDuplicateWindow(
        final PrintStream out, final JetStreamManagement jsm, final String adapter, final String stream, final Duration retryFor)
    {
        try
        {
            final String warning = StreamCheck.duplicateWindowWarning(jsm, adapter, stream, retryFor);
            if (warning != null)
            {
                out.println("  WARNING: " + warning);
            }
        }
        catch (final Exception ex)
        {
            out.println("  WARNING: cannot read the configuration of stream " + stream + " (" + ex.getMessage()
                + "); its duplicate window was not checked against stream.retry_for");
        }
    }

    /**
     * Connects to each server of the list on its own, so that a second server with a wrong host, port or certificate
     * is found before the client fails over to it; runs {@code then} on the first that answers. One problem per server
     * that does not.
     */
    private static int probe(
        final PrintStream out, final String side, final List<String> servers, final UnaryOperator<Options.Builder> settings,
        final String how, final Step then) throws InterruptedException
    {
        int problems = 0;
        boolean checked = false;
        for (final String server : servers)
        {
            final Connection connection;
            try
            {
                connection = ConnectionProbe.connect(List.of(server), settings, CONNECT_TIMEOUT);
            }
            catch (final ConnectionProbe.Failed ex)
            {
                out.println("  PROBLEM: " + side + " cannot connect to " + server + " (" + how + "): " + ex.getMessage());
                problems++;
                continue;
            }
            try
            {
                out.println("  ok: " + side + " connected to " + connection.getConnectedUrl() + " (" + how + ")");
                if (!checked)
                {
                    checked = true;
                    problems += then.run(connection);
                }
            }
            finally
            {
                connection.close();
            }
        }
        return problems;
    }

    /** What to check on a connection that succeeded; returns the problems found. */
    @FunctionalInterface
    private interface Step
    {
        int run(Connection connection);
    }
}
