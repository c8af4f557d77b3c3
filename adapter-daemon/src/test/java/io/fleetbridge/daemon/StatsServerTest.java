package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.fleetbridge.adapter.AdapterMetrics;

class StatsServerTest
{
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AdapterMetrics metrics = new AdapterMetrics("reg");
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private StatsServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private StatsServer start() throws IOException
    {
        server = StatsServer.start("127.0.0.1", 0, () -> List.of(metrics), "host1", () -> List.copyOf(problems));
        return server;
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return send(HttpRequest.newBuilder(url(path)).GET());
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws Exception
    {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void shouldServeMetricsOnBothPaths() throws Exception
    {
        start();
        metrics.received.add(42);

        for (final String path : List.of("/metrics", "/choria/prometheus"))
        {
            final HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), path);
            assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"), response.headers().firstValue("Content-Type"));
            final ExpositionParser text = ExpositionParser.parse(response.body());
            assertEquals(42, text.value("choria_adapter_received_msgs", Map.of("name", "reg", "role", "input", "identity", "host1")));
        }
    }

    @Test
    void shouldAnswerHealthz() throws Exception
    {
        start();

        final HttpResponse<String> response = get("/healthz");
        assertEquals(200, response.statusCode());
        assertEquals("ok\n", response.body());
    }

    @Test
    void shouldReportReadinessAndItsProblems() throws Exception
    {
        start();
        assertEquals(200, get("/readyz").statusCode());
        assertEquals("ready\n", get("/readyz").body());

        problems.add("adapter reg: not connected to nats://stream1:4222");
        problems.add("adapter reg: no stream captures reg");
        final HttpResponse<String> response = get("/readyz");

        assertEquals(503, response.statusCode());
        assertEquals("not ready\nadapter reg: not connected to nats://stream1:4222\nadapter reg: no stream captures reg\n", response.body());
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndOtherMethodsWith405() throws Exception
    {
        start();

        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(url("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode());
    }

    @Test
    void shouldAnswer500WhenReadinessFails() throws Exception
    {
        server = StatsServer.start("127.0.0.1", 0, List::of, "host1", () ->
        {
            throw new IllegalStateException("broken");
        });

        assertEquals(500, get("/readyz").statusCode());
        assertEquals(200, get("/healthz").statusCode(), "still serving after a failure");
    }

    @Test
    void shouldServeFromOneNamedDaemonThread() throws Exception
    {
        start();
        get("/healthz");

        final List<Thread> named = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals(StatsServer.THREAD_NAME))
            {
                named.add(thread);
            }
            if (thread.getName().equals("HTTP-Dispatcher"))
            {
                assertTrue(thread.isDaemon(), "the JDK dispatcher must not keep the JVM alive");
            }
        }
        assertEquals(1, named.size());
        assertTrue(named.get(0).isDaemon());
    }

    @Test
    void shouldStopListeningOnClose() throws Exception
    {
        start();
        final URI healthz = url("/healthz");
        server.close();
        server = null;

        assertThrows(ConnectException.class,
            () -> client.send(HttpRequest.newBuilder(healthz).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void shouldNotStartWhenStatsPortIsZero() throws Exception
    {
        final DaemonConfig config = DaemonConfig.parse(Map.of(
            "plugin.choria.adapters", "reg",
            "plugin.choria.adapter.reg.type", "jetstream",
            "plugin.choria.adapter.reg.stream.servers", "s:4222",
            "plugin.choria.adapter.reg.ingest.topic", "x",
            "plugin.choria.middleware_hosts", "b:4222"), "h");

        assertTrue(StatsServer.startIfEnabled(config, List::of, Readiness.ALWAYS).isEmpty());
    }

    /**
     * Requests are answered one at a time: a client that asks for a large page and stops reading must not hold
     * /healthz and /readyz behind it for longer than the response bound.
     */
    @Test
    void shouldAnswerOthersSoonAfterAClientStopsReadingALargePage() throws Exception
    {
        final StatsServer server = start();
        server.addPage("/large", "text/plain", () -> "x".repeat(64 << 20));
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port()))
        {
            stalled.setReceiveBufferSize(4096);
            stalled.getOutputStream().write("GET /large HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            // never read: the stats thread blocks writing until the server gives up on the response
            assertEquals(200, healthzWithin(Duration.ofSeconds(Long.parseLong(StatsServer.MAX_RESPONSE_SECONDS) + 20)));
        }
    }

    /**
     * Nor a client that sends half a request and waits (or dies mid-request): the request's line and headers are
     * read on the same one thread, and without a bound every endpoint hung until that socket closed.
     */
    @Test
    void shouldAnswerOthersSoonAfterAClientSendsHalfARequest() throws Exception
    {
        final StatsServer server = start();
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port()))
        {
            stalled.getOutputStream().write("G".getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertEquals(200, healthzWithin(Duration.ofSeconds(Long.parseLong(StatsServer.MAX_REQUEST_SECONDS) + 20)));
        }
    }

    /** The usual cause: the daemon run from the broker's file, on the broker's port; the error names the key to change. */
    @Test
    void shouldNameTheKeyAndTheFixWhenThePortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final DaemonConfig config = DaemonConfig.parse(Map.of(
                "plugin.choria.stats_address", "127.0.0.1",
                "plugin.choria.stats_port", "1",
                "plugin.fleetbridge.stats_port", String.valueOf(taken.getLocalPort()),
                "plugin.choria.adapters", "reg",
                "plugin.choria.adapter.reg.type", "jetstream",
                "plugin.choria.adapter.reg.stream.servers", "s:4222",
                "plugin.choria.adapter.reg.ingest.topic", "x",
                "plugin.choria.middleware_hosts", "b:4222"), "h");

            final ConfigException ex = assertThrows(ConfigException.class,
                () -> StatsServer.startIfEnabled(config, List::of, Readiness.ALWAYS));
            assertTrue(ex.getMessage().startsWith("plugin.fleetbridge.stats_port = \"" + taken.getLocalPort()
                + "\": cannot listen on 127.0.0.1:" + taken.getLocalPort()), ex.getMessage());
            assertTrue(ex.getMessage().endsWith("set plugin.fleetbridge.stats_port to a free port, or 0 to turn the endpoints off"),
                ex.getMessage());
        }
    }

    /** An address that is not this host's was reported as a taken port, with a fix that could not work. */
    @Test
    void shouldNameTheAddressWhenItIsNotOneOfThisHosts()
    {
        // TEST-NET-1 (RFC 5737): never a local address
        final DaemonConfig config = DaemonConfig.parse(
            OneAdapterKeys.with("plugin.choria.stats_address", "192.0.2.1", "plugin.choria.stats_port", "8222"), "h");

        final ConfigException ex;
        try
        {
            StatsServer.startIfEnabled(config, List::of, Readiness.ALWAYS).ifPresent(StatsServer::close);
            Assumptions.abort("this host may bind 192.0.2.1 (it has the address, or net.ipv4.ip_nonlocal_bind is set)");
            return;
        }
        catch (final ConfigException | java.io.IOException thrown)
        {
            ex = assertInstanceOf(ConfigException.class, thrown);
        }
        assertTrue(ex.getMessage().startsWith("plugin.choria.stats_address = \"192.0.2.1\": cannot listen on 192.0.2.1:8222"),
            ex.getMessage());
        assertTrue(ex.getMessage().endsWith("it is not an address of this host: set plugin.choria.stats_address to one of its "
            + "addresses, 127.0.0.1 for this host only, or 0.0.0.0 for all"), ex.getMessage());
    }

    @Test
    void shouldSayThatALowPortNeedsPrivilegeWhenRefused()
    {
        final DaemonConfig config = DaemonConfig.parse(OneAdapterKeys.with("plugin.choria.stats_port", "80"), "h");
        // what the JDK says to a user without the privilege (the test may run as root, so the refusal is made here)
        final ConfigException ex = StatsServer.cannotListen(config, new java.net.BindException("Permission denied"));
        assertTrue(ex.getMessage().startsWith("plugin.choria.stats_port = \"80\": cannot listen on 127.0.0.1:80 (Permission denied)"),
            ex.getMessage());
        assertTrue(ex.getMessage().endsWith("set plugin.choria.stats_port to a port above 1023"), ex.getMessage());

        final DaemonConfig high = DaemonConfig.parse(OneAdapterKeys.with("plugin.choria.stats_port", "8222"), "h");
        final String refused = StatsServer.cannotListen(high, new java.net.BindException("Permission denied")).getMessage();
        assertTrue(refused.contains("the system refused this process the port"), "a high port is not about root: " + refused);
    }

    @Test
    void shouldSayThatAStatsAddressThatDoesNotResolveIsNoHost()
    {
        final DaemonConfig config = DaemonConfig.parse(
            OneAdapterKeys.with("plugin.choria.stats_address", "no-such-host.invalid", "plugin.choria.stats_port", "8222"), "h");
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> StatsServer.startIfEnabled(config, List::of, Readiness.ALWAYS));
        assertTrue(ex.getMessage().startsWith("plugin.choria.stats_address = \"no-such-host.invalid\": no such host"), ex.getMessage());
    }

    /**
     * The status of /healthz, asked as a probe asks: again when a request is dropped (the JDK server's request timer
     * may close one queued behind the stalled client), until {@code bound} runs out, which fails the test.
     */
    private int healthzWithin(final Duration bound) throws InterruptedException
    {
        final long deadline = System.nanoTime() + bound.toNanos();
        IOException last = null;
        while (System.nanoTime() - deadline < 0)
        {
            final long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try
            {
                return client.send(HttpRequest.newBuilder(url("/healthz")).timeout(Duration.ofMillis(leftMs)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            }
            catch (final IOException ex)
            {
                last = ex;
                Thread.sleep(50); // a refusal at once is not a reason to spin
            }
        }
        throw new AssertionError("/healthz not answered within " + bound, last);
    }
}
