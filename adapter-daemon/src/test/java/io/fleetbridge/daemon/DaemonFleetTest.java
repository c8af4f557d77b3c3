package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.adapter.StreamContents;
import io.fleetbridge.adapter.TestMessages;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fleet view as an operator meets it: keys, metrics, /fleet, the fleet command and check. */
@SuppressWarnings("try")
class DaemonFleetTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int NODES = 20;

    @Test
    void shouldCountTheFleetAdviseAndShowTheSilentNodes(@TempDir final Path dir) throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final int statsPort = freePort();
        final Map<String, String> keys = fleetKeys(NATS.url(), "test-broker", id, statsPort, "1h");
        keys.put("plugin.choria.adapter.reg.fleet.advisory.subject", "adv." + id + ".%s");
        final Path file = dir.resolve("fleetbridge.conf");
        Files.writeString(file, keys.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));

        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "REG_" + id, "out." + id + ".>");
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("ADV_" + id).subjects("adv." + id + ".*")
                .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
            try (Daemon daemon = Daemon.start(DaemonConfig.load(file)))
            {
                Deadline.await(WAIT, "ready and the view rebuilt", () -> daemon.problems().isEmpty()
                    && daemon.fleetViews().get(0).snapshot().rebuilt());
                for (int i = 0; i < NODES; i++)
                {
                    nc.publish("in." + id, TestMessages.v1Request("n" + i + ".example.net", String.format("f%031d", i),
                        ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
                }
                Deadline.await(WAIT, "every node new, then late",
                    () -> stored(nc, "ADV_" + id) == 2 * NODES && daemon.fleetViews().get(0).snapshot().late() == NODES);

                // the counters move when the publishers read the server's acks, which may come after the stream shows the message
                awaitMetrics(statsPort,
                    "choria_adapter_fleet_nodes{identity=\"test-broker\",name=\"reg\"} " + NODES,
                    "choria_adapter_fleet_nodes_by_state{identity=\"test-broker\",name=\"reg\",state=\"late\"} " + NODES,
                    "choria_adapter_fleet_nodes_by_state{identity=\"test-broker\",name=\"reg\",state=\"alive\"} 0",
                    "choria_adapter_fleet_advisories{identity=\"test-broker\",name=\"reg\",event=\"new\"} " + NODES,
                    "choria_adapter_fleet_advisories{identity=\"test-broker\",name=\"reg\",event=\"timeout\"} " + NODES,
                    "choria_adapter_fleet_rebuilt{identity=\"test-broker\",name=\"reg\"} 1",
                    "choria_adapter_fleet_advisories_owed{identity=\"test-broker\",name=\"reg\"} 0",
                    "choria_adapter_fleet_advisories_lost{identity=\"test-broker\",name=\"reg\"} 0",
                    // the adapters' metrics are still there
                    "choria_adapter_published_msgs{identity=\"test-broker\",name=\"reg\",role=\"output\"} " + NODES);

                // the daemon and the server share a clock here: the estimate is the delivery time alone
                final Pattern offset = Pattern.compile("choria_adapter_fleet_clock_offset_seconds\\{identity=\"test-broker\",name=\"reg\"\\} (\\S+)\n");
                final AtomicReference<Double> seconds = new AtomicReference<>();
                Deadline.await(WAIT, "a clock offset in /metrics", () -> {
                    try
                    {
                        final Matcher m = offset.matcher(get(statsPort, "/metrics").body());
                        seconds.set(m.find() ? Double.valueOf(m.group(1)) : null);
                    }
                    catch (final Exception ex)
                    {
                        return false;
                    }
                    return seconds.get() != null;
                });
                assertTrue(seconds.get() > -1 && seconds.get() < 5, "clock offset " + seconds.get() + " s");

                final HttpResponse<String> page = get(statsPort, "/fleet");
                assertEquals(200, page.statusCode());
                assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));
                assertTrue(page.body().contains("<td class=\"n late\" id=\"late\">" + NODES + "</td>"), page.body());
                assertTrue(page.body().contains("<svg id=\"ages\""), page.body());
                assertTrue(page.body().contains("<td>n0.example.net</td><td class=\"late\">late</td>"), page.body());
                final String json = get(statsPort, "/fleet.json").body();
                assertTrue(json.startsWith("[{\"adapter\":\"reg\",\"stream\":\"REG_" + id + "\",\"rebuilt\":true"), json);
                assertTrue(json.contains("\"known\":" + NODES + ",\"alive\":0,\"late\":" + NODES), json);
            }

            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertEquals(0, FleetCommand.print(file, null, 5, WAIT, new PrintStream(printed, true, StandardCharsets.UTF_8)));
            final String fleet = printed.toString(StandardCharsets.UTF_8);
            assertTrue(fleet.startsWith("adapter reg: " + NODES + " nodes in stream REG_" + id), fleet);
            assertTrue(fleet.contains("  alive 0, late " + NODES + ", expired 0"), fleet);
            assertTrue(fleet.lines().filter(l -> l.matches("  late +\\d+s ago  n\\d+\\.example\\.net")).count() == 5, fleet);
            assertTrue(fleet.contains("... " + (NODES - 5) + " more (--limit)"), fleet);

            final ByteArrayOutputStream checked = new ByteArrayOutputStream();
            assertEquals(0, CheckCommand.check(file, false, new PrintStream(checked, true, StandardCharsets.UTF_8)));
            final String check = checked.toString(StandardCharsets.UTF_8);
            assertTrue(check.contains("ok: fleet view: stream REG_" + id + " keeps messages without an age limit"), check);
            assertTrue(check.contains("WARNING: advisories go to stream ADV_" + id + ", whose duplicate window (2m) is shorter than "
                + "twice plugin.choria.adapter.reg.fleet.inspect_duration (2h)"), check);
            assertTrue(check.contains("nats stream edit ADV_" + id + " --dupe-window 2h"), check);

            final var jsm = nc.jetStreamManagement();
            jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("ADV_" + id).getConfiguration())
                .duplicateWindow(Duration.ofHours(2)).build());
            checked.reset();
            assertEquals(0, CheckCommand.check(file, false, new PrintStream(checked, true, StandardCharsets.UTF_8)));
            assertTrue(checked.toString(StandardCharsets.UTF_8).contains("ok: advisories go to stream ADV_" + id), checked.toString());
        }
    }

    @Test
    void shouldWarnWhenTheStreamForgetsNodesBeforeTheyExpire(@TempDir final Path dir) throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Path file = dir.resolve("fleetbridge.conf");
        Files.writeString(file, String.join("\n",
            "plugin.choria.adapters = reg",
            "plugin.choria.adapter.reg.type = jetstream",
            "plugin.choria.adapter.reg.ingest.topic = in." + id,
            "plugin.choria.adapter.reg.ingest.servers = " + NATS.url(),
            "plugin.choria.adapter.reg.stream.servers = " + NATS.url(),
            "plugin.choria.adapter.reg.stream.topic = out." + id + ".%s",
            "plugin.choria.adapter.reg.fleet.enable = true",
            "plugin.choria.adapter.reg.fleet.inspect_duration = 1h",
            "plugin.choria.adapter.reg.fleet.advisory.subject = adv." + id + ".%s"));
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("REG_" + id).subjects("out." + id + ".>")
                .storageType(StorageType.File).maxAge(Duration.ofMinutes(30)).build());
            final ByteArrayOutputStream checked = new ByteArrayOutputStream();
            assertEquals(1, CheckCommand.check(file, false, new PrintStream(checked, true, StandardCharsets.UTF_8)));
            final String check = checked.toString(StandardCharsets.UTF_8);
            assertTrue(check.contains("WARNING: fleet view: stream REG_" + id + " keeps messages 30m, less than "
                + "plugin.choria.adapter.reg.fleet.inspect_duration (1h)"), check);
            assertTrue(check.contains("PROBLEM: no JetStream stream captures the advisories (adv." + id + ".*)"), check);
        }
    }

    /**
     * The Stream Replicator takes %v anywhere in the advisory subject; before the last token, a node's dotted name
     * spans several tokens, so a stream of adv.ID.*.* is listed as overlapping the advisories yet stores none of them.
     */
    @Test
    void shouldFindNoCaptureWhereTheStreamTakesTheNodeAsOneToken(@TempDir final Path dir) throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> keys = fleetKeys(NATS.url(), "test-broker", id, 0, "1h");
        keys.put("plugin.choria.adapter.reg.fleet.advisory.subject", "adv." + id + ".%v.%s");
        final Path file = dir.resolve("fleetbridge.conf");
        Files.writeString(file, keys.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "REG_" + id, "out." + id + ".>");
            final var jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("ADV_" + id).subjects("adv." + id + ".*.*")
                .storageType(StorageType.File).duplicateWindow(Duration.ofHours(2)).build());
            final ByteArrayOutputStream checked = new ByteArrayOutputStream();
            assertEquals(1, CheckCommand.check(file, false, new PrintStream(checked, true, StandardCharsets.UTF_8)));
            String check = checked.toString(StandardCharsets.UTF_8);
            assertTrue(check.contains("PROBLEM: stream ADV_" + id + " does not capture every advisory (adv." + id + ".>)"), check);

            jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("ADV_" + id).getConfiguration())
                .subjects("adv." + id + ".>").build());
            checked.reset();
            assertEquals(0, CheckCommand.check(file, false, new PrintStream(checked, true, StandardCharsets.UTF_8)));
            check = checked.toString(StandardCharsets.UTF_8);
            assertTrue(check.contains("ok: advisories go to stream ADV_" + id), check);
            nc.jetStream().publish("adv." + id + ".web1.example.net.timeout", new byte[0]);
            assertEquals(1, stored(nc, "ADV_" + id), "what check calls captured is stored");
        }
    }

    private static long stored(final Connection nc, final String stream)
    {
        try
        {
            return StreamContents.count(nc, stream);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Polls {@code /metrics} until it has every one of {@code samples}, each a whole line; a failure names those missing. */
    private static void awaitMetrics(final int port, final String... samples)
    {
        final AtomicReference<String> last = new AtomicReference<>("");
        try
        {
            Deadline.await(WAIT, "every expected sample in /metrics", () -> {
                try
                {
                    last.set(get(port, "/metrics").body());
                }
                catch (final Exception ex)
                {
                    return false;
                }
                return Arrays.stream(samples).allMatch(sample -> last.get().contains(sample + "\n"));
            });
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "; missing "
                + Arrays.stream(samples).filter(sample -> !last.get().contains(sample + "\n")).collect(Collectors.toList())
                + " from:\n" + last.get(), ex);
        }
    }

    private static HttpResponse<String> get(final int port, final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * One adapter {@code reg} with the fleet view on, ingest and stream on the server at {@code url}, subjects
     * unique to {@code id}; nodes are late after 2 s and expired after {@code inspect}, scanned
     * every 200 ms.
     */
    static Map<String, String> fleetKeys(final String url, final String identity, final String id, final int statsPort,
        final String inspect)
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put("identity", identity);
        keys.put("plugin.choria.adapters", "reg");
        keys.put("plugin.choria.stats_port", Integer.toString(statsPort));
        keys.put("plugin.choria.middleware_hosts", url);
        keys.put("plugin.choria.adapter.reg.type", "jetstream");
        keys.put("plugin.choria.adapter.reg.ingest.topic", "in." + id);
        keys.put("plugin.choria.adapter.reg.ingest.protocol", "request");
        keys.put("plugin.choria.adapter.reg.stream.servers", url);
        keys.put("plugin.choria.adapter.reg.stream.topic", "out." + id + ".%s");
        keys.put("plugin.choria.adapter.reg.fleet.enable", "true");
        keys.put("plugin.choria.adapter.reg.fleet.warn_duration", "2s");
        keys.put("plugin.choria.adapter.reg.fleet.inspect_duration", inspect);
        keys.put("plugin.choria.adapter.reg.fleet.scan_interval", "200ms");
        return keys;
    }
}
