package io.fleetbridge.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One real {@code nats-server} process with JetStream (file storage) for tests.
 *
 * <p>{@link #start()} creates a temporary directory holding the generated {@code nats.conf},
 * the server's log ({@code nats.log}, stdout and stderr, appended across restarts) and the
 * JetStream store, picks free loopback ports for clients and HTTP monitoring, launches the
 * process and returns once {@code /healthz} answers 200. If another process took a port
 * before the server bound it, the start is repeated on new ports. The ports and the store are
 * kept from then on: {@link #restart()} brings the server back on the same port with the same
 * data, as a crashed broker would come back.
 *
 * <p>Failure: a server that exits or is not ready within the start timeout is killed and
 * {@link #start()} throws {@link IllegalStateException} whose message ends with the tail of the
 * log. A missing binary fails the same way (see {@link NatsServerBinary}), never skips.
 *
 * <p>Threads: none of its own; the JDK reaps the child process on its "process reaper" thread,
 * and {@link ServerReaper}'s shutdown hook kills any server still running when the JVM exits.
 * Methods are synchronized, so a server may be driven from several threads, but a call waits
 * while another thread starts or stops the same server.
 */
public final class NatsServer implements AutoCloseable
{
    static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(1);
    private static final int PORT_ATTEMPTS = 5;

    private final String name;
    private final String extraConfig;
    private final int maxPayloadBytes;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String cpus;
    private final Supplier<ServerPorts> portSource;

    private String clusterName;
    private List<Integer> routePorts = List.of();
    private ServerPorts ports;
    private boolean portsFixed;
    private volatile ServerDirectory dir;
    // volatile: read without the lock by isRunning() and by the shutdown hook
    private volatile ServerProcess process;
    private boolean closed;

    private NatsServer(final Builder builder)
    {
        this.name = builder.name;
        this.extraConfig = builder.extraConfig;
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.cpus = builder.cpus;
        this.portSource = builder.portSource;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the server and waits until it is ready. The first start picks the ports (again on a
     * port race); later starts reuse them and the store.
     *
     * @throws IllegalStateException if it is already running, was closed, or did not become ready
     */
    public synchronized void start()
    {
        final int attempts = portsFixed ? 1 : PORT_ATTEMPTS;
        for (int attempt = 1; ; attempt++)
        {
            if (!portsFixed)
            {
                ports = portSource.get();
            }
            launch();
            try
            {
                awaitReady(Deadline.in(startTimeout));
                portsFixed = true;
                return;
            }
            catch (final PortConflictException e)
            {
                if (attempt >= attempts)
                {
                    throw e;
                }
            }
        }
    }

    /** Stops the server if it runs (gracefully), then starts it on the same port and store. */
    public synchronized void restart()
    {
        stop();
        start();
    }

    /**
     * Graceful stop: SIGCONT if paused, SIGTERM, then SIGKILL if it has not exited within the
     * stop timeout. Returns once the process is gone. No effect if it is not running.
     */
    public synchronized void stop()
    {
        final ServerProcess running = process;
        if (running != null)
        {
            running.terminate(stopTimeout);
            process = null;
        }
    }

    /** SIGKILL, as a crash or power loss would end it; returns once the process is gone. */
    public synchronized void kill()
    {
        final ServerProcess running = process;
        if (running != null)
        {
            running.kill(stopTimeout);
            process = null;
        }
    }

    /**
     * SIGSTOP: the process stays alive and holds its sockets but answers nothing (clients and
     * routes see a hung peer, not a closed one) until {@link #resume()}. Returns once every
     * thread of the server has stopped (checked on Linux).
     */
    public synchronized void pause()
    {
        requireRunning().pause(stopTimeout);
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume()
    {
        requireRunning().resume(stopTimeout);
    }

    /** Stops the server and deletes its directory (config, log, store). Idempotent. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            stop();
        }
        finally
        {
            closed = true;
            if (dir != null)
            {
                dir.delete();
            }
            ServerReaper.unregister(this);
        }
    }

    public String name()
    {
        return name;
    }

    /** Client port; fixed after the first successful start. */
    public synchronized int port()
    {
        return requirePorts().client();
    }

    public synchronized int monitorPort()
    {
        return requirePorts().monitor();
    }

    /** {@code nats://127.0.0.1:PORT} */
    public synchronized String url()
    {
        return "nats://127.0.0.1:" + port();
    }

    /** The JetStream {@code store_dir}; the same across restarts. */
    public synchronized Path storeDir()
    {
        return requireDir().store();
    }

    /** The server's stdout and stderr, appended across restarts. */
    public synchronized Path logFile()
    {
        return requireDir().log();
    }

    public synchronized Path configFile()
    {
        return requireDir().config();
    }

    public synchronized long pid()
    {
        return requireRunning().pid();
    }

    public boolean isRunning()
    {
        final ServerProcess running = process;
        return running != null && running.isAlive();
    }

    public synchronized boolean isPaused()
    {
        return isRunning() && process.isPaused();
    }

    /** The HTTP monitoring endpoint; answers nothing while paused or stopped. */
    public synchronized MonitorEndpoint monitor()
    {
        return new MonitorEndpoint(monitorPort(), MONITOR_TIMEOUT);
    }

    /** The stream as this server reports it, or empty if it holds no replica or does not answer. */
    public Optional<LocalStream> localStream(final String streamName)
    {
        return monitor().get("/jsz?accounts=true&streams=true")
            .filter(MonitorEndpoint.Response::isOk)
            .flatMap(response -> LocalStream.find(response.body(), streamName));
    }

    /** The last lines of the log, for failure messages. */
    public synchronized String logTail()
    {
        return dir == null ? "(no log)" : dir.logTail();
    }

    @Override
    public String toString()
    {
        final ServerPorts known = ports;
        return "nats-server " + name + (known == null ? "" : " on 127.0.0.1:" + known.client());
    }

    /** Cluster nodes: the cluster chooses every node's ports, since each node's routes name them all. */
    synchronized void joinCluster(final String clusterName, final ServerPorts ports, final List<Integer> routePorts)
    {
        this.clusterName = clusterName;
        this.ports = ports;
        this.routePorts = List.copyOf(routePorts);
        this.portsFixed = true;
    }

    /** Writes the config and launches the process without waiting for readiness. */
    synchronized void launch()
    {
        if (closed)
        {
            throw new IllegalStateException(this + " is closed");
        }
        if (isRunning())
        {
            throw new IllegalStateException(this + " is already running (pid " + process.pid() + ")");
        }
        final Path binary = NatsServerBinary.locate();
        if (dir == null)
        {
            dir = ServerDirectory.create(name);
            ServerReaper.register(this);
        }
        dir.writeConfig(new NatsServerConfig(
            name, ports, dir.store(), maxPayloadBytes, clusterName, routePorts, extraConfig).render());
        dir.appendToLog("=== harness: starting " + this);
        try
        {
            process = ServerProcess.launch(binary, dir.config(), dir.log(), cpus);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot start " + this + " from " + binary + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for {@link #pollReady()}; kills the process if the deadline passes.
     *
     * @throws IllegalStateException if it exited or the deadline passed
     */
    synchronized void awaitReady(final Deadline deadline)
    {
        while (!pollReady())
        {
            if (deadline.hasPassed())
            {
                kill();
                throw new IllegalStateException(this + " not ready (/healthz) within " + startTimeout.toMillis()
                    + " ms; log " + dir.log() + " ends:\n" + dir.logTail());
            }
            Deadline.pause();
        }
    }

    /**
     * One readiness check: true once {@code /healthz} answers 200.
     *
     * @throws PortConflictException if the server exited because a port was taken
     * @throws IllegalStateException if it exited otherwise
     */
    synchronized boolean pollReady()
    {
        final ServerProcess running = process;
        if (running == null || !running.isAlive())
        {
            process = null;
            final String exit = running == null ? "is not running" : running.describeExit();
            final String tail = logTail();
            final String message = this + " " + exit + " while starting (config " + configFile() + "); log "
                + logFile() + " ends:\n" + tail;
            if (tail.contains("address already in use"))
            {
                throw new PortConflictException(message);
            }
            throw new IllegalStateException(message);
        }
        return monitor().isHealthy();
    }

    /** Shutdown hook: no locks, since a test thread may hold this server's monitor forever. */
    void reap()
    {
        final ServerProcess running = process;
        if (running != null)
        {
            running.reap();
        }
        final ServerDirectory created = dir;
        if (created != null)
        {
            created.delete();
        }
    }

    private ServerProcess requireRunning()
    {
        final ServerProcess running = process;
        if (running == null || !running.isAlive())
        {
            throw new IllegalStateException(this + " is not running");
        }
        return running;
    }

    private ServerPorts requirePorts()
    {
        if (ports == null)
        {
            throw new IllegalStateException(this + " has not been started");
        }
        return ports;
    }

    private ServerDirectory requireDir()
    {
        if (dir == null)
        {
            throw new IllegalStateException(this + " has not been started");
        }
        return dir;
    }

    /** Settings of a {@link NatsServer}; not thread safe. */
    public static final class Builder
    {
        private String name = "n1";
        private String extraConfig = "";
        private int maxPayloadBytes;
        private Duration startTimeout = Duration.ofSeconds(15);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private String cpus;
        private Supplier<ServerPorts> portSource = ServerPorts::pickStandalone;

        private Builder()
        {
        }

        /** {@code server_name}, also in the temp directory's name; default {@code n1}. */
        public Builder name(final String name)
        {
            this.name = name;
            return this;
        }

        /** Appended verbatim to the generated config, e.g. a {@code tls { }} or {@code authorization { }} block. */
        public Builder extraConfig(final String confFragment)
        {
            this.extraConfig = confFragment == null ? "" : confFragment;
            return this;
        }

        /** The server's {@code max_payload}; 0 (default) keeps the server default of 1 MiB. */
        public Builder maxPayloadBytes(final int maxPayloadBytes)
        {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /** How long {@link NatsServer#start()} waits for {@code /healthz}; default 15 s. */
        public Builder startTimeout(final Duration startTimeout)
        {
            this.startTimeout = startTimeout;
            return this;
        }

        /** How long {@link NatsServer#stop()} waits after SIGTERM before SIGKILL; default 10 s. */
        public Builder stopTimeout(final Duration stopTimeout)
        {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /**
         * Runs the server on these CPUs from its first instruction ({@code taskset -c cpuList}, e.g. {@code "0"}),
         * so that the Go runtime sizes itself to them: it reads its CPU affinity once, at start, to choose
         * GOMAXPROCS, and a server pinned after start keeps as many processors (and garbage-collection workers)
         * as the machine has. Default: wherever the OS puts it. Needs {@code taskset} (util-linux).
         */
        public Builder cpus(final String cpuList)
        {
            this.cpus = cpuList;
            return this;
        }

        /** Where a standalone server's ports come from; tests of the port race replace it. */
        Builder portSource(final Supplier<ServerPorts> portSource)
        {
            this.portSource = portSource;
            return this;
        }

        public NatsServer build()
        {
            return new NatsServer(this);
        }

        Builder copy()
        {
            final Builder copy = new Builder();
            copy.name = name;
            copy.extraConfig = extraConfig;
            copy.maxPayloadBytes = maxPayloadBytes;
            copy.startTimeout = startTimeout;
            copy.stopTimeout = stopTimeout;
            copy.cpus = cpus;
            copy.portSource = portSource;
            return copy;
        }
    }
}
