package io.fleetbridge.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Three {@link NatsServer} nodes, {@code n1}..{@code n3}, forming one JetStream cluster on
 * loopback: each node has its own ports and store, and routes to all three cluster ports.
 *
 * <p>{@link #start()} launches all nodes together (a lone node cannot elect a meta leader, so
 * they cannot be started one by one), then waits until every node's {@code /healthz} answers
 * 200 and the meta leader reports both other peers current, so that the first R3
 * {@code addStream} of a test finds three JetStream servers. A port race on the first start
 * starts all three again on new ports, since every node's routes name every cluster port.
 * Nodes are stopped, killed, paused and restarted through {@link #node(int)}; a restarted
 * node keeps its ports and store.
 *
 * <p>Failure: a node that exits or a cluster that is not formed within the start timeout makes
 * {@link #start()} kill all nodes and throw {@link IllegalStateException} with the log tails.
 *
 * <p>Threads: none beyond the three server processes (see {@link NatsServer}). Not thread safe:
 * drive a cluster from one test thread.
 */
public final class NatsCluster implements AutoCloseable
{
    /** Nodes in a cluster: the smallest size that survives losing one node. */
    public static final int SIZE = 3;
    private static final int PORT_ATTEMPTS = 5;

    private final String clusterName;
    private final Duration startTimeout;
    private final List<NatsServer> nodes;
    private boolean formed;

    private NatsCluster(final Builder builder)
    {
        this.clusterName = builder.clusterName;
        this.startTimeout = builder.startTimeout;
        final List<NatsServer> created = new ArrayList<>(SIZE);
        for (int i = 1; i <= SIZE; i++)
        {
            created.add(builder.node.copy().name("n" + i).startTimeout(builder.startTimeout).build());
        }
        this.nodes = List.copyOf(created);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts every node that is not running and waits until the cluster is formed. The first
     * start chooses the ports; later starts reuse them.
     *
     * @throws IllegalStateException if the cluster does not form within the start timeout
     */
    public void start()
    {
        final int attempts = formed ? 1 : PORT_ATTEMPTS;
        for (int attempt = 1; ; attempt++)
        {
            if (!formed)
            {
                assignPorts();
            }
            try
            {
                for (final NatsServer node : nodes)
                {
                    if (!node.isRunning())
                    {
                        node.launch();
                    }
                }
                awaitFormed(Deadline.in(startTimeout));
                formed = true;
                return;
            }
            catch (final PortConflictException e)
            {
                killAll();
                if (attempt >= attempts)
                {
                    throw e;
                }
            }
            catch (final RuntimeException | AssertionError e)
            {
                killAll();
                throw e;
            }
        }
    }

    /** Stops every node and deletes their directories. Idempotent. */
    @Override
    public void close()
    {
        RuntimeException failure = null;
        for (final NatsServer node : nodes)
        {
            try
            {
                node.close();
            }
            catch (final RuntimeException e)
            {
                if (failure == null)
                {
                    failure = e;
                }
                else
                {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Node {@code n<number>}: {@code node(1)} is {@code n1}; numbering follows the server names. */
    public NatsServer node(final int number)
    {
        if (number < 1 || number > SIZE)
        {
            throw new IllegalArgumentException("nodes are numbered 1.." + SIZE + ", not " + number);
        }
        return nodes.get(number - 1);
    }

    /** The node whose {@code server_name} is {@code name}. */
    public NatsServer node(final String name)
    {
        return nodes.stream()
            .filter(node -> node.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no node named " + name));
    }

    public List<NatsServer> nodes()
    {
        return nodes;
    }

    /** Client URLs of all nodes, comma-separated, as {@code Options.Builder.server(String)} takes them. */
    public String url()
    {
        return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    /** Client URLs of all nodes. */
    public String[] urls()
    {
        return nodes.stream().map(NatsServer::url).toArray(String[]::new);
    }

    public String clusterName()
    {
        return clusterName;
    }

    /** The node that running, unpaused nodes agree is the JetStream meta leader. */
    public Optional<NatsServer> metaLeader()
    {
        String agreed = null;
        for (final NatsServer node : reachableNodes())
        {
            final Optional<String> leader = node.monitor().get("/jsz")
                .filter(MonitorEndpoint.Response::isOk)
                .map(response -> LocalStream.metaLeader(response.body()));
            if (leader.isEmpty() || leader.get().isEmpty() || (agreed != null && !agreed.equals(leader.get())))
            {
                return Optional.empty();
            }
            agreed = leader.get();
        }
        return agreed == null ? Optional.empty() : Optional.of(node(agreed));
    }

    /**
     * The node that leads {@code stream}: the node whose own monitoring output names itself as
     * the stream's leader (a follower's view may lag an election). Empty while there is none.
     */
    public Optional<NatsServer> streamLeader(final String stream)
    {
        for (final NatsServer node : reachableNodes())
        {
            final Optional<LocalStream> local = node.localStream(stream);
            if (local.isPresent() && local.get().leader().equals(node.name()))
            {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /**
     * Polls {@link #streamLeader(String)} until a leader is elected.
     *
     * @throws AssertionError if none is within {@code timeout}
     */
    public NatsServer awaitStreamLeader(final String stream, final Duration timeout)
    {
        return Deadline.awaitValue(timeout, "a leader of stream " + stream, () -> streamLeader(stream));
    }

    /**
     * Polls every node's own replica of {@code stream} until all of them run and hold the same
     * messages up to the same last sequence: a restarted node has caught up, so a reader served
     * by any replica sees the whole stream.
     *
     * @throws AssertionError if the replicas do not agree within {@code timeout}
     */
    public void awaitReplicasInStep(final String stream, final Duration timeout)
    {
        Deadline.await(timeout, "every replica of stream " + stream + " in step", () -> replicasInStep(stream));
    }

    private boolean replicasInStep(final String stream)
    {
        final List<NatsServer> reachable = reachableNodes();
        if (reachable.size() != nodes.size())
        {
            return false;
        }
        LocalStream first = null;
        for (final NatsServer node : reachable)
        {
            final Optional<LocalStream> local = node.localStream(stream);
            if (local.isEmpty())
            {
                return false;
            }
            if (first == null)
            {
                first = local.get();
            }
            else if (local.get().messages() != first.messages() || local.get().lastSequence() != first.lastSequence())
            {
                return false;
            }
        }
        return true;
    }

    private void assignPorts()
    {
        final List<ServerPorts> picked = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++)
        {
            picked.add(ServerPorts.pickClustered());
        }
        final List<Integer> routes = picked.stream().map(ServerPorts::cluster).collect(Collectors.toList());
        for (int i = 0; i < SIZE; i++)
        {
            nodes.get(i).joinCluster(clusterName, picked.get(i), routes);
        }
    }

    private void awaitFormed(final Deadline deadline)
    {
        while (!isFormed())
        {
            if (deadline.hasPassed())
            {
                final StringBuilder logs = new StringBuilder();
                for (final NatsServer node : nodes)
                {
                    logs.append("\n--- ").append(node).append(" log ends:\n").append(node.logTail());
                }
                throw new IllegalStateException("cluster " + clusterName + " not formed within "
                    + startTimeout.toMillis() + " ms" + logs);
            }
            Deadline.pause();
        }
    }

    private boolean isFormed()
    {
        boolean allReady = true;
        // poll every node, not just the first unready one, so that an exited node fails fast
        for (final NatsServer node : nodes)
        {
            allReady &= node.pollReady();
        }
        if (!allReady)
        {
            return false;
        }
        return metaLeader()
            .flatMap(leader -> leader.monitor().get("/jsz"))
            .filter(MonitorEndpoint.Response::isOk)
            .map(response -> LocalStream.currentMetaReplicas(response.body()) >= SIZE - 1)
            .orElse(false);
    }

    private List<NatsServer> reachableNodes()
    {
        return nodes.stream().filter(node -> node.isRunning() && !node.isPaused()).collect(Collectors.toList());
    }

    private void killAll()
    {
        for (final NatsServer node : nodes)
        {
            node.kill();
        }
    }

    /** Settings of a {@link NatsCluster}; not thread safe. */
    public static final class Builder
    {
        private String clusterName = "fleetbridge";
        private Duration startTimeout = Duration.ofSeconds(30);
        private final NatsServer.Builder node = NatsServer.builder();

        private Builder()
        {
        }

        public Builder clusterName(final String clusterName)
        {
            this.clusterName = clusterName;
            return this;
        }

        /** Appended verbatim to every node's config (TLS, authorization). */
        public Builder extraConfig(final String confFragment)
        {
            node.extraConfig(confFragment);
            return this;
        }

        public Builder maxPayloadBytes(final int maxPayloadBytes)
        {
            node.maxPayloadBytes(maxPayloadBytes);
            return this;
        }

        /** How long {@link NatsCluster#start()} and a node's restart wait; default 30 s. */
        public Builder startTimeout(final Duration startTimeout)
        {
            this.startTimeout = startTimeout;
            return this;
        }

        public NatsCluster build()
        {
            return new NatsCluster(this);
        }
    }
}
