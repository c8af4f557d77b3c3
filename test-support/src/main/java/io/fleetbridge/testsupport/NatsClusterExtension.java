package io.fleetbridge.testsupport;

/**
 * JUnit 5 extension running a three-node JetStream {@link NatsCluster} for a test class or for
 * each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsClusterExtension CLUSTER = NatsServerExtension.cluster();
 *
 * try (Connection nc = Nats.connect(Options.builder().servers(CLUSTER.cluster().urls()).build())) { ... }
 * }</pre>
 *
 * <p>Static field: one cluster for the class; before each test, nodes an earlier test stopped,
 * killed or paused are brought back and the cluster is awaited formed again. Instance field:
 * a fresh cluster per test (a few seconds each). See {@link LifecycleExtension} for threading.
 */
public final class NatsClusterExtension extends LifecycleExtension
{
    private final NatsCluster.Builder settings;
    private NatsCluster cluster;

    private NatsClusterExtension(final NatsCluster.Builder settings)
    {
        this.settings = settings;
    }

    /** Three nodes with default settings. */
    public static NatsClusterExtension threeNodes()
    {
        return new NatsClusterExtension(NatsCluster.builder());
    }

    /**
     * Three nodes built from {@code settings}; the builder is used when the extension starts,
     * so do not change it afterwards.
     */
    public static NatsClusterExtension of(final NatsCluster.Builder settings)
    {
        return new NatsClusterExtension(settings);
    }

    /** The running cluster; only valid inside a test or a {@code @BeforeEach}/{@code @BeforeAll}. */
    public NatsCluster cluster()
    {
        if (cluster == null || !isStarted())
        {
            throw new IllegalStateException("no cluster: the extension has not started one (is the field annotated"
                + " with @RegisterExtension?)");
        }
        return cluster;
    }

    /** Comma-separated client URLs of all nodes. */
    public String url()
    {
        return cluster().url();
    }

    @Override
    void startServers()
    {
        cluster = settings.build();
        cluster.start();
    }

    @Override
    void reviveServers()
    {
        for (final NatsServer node : cluster.nodes())
        {
            if (node.isPaused())
            {
                node.resume();
            }
        }
        // start() launches only the nodes that are down, then waits for the whole cluster
        cluster.start();
    }

    @Override
    void closeServers()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }
}
