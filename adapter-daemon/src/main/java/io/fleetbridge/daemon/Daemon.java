package io.fleetbridge.daemon;

import io.fleetbridge.adapter.Adapter;
import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.AdapterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The running daemon: every configured adapter, the HTTP endpoints, and a once-a-second
 * monitor that keeps the adapters' periodic checks and the readiness log line current.
 *
 * <p>Threads: {@code fleetbridge-monitor} (the periodic checks), {@code fleetbridge-stats} (HTTP,
 * when {@code plugin.choria.stats_port} is set), plus those of each {@link Adapter}.
 * {@link #close()} drains every adapter in parallel, each within its own {@code drain_timeout}.
 */
public final class Daemon implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final JvmFailure jvm;
    private final List<Adapter> adapters = new ArrayList<>();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "fleetbridge-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private Optional<StatsServer> stats = Optional.empty();
    /** The fleet views of the adapters that enable one. */
    private final List<FleetView> fleet = new ArrayList<>();
    private volatile boolean wasReady;
    /** The first reason the daemon can no longer run ({@link Adapter#fatal()}), once the monitor has seen it. */
    private final CompletableFuture<String> fatal = new CompletableFuture<>();

    private Daemon(final DaemonConfig config, final JvmFailure jvm)
    {
        this.config = config;
        this.jvm = jvm;
    }

    /** Starts every adapter of {@code config} and the endpoints; returns once they are started. */
    public static Daemon start(final DaemonConfig config) throws IOException, InterruptedException
    {
        return start(config, new JvmFailure());
    }

    /** As {@link #start(DaemonConfig)}, not ready once {@code jvm} has seen the JVM fail. */
    static Daemon start(final DaemonConfig config, final JvmFailure jvm) throws IOException, InterruptedException
    {
        final Daemon daemon = new Daemon(config, jvm);
        try
        {
            daemon.startAll();
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            daemon.close();
            throw ex;
        }
        return daemon;
    }

    private void startAll() throws IOException, InterruptedException
    {
        final NatsSecurity security = NatsSecurity.of(config);
        if (security.tls() && !config.checkHostname())
        {
            LOG.warn("{}", CheckCommand.HOSTNAME_WARNING);
        }
        // before the adapters start: their connection errors may be what a warning explains
        config.warnings().forEach(LOG::warn);
        for (final AdapterConfig adapterConfig : config.adapters())
        {
            final String name = adapterConfig.name();
            LOG.info("adapter {}: ingest {}; stream {}", name,
                NatsSecurity.describe(config.ingestCredentials(name), security.tls()),
                NatsSecurity.describe(config.streamCredentials(name), security.tls()));
            final Adapter adapter = new Adapter(adapterConfig, new AdapterMetrics(name), security.ingest(name), security.stream(name));
            adapters.add(adapter);
            adapter.start();
        }
        stats = StatsServer.startIfEnabled(config, this::metrics, this::problems);
        startFleetViews(security);
        monitor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("fleetbridge {} started as {} with {} adapter(s)", Version.current(), config.identity(), adapters.size());
    }

    private void startFleetViews(final NatsSecurity security)
    {
        for (final AdapterConfig adapterConfig : config.adapters())
        {
            config.fleet(adapterConfig.name()).ifPresent(settings -> fleet.add(new FleetView(adapterConfig.name(),
                adapterConfig.streamTopic(), adapterConfig.streamServers(), settings, config.identity(),
                security.stream(adapterConfig.name())).start()));
        }
        if (!fleet.isEmpty())
        {
            stats.ifPresent(server ->
            {
                server.addMetrics(() -> FleetMetricsText.render(fleet, config.identity()));
                server.addPage(FleetPage.PATH, FleetPage.CONTENT_TYPE, () -> FleetPage.render(fleet));
                server.addPage(FleetPage.JSON_PATH, "application/json", () -> FleetPage.json(fleet));
            });
        }
    }

    /** The fleet views, in configuration order; empty when no adapter enables one. */
    List<FleetView> fleetViews()
    {
        return List.copyOf(fleet);
    }

    /** The adapters, in configuration order. */
    public List<Adapter> adapters()
    {
        return List.copyOf(adapters);
    }

    /** The metrics of every adapter, in configuration order. */
    public List<AdapterMetrics> metrics()
    {
        final List<AdapterMetrics> metrics = new ArrayList<>(adapters.size());
        adapters.forEach(adapter -> metrics.add(adapter.metrics()));
        return metrics;
    }

    /** What keeps the daemon from being ready; empty when ready. */
    public List<String> problems()
    {
        final List<String> problems = new ArrayList<>(jvm.problems());
        adapters.forEach(adapter -> problems.addAll(adapter.problems()));
        return problems;
    }

    /**
     * Blocks until an adapter can no longer run, and returns why: the caller should stop the daemon with a failure, so that a
     * service manager restarts it (a fixed credentials file or server is then read anew).
     */
    public String awaitFatal() throws InterruptedException
    {
        try
        {
            return fatal.get();
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            throw new IllegalStateException(ex.getCause());
        }
    }

    /** Why an adapter can no longer run, once the monitor has seen it; empty while every one can. */
    public Optional<String> fatal()
    {
        return Optional.ofNullable(fatal.getNow(null));
    }

    /** The HTTP port bound, when the endpoints are enabled. */
    public Optional<Integer> statsPort()
    {
        return stats.map(StatsServer::port);
    }

    private void tick()
    {
        try
        {
            adapters.forEach(Adapter::tick);
            for (final Adapter adapter : adapters)
            {
                final String reason = adapter.fatal();
                if (reason != null && fatal.complete(reason))
                {
                    LOG.error("{}", reason);
                }
            }
            final List<String> problems = problems();
            if (problems.isEmpty() != wasReady)
            {
                wasReady = problems.isEmpty();
                if (wasReady)
                {
                    LOG.info("ready: every adapter is connected on both sides and its stream exists");
                }
                else
                {
                    LOG.warn("not ready: {}", String.join("; ", problems));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("monitor tick failed", ex);
        }
        catch (final VirtualMachineError ex)
        {
            // thrown out of a scheduled task it would only cancel the task, silently
            jvm.uncaughtException(Thread.currentThread(), ex);
        }
    }

    /**
     * Stops ingest, drains every adapter and closes every fleet view, all in parallel (so that a stop
     * takes the longest of them, within {@link StopTimeout#MARGIN_MS} past the longest drain however
     * many adapters and views there are), then stops the endpoints.
     */
    @Override
    public void close()
    {
        monitor.shutdownNow();
        final List<Thread> closing = new ArrayList<>();
        // the data first: the drains start before the fleet views close, which can wait on a slow server
        adapters.forEach(adapter -> closing.add(start("fleetbridge-" + adapter.name() + "-drain", adapter::close)));
        fleet.forEach(view -> closing.add(start("fleetbridge-" + view.adapter() + "-fleet-close", view::close)));
        joinAll(closing);
        stats.ifPresent(StatsServer::close);
    }

    private static Thread start(final String name, final Runnable task)
    {
        final Thread thread = new Thread(task, name);
        thread.start();
        return thread;
    }

    /** Waits for every thread; an interrupt stops the wait, not the threads. */
    static void joinAll(final List<Thread> threads)
    {
        for (final Thread thread : threads)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
