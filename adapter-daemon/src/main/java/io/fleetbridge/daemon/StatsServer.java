package io.fleetbridge.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fleetbridge.adapter.AdapterMetrics;

/**
 * The daemon's HTTP endpoints, on the JDK's built-in server:
 * {@code GET /metrics} and {@code /choria/prometheus} (the Prometheus exposition, as the Choria
 * Broker serves it), {@code /healthz} (200 while the process runs) and {@code /readyz} (200 when
 * {@link Readiness} reports no problem, else 503 listing them), plus the pages and exposition
 * added with {@link #addPage} and {@link #addMetrics} (the fleet views). Anything else is 404; methods
 * other than GET and HEAD are 405.
 *
 * <p>Threads: requests are handled one at a time on one daemon thread named
 * {@value #THREAD_NAME}, which is what makes the single-reader rule of
 * {@link PrometheusText} hold. The JDK adds its own connection dispatcher thread
 * ("HTTP-Dispatcher") and idle-connection timer; the server is started from the named thread so
 * that the dispatcher inherits its daemon status and never keeps the JVM alive. Scrapes allocate;
 * nothing here touches the data path.
 */
public final class StatsServer implements AutoCloseable
{
    /** The name of the thread that answers requests. */
    public static final String THREAD_NAME = "fleetbridge-stats";

    private static final Logger LOG = LoggerFactory.getLogger(StatsServer.class);
    /** The JDK server's property bounding a response's time; read once, when it first starts. */
    static final String MAX_RESPONSE_PROPERTY = "sun.net.httpserver.maxRspTime";
    /**
     * Seconds a response may take: requests are answered one at a time, so a client that stops reading a large page
     * would otherwise hold {@code /readyz} and {@code /metrics} for as long as it liked. An operator's own setting wins.
     */
    static final String MAX_RESPONSE_SECONDS = "10";
    /** The JDK server's property bounding the time to read a request's line and headers. */
    static final String MAX_REQUEST_PROPERTY = "sun.net.httpserver.maxReqTime";
    /**
     * Seconds a request's line and headers may take to arrive: they are read on the one answering thread, so a
     * client that sends half a request (or dies mid-request) would otherwise hold every endpoint until its socket
     * closed. An operator's own setting wins.
     */
    static final String MAX_REQUEST_SECONDS = "5";

    static
    {
        if (System.getProperty(MAX_RESPONSE_PROPERTY) == null)
        {
            System.setProperty(MAX_RESPONSE_PROPERTY, MAX_RESPONSE_SECONDS);
        }
        if (System.getProperty(MAX_REQUEST_PROPERTY) == null)
        {
            System.setProperty(MAX_REQUEST_PROPERTY, MAX_REQUEST_SECONDS);
        }
    }

    private final HttpServer server;
    private final ExecutorService thread;
    private final Supplier<List<AdapterMetrics>> metrics;
    private final String identity;
    private final Readiness readiness;
    /** More exposition text appended to the adapters' (the fleet views'), added after start. */
    private final List<Supplier<String>> extraMetrics = new CopyOnWriteArrayList<>();
    /** More pages by path (the fleet page), added after start. */
    private final Map<String, Page> pages = new ConcurrentHashMap<>();

    /** A page served at a path: its content type and a body made per request. */
    record Page(String contentType, Supplier<String> body)
    {
    }

    private StatsServer(
        final InetSocketAddress address, final Supplier<List<AdapterMetrics>> metrics, final String identity,
        final Readiness readiness) throws IOException
    {
        this.metrics = metrics;
        this.identity = identity;
        this.readiness = readiness;
        this.thread = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        try
        {
            this.server = HttpServer.create(address, 16);
            server.createContext("/", this::handle);
            server.setExecutor(thread);
            thread.submit(server::start).get();
        }
        catch (final IOException | RuntimeException ex)
        {
            thread.shutdownNow();
            throw ex;
        }
        catch (final ExecutionException ex)
        {
            thread.shutdownNow();
            throw new IOException("cannot start the HTTP server on " + address, ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the HTTP server on " + address, ex);
        }
    }

    /**
     * Starts the endpoints on {@code host:port}; port 0 picks a free port (see {@link #port()}).
     *
     * @param metrics   the adapters to export, asked on every scrape
     * @throws IOException when the address cannot be bound
     */
    public static StatsServer start(
        final String host, final int port, final Supplier<List<AdapterMetrics>> metrics, final String identity,
        final Readiness readiness) throws IOException
    {
        final StatsServer stats = new StatsServer(new InetSocketAddress(host, port), metrics, identity, readiness);
        LOG.info("HTTP endpoints on http://{}:{}/ (metrics, choria/prometheus, healthz, readyz)", host, stats.port());
        return stats;
    }

    /** Starts the endpoints as configured, or nothing when {@code plugin.choria.stats_port} is 0. */
    public static Optional<StatsServer> startIfEnabled(
        final DaemonConfig config, final Supplier<List<AdapterMetrics>> metrics, final Readiness readiness) throws IOException
    {
        if (config.statsPort() == 0)
        {
            return Optional.empty();
        }
        if (new InetSocketAddress(config.statsAddress(), config.statsPort()).isUnresolved())
        {
            throw ConfigException.badValue(ConfigKeys.STATS_ADDRESS.key(null), config.statsAddress(), "no such host: set "
                + ConfigKeys.STATS_ADDRESS.key(null) + " to an address of this host, 127.0.0.1 for this host only, or 0.0.0.0 for all");
        }
        try
        {
            return Optional.of(start(config.statsAddress(), config.statsPort(), metrics, config.identity(), readiness));
        }
        catch (final BindException ex)
        {
            throw cannotListen(config, ex);
        }
    }

    /** A bind failure, told by its cause: the port taken, the address not this host's, or a port only root may use. */
    static ConfigException cannotListen(final DaemonConfig config, final BindException ex)
    {
        final String reason = String.valueOf(ex.getMessage());
        final String where = "cannot listen on " + config.statsAddress() + ":" + config.statsPort() + " (" + reason + "); ";
        final String lower = reason.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("assign requested address"))
        {
            return ConfigException.badValue(ConfigKeys.STATS_ADDRESS.key(null), config.statsAddress(), where
                + "it is not an address of this host: set " + ConfigKeys.STATS_ADDRESS.key(null)
                + " to one of its addresses, 127.0.0.1 for this host only, or 0.0.0.0 for all");
        }
        if (lower.contains("permission denied") || lower.contains("access"))
        {
            return ConfigException.badValue(config.statsPortKey(), String.valueOf(config.statsPort()), where
                + (config.statsPort() < 1024
                    ? "ports below 1024 need root or CAP_NET_BIND_SERVICE: set " + config.statsPortKey() + " to a port above 1023"
                    : "the system refused this process the port (an SELinux or firewall policy, or "
                        + "net.ipv4.ip_unprivileged_port_start above it): allow it, or set " + config.statsPortKey() + " to another"));
        }
        // most often the broker's own port, when the daemon runs from the broker's file without a port of its own
        return ConfigException.badValue(config.statsPortKey(), String.valueOf(config.statsPort()), where
            + "another process has it (the Choria Broker's is plugin.choria.stats_port): set "
            + ConfigKeys.FLEETBRIDGE_STATS_PORT.key(null) + " to a free port, or 0 to turn the endpoints off");
    }

    /** Appends {@code exposition} to every {@code /metrics} and {@code /choria/prometheus} answer. */
    public void addMetrics(final Supplier<String> exposition)
    {
        extraMetrics.add(exposition);
    }

    /** Serves {@code body} at {@code path} (GET and HEAD). */
    public void addPage(final String path, final String contentType, final Supplier<String> body)
    {
        pages.put(path, new Page(contentType, body));
        LOG.info("HTTP endpoint on http://{}:{}{}", server.getAddress().getHostString(), port(), path);
    }

    /** The port bound. */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /** Stops listening, drops a request in progress (this is shutdown), and ends the thread. */
    @Override
    public void close()
    {
        // a delay here would be waited in full on JDK 17 even with nothing in progress
        server.stop(0);
        thread.shutdown();
        try
        {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange)
    {
        try
        {
            route(exchange);
        }
        catch (final IOException ex)
        {
            // a scraper that hangs up early is not the daemon's problem
            LOG.debug("HTTP response not completed: {}", ex.toString());
        }
        catch (final RuntimeException ex)
        {
            // thrown before any header went out (rendering and readiness come first), so a 500 can still be sent
            LOG.warn("HTTP request {} failed", exchange.getRequestURI(), ex);
            try
            {
                respond(exchange, 500, "text/plain; charset=utf-8", "internal error: " + ex + "\n");
            }
            catch (final IOException | RuntimeException notSent)
            {
                LOG.debug("HTTP 500 not sent: {}", notSent.toString());
            }
        }
        finally
        {
            exchange.close();
        }
    }

    private void route(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD"))
        {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return;
        }
        switch (exchange.getRequestURI().getPath())
        {
            case "/metrics":
            case "/choria/prometheus":
                respond(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics.get(), identity) + extraMetrics());
                break;
            case "/healthz":
                respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                break;
            case "/readyz":
                final List<String> problems = readiness.problems();
                if (problems.isEmpty())
                {
                    respond(exchange, 200, "text/plain; charset=utf-8", "ready\n");
                }
                else
                {
                    respond(exchange, 503, "text/plain; charset=utf-8", "not ready\n" + String.join("\n", problems) + "\n");
                }
                break;
            default:
                final Page page = pages.get(exchange.getRequestURI().getPath());
                if (page != null)
                {
                    respond(exchange, 200, page.contentType(), page.body().get());
                    break;
                }
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        }
    }

    private String extraMetrics()
    {
        final StringBuilder out = new StringBuilder();
        extraMetrics.forEach(exposition -> out.append(exposition.get()));
        return out.toString();
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        final boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }
}
