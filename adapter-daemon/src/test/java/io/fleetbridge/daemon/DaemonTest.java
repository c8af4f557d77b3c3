package io.fleetbridge.daemon;

import io.fleetbridge.adapter.StreamContents;
import io.fleetbridge.adapter.TestMessages;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServer;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon as a user runs it: a Choria config in, adapters, endpoints and exit codes out. */
@SuppressWarnings("try")
class DaemonTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldRunTwoAdaptersSideBySideWithMetricsAndReadiness() throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final int statsPort = freePort();
        final Map<String, String> keys = new HashMap<>();
        keys.put("identity", "test-broker");
        keys.put("plugin.choria.adapters", "first, second");
        keys.put("plugin.choria.stats_port", Integer.toString(statsPort));
        keys.put("plugin.choria.middleware_hosts", NATS.url());
        for (final String name : new String[] {"first", "second"})
        {
            final String prefix = "plugin.choria.adapter." + name + ".";
            keys.put(prefix + "type", "jetstream");
            keys.put(prefix + "ingest.topic", "in." + id + "." + name);
            keys.put(prefix + "ingest.protocol", "request");
            keys.put(prefix + "ingest.workers", "2");
            keys.put(prefix + "stream.servers", NATS.url());
            keys.put(prefix + "stream.topic", "out." + id + "." + name + ".%s");
            keys.put(prefix + "stream.workers", "2");
        }

        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "FIRST_" + id, "out." + id + ".first.>");
            StreamContents.create(nc, "SECOND_" + id, "out." + id + ".second.>");
        }
        try (Connection nc = Nats.connect(NATS.url());
             Daemon daemon = Daemon.start(DaemonConfig.parse(keys)))
        {
            // start() returns before the connections are up; core NATS keeps nothing for a
            // subscriber that does not exist yet, so send only once the daemon says it is ready
            Deadline.await(WAIT, "ready", () -> daemon.problems().isEmpty());
            for (int i = 0; i < 100; i++)
            {
                final byte[] payload = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                nc.publish("in." + id + ".first", TestMessages.v1Request("n" + i + ".example.net", String.format("a%031d", i), payload));
                nc.publish("in." + id + ".second", TestMessages.v1Request("n" + i + ".example.net", String.format("b%031d", i), payload));
            }
            Deadline.await(WAIT, "both adapters published 100",
                () -> daemon.metrics().stream().allMatch(m -> m.published.sum() == 100));
            assertEquals(100, StreamContents.count(nc, "FIRST_" + id));
            assertEquals(100, StreamContents.count(nc, "SECOND_" + id));

            // both paths serve the same text; the publishers update the queue and latency figures after the
            // published count, so two scrapes agree once those settle
            final String metrics = Deadline.awaitValue(WAIT, "/choria/prometheus and /metrics alike", () -> {
                final String choria = get(statsPort, "/choria/prometheus").body();
                return choria.equals(get(statsPort, "/metrics").body()) ? Optional.of(choria) : Optional.empty();
            });
            assertTrue(metrics.contains("choria_adapter_published_msgs{identity=\"test-broker\",name=\"first\",role=\"output\"} 100"), metrics);
            assertTrue(metrics.contains("choria_adapter_received_msgs{identity=\"test-broker\",name=\"second\",role=\"input\"} 100"), metrics);
            assertEquals(200, get(statsPort, "/readyz").statusCode());
            assertEquals(200, get(statsPort, "/healthz").statusCode());
        }
    }

    @Test
    void shouldReportNotReadyOnceAnOutOfMemoryErrorHasReachedItsHandler() throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final int statsPort = freePort();
        final Map<String, String> keys = new HashMap<>();
        keys.put("plugin.choria.adapters", "reg");
        keys.put("plugin.choria.stats_port", Integer.toString(statsPort));
        keys.put("plugin.choria.adapter.reg.type", "jetstream");
        keys.put("plugin.choria.adapter.reg.ingest.topic", "in." + id);
        keys.put("plugin.choria.adapter.reg.ingest.servers", NATS.url());
        keys.put("plugin.choria.adapter.reg.stream.servers", NATS.url());
        keys.put("plugin.choria.adapter.reg.stream.topic", "out." + id + ".%s");
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "OOM_" + id, "out." + id + ".>");
        }
        final JvmFailure jvm = new JvmFailure();
        try (Daemon daemon = Daemon.start(DaemonConfig.parse(keys), jvm))
        {
            Deadline.await(WAIT, "ready", () -> daemon.problems().isEmpty());
            assertEquals(200, get(statsPort, "/readyz").statusCode());

            final Thread failing = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, "fleetbridge-test-failing");
            failing.setUncaughtExceptionHandler(jvm);
            failing.start();
            failing.join();

            final HttpResponse<String> ready = get(statsPort, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("java.lang.OutOfMemoryError: Java heap space on thread fleetbridge-test-failing"), ready.body());
        }
    }

    @Test
    void shouldWriteTheProtocolGoChoriaWritesWhenAskedAndTheTypeOtherwise() throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> keys = new HashMap<>();
        keys.put("plugin.choria.adapters", "compat, plain");
        keys.put("plugin.choria.middleware_hosts", NATS.url());
        for (final String name : new String[] {"compat", "plain"})
        {
            final String prefix = "plugin.choria.adapter." + name + ".";
            keys.put(prefix + "type", "jetstream");
            keys.put(prefix + "ingest.topic", "in." + id + "." + name);
            keys.put(prefix + "ingest.protocol", "request");
            keys.put(prefix + "stream.servers", NATS.url());
            keys.put(prefix + "stream.topic", "out." + id + "." + name + ".%s");
        }
        keys.put("plugin.choria.adapter.compat.stream.protocol_compat", "go-choria");
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "COMPAT_" + id, "out." + id + ".>");
        }
        try (Connection nc = Nats.connect(NATS.url());
             Daemon daemon = Daemon.start(DaemonConfig.parse(keys)))
        {
            Deadline.await(WAIT, "ready", () -> daemon.problems().isEmpty());
            final byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
            nc.publish("in." + id + ".compat", TestMessages.v1Request("n1.example.net", String.format("c%031d", 1), payload));
            nc.publish("in." + id + ".plain", TestMessages.v1Request("n1.example.net", String.format("p%031d", 1), payload));
            Deadline.await(WAIT, "both adapters published one", () -> daemon.metrics().stream().allMatch(m -> m.published.sum() == 1));
            final Map<String, String> bodies = new HashMap<>();
            for (final StreamContents.Stored stored : StreamContents.read(nc, "COMPAT_" + id))
            {
                bodies.put(stored.subject(), stored.body());
            }
            assertTrue(bodies.get("out." + id + ".compat.n1.example.net")
                .startsWith("{\"protocol\":\"choria:adapters:choria_streams:output:1\",\"data\":"), bodies::toString);
            assertTrue(bodies.get("out." + id + ".plain.n1.example.net")
                .startsWith("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":"), bodies::toString);
        }
    }

    /**
     * jnats closes a connection for good once a server has refused its credentials twice, and nothing reopens it: the
     * daemon must say it cannot go on (run then exits 1, so that systemd restarts it with the fixed file) rather than
     * stay up, healthy and unready, for ever.
     */
    @Test
    void shouldGiveUpWhenAServerRefusesTheCredentialsForGood() throws Exception
    {
        try (NatsServer server = NatsServer.builder()
            .extraConfig("authorization { users: [ {user: bridge, password: right} ] }\n").build())
        {
            server.start();
            final Map<String, String> keys = new HashMap<>();
            keys.put("plugin.choria.adapters", "reg");
            keys.put("plugin.choria.adapter.reg.type", "jetstream");
            keys.put("plugin.choria.adapter.reg.ingest.topic", "in.refused");
            keys.put("plugin.choria.adapter.reg.ingest.servers", server.url());
            keys.put("plugin.choria.adapter.reg.stream.servers", server.url());
            keys.put("plugin.nats.user", "bridge");
            keys.put("plugin.nats.pass", "wrong");
            try (Daemon daemon = Daemon.start(DaemonConfig.parse(keys)))
            {
                Deadline.await(WAIT, "the daemon gives up", () -> daemon.fatal().isPresent());
                assertTrue(daemon.fatal().orElseThrow().startsWith("adapter reg: "), daemon.fatal().orElseThrow());
                assertFalse(daemon.problems().isEmpty(), "and is not ready");
            }
        }
        try (Daemon daemon = Daemon.start(DaemonConfig.parse(Map.of("plugin.choria.adapters", "reg",
            "plugin.choria.adapter.reg.type", "jetstream", "plugin.choria.adapter.reg.ingest.topic", "in.fine",
            "plugin.choria.adapter.reg.ingest.servers", NATS.url(), "plugin.choria.adapter.reg.stream.servers", NATS.url()))))
        {
            Deadline.await(WAIT, "connected", () -> daemon.problems().stream().allMatch(p -> p.contains("no JetStream stream")));
            assertTrue(daemon.fatal().isEmpty(), "a daemon that can go on does");
        }
    }

    @Test
    void shouldStartAndReportNotReadyWhileJetStreamIsDown() throws Exception
    {
        final int deadPort = freePort();
        final Map<String, String> keys = new HashMap<>();
        keys.put("plugin.choria.adapters", "reg");
        keys.put("plugin.choria.adapter.reg.type", "jetstream");
        keys.put("plugin.choria.adapter.reg.ingest.topic", "in.down");
        keys.put("plugin.choria.adapter.reg.ingest.servers", NATS.url());
        keys.put("plugin.choria.adapter.reg.stream.servers", "127.0.0.1:" + deadPort);
        try (Daemon daemon = Daemon.start(DaemonConfig.parse(keys)))
        {
            final List<String> problems = daemon.problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("connecting")), problems.toString());
        }
    }

    @Test
    void shouldRefuseABadNumberNamingTheKeyAndTheValue(@TempDir final Path dir) throws Exception
    {
        final Result result = run(dir, "plugin.choria.adapter.reg.stream.workers = ten\n");
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("plugin.choria.adapter.reg.stream.workers") && result.stderr.contains("ten"), result.stderr);
        assertEquals(1, result.stderr.strip().lines().count(), "one line: " + result.stderr);
    }

    @Test
    void shouldRefuseATypoInAnAdapterKeyAndSuggestTheKey(@TempDir final Path dir) throws Exception
    {
        final Result result = run(dir, "plugin.choria.adapter.reg.stream.wrokers = 4\n");
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("plugin.choria.adapter.reg.stream.wrokers") && result.stderr.contains("stream.workers"),
            result.stderr);
    }

    @Test
    void shouldRefuseTheDeprecatedNatsStreamType(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("broker.conf");
        Files.writeString(config, baseConfig("nats_stream"));
        final Result result = Result.of(config);
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("nats_stream") && result.stderr.contains("jetstream"), result.stderr);
    }

    @Test
    void shouldRequireTheIngestTopic(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("broker.conf");
        Files.writeString(config, baseConfig("jetstream").replace("plugin.choria.adapter.reg.ingest.topic = x\n", ""));
        final Result result = Result.of(config);
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("plugin.choria.adapter.reg.ingest.topic"), result.stderr);
    }

    private static Result run(final Path dir, final String extra) throws Exception
    {
        final Path config = dir.resolve("broker.conf");
        Files.writeString(config, baseConfig("jetstream") + extra);
        return Result.of(config);
    }

    private static String baseConfig(final String type)
    {
        return "plugin.choria.adapters = reg\n"
            + "plugin.choria.adapter.reg.type = " + type + "\n"
            + "plugin.choria.adapter.reg.ingest.topic = x\n"
            + "plugin.choria.adapter.reg.stream.servers = 127.0.0.1:1\n"
            + "plugin.choria.middleware_hosts = 127.0.0.1:1\n";
    }

    /** What the command line printed and returned. */
    private static final class Result
    {
        final int exitCode;
        final String stderr;

        private Result(final int exitCode, final String stderr)
        {
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        static Result of(final Path config)
        {
            final PrintStream original = System.err;
            final ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try
            {
                final int code = new CommandLine(new Main()).execute("--config", config.toString());
                return new Result(code, captured.toString(StandardCharsets.UTF_8));
            }
            finally
            {
                System.setErr(original);
            }
        }
    }

    private static HttpResponse<String> get(final int port, final String path)
    {
        try
        {
            return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
