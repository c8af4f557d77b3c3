package io.fleetbridge.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.AdapterStream;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code create-stream}: makes the JetStream stream each adapter of a configuration needs, as
 * {@link AdapterStream} describes it, on the adapter's stream servers with its credentials and
 * TLS. Idempotent: a stream that already captures the subjects, or has the name, is never
 * changed; it is compared, and what differs is said. Runs on the caller's thread; every
 * connection it opens is closed before it returns.
 */
@Command(name = "create-stream", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = {"Creates the JetStream stream each adapter publishes into, unless one exists.",
        "Subjects: stream.topic with %%s as a wildcard; file storage; duplicate window = stream.retry_for; "
            + "the latest messages per node (--max-msgs-per-subject) kept for --max-age. An existing stream is left "
            + "as it is and compared: what differs is printed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every stream was created or already matches", "1:a server could not be reached, or a stream differs",
        "2:bad command line or configuration"})
final class CreateStreamCommand implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines)")
    private Path config;

    @Option(names = "--adapter", paramLabel = "NAME", description = "Only this adapter. Default: every adapter of the file")
    private String adapter;

    @Option(names = "--stream", paramLabel = "NAME",
        description = "Stream name, for one adapter. Default: the adapter's name in capitals")
    private String stream;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas (1, or 3 on a cluster). Default: ${DEFAULT-VALUE}")
    private int replicas = AdapterStream.DEFAULT_REPLICAS;

    @Option(names = "--max-msgs-per-subject", paramLabel = "N",
        description = "Messages kept per node (subject); 0 for no limit. Default: ${DEFAULT-VALUE}")
    private long maxMsgsPerSubject = AdapterStream.DEFAULT_MAX_MSGS_PER_SUBJECT;

    @Option(names = "--max-age", paramLabel = "DURATION",
        description = "How long a message is kept, as in Go (168h); 0 for no limit. Default: 168h (7 days)")
    private String maxAge = GoDuration.format(AdapterStream.DEFAULT_MAX_AGE.toMillis());

    @Override
    public Integer call() throws InterruptedException
    {
        Logging.configure("error", "");
        return create(new Request(config, adapter, stream, replicas, maxMsgsPerSubject, maxAge), System.out);
    }

    /** The command line's settings. */
    record Request(Path file, String adapter, String stream, int replicas, long maxMsgsPerSubject, String maxAge)
    {
    }

    static int create(final Request request, final PrintStream out) throws InterruptedException
    {
        final DaemonConfig config;
        final NatsSecurity security;
        try
        {
            config = DaemonConfig.load(request.file());
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
        // before anything is created where a warning says it would go
        config.warnings().forEach(warning -> out.println("WARNING: " + warning));
        final List<AdapterConfig> adapters = config.adapters().stream()
            .filter(a -> request.adapter() == null || a.name().equals(request.adapter())).toList();
        if (adapters.isEmpty())
        {
            out.println("no adapter " + request.adapter() + " in " + request.file() + "; it has " +
                config.adapters().stream().map(AdapterConfig::name).toList());
            return 2;
        }
        if (request.stream() != null && adapters.size() > 1)
        {
            out.println("--stream names one stream, but " + request.file() + " has " + adapters.size() +
                " adapters: choose one with --adapter");
            return 2;
        }
        final Duration maxAge;
        try
        {
            maxAge = Duration.ofMillis(GoDuration.parseMs(request.maxAge()));
        }
        catch (final IllegalArgumentException ex)
        {
            out.println("--max-age " + request.maxAge() + ": expected a duration as in Go (168h, 30m) or 0");
            return 2;
        }
        int problems = 0;
        for (final AdapterConfig adapter : adapters)
        {
            final AdapterStream wanted;
            try
            {
                wanted = new AdapterStream(request.stream() != null ? request.stream() : AdapterStream.defaultName(adapter.name()),
                    adapter.streamTopic(), Duration.ofMillis(adapter.retryForMs()), request.maxMsgsPerSubject(), maxAge,
                    StorageType.File, request.replicas());
            }
            catch (final IllegalArgumentException ex)
            {
                out.println("adapter " + adapter.name() + ": " + ex.getMessage());
                return 2;
            }
            problems += ensure(adapter, wanted, security, out);
        }
        return problems == 0 ? 0 : 1;
    }

    private static int ensure(final AdapterConfig adapter, final AdapterStream wanted, final NatsSecurity security, final PrintStream out)
        throws InterruptedException
    {
        final Connection connection;
        try
        {
            connection = ConnectionProbe.connect(adapter.streamServers(), security.stream(adapter.name()), CheckCommand.CONNECT_TIMEOUT);
        }
        catch (final ConnectionProbe.Failed ex)
        {
            out.println("adapter " + adapter.name() + ": stream cannot connect to " + adapter.streamServers() + ": " + ex.getMessage());
            return 1;
        }
        try
        {
            final AdapterStream.Outcome outcome = wanted.ensure(connection.jetStreamManagement());
            switch (outcome.kind())
            {
                case CREATED:
                    out.println("adapter " + adapter.name() + ": created stream " + wanted.describe());
                    return 0;
                case MATCHES:
                    out.println("adapter " + adapter.name() + ": stream " + outcome.stream() + " exists and matches: " + wanted.describe());
                    return 0;
                default:
                    out.println("adapter " + adapter.name() + ": stream " + outcome.stream() + " exists (left unchanged) and differs from "
                        + wanted.describe() + ":");
                    outcome.differences().forEach(difference -> out.println("  " + difference));
                    return 1;
            }
        }
        catch (final Exception ex)
        {
            out.println("adapter " + adapter.name() + ": cannot create stream " + wanted.name() + " on " + connection.getConnectedUrl()
                + ": " + ex.getMessage() + "; is JetStream enabled for this account?");
            return 1;
        }
        finally
        {
            connection.close();
        }
    }
}
