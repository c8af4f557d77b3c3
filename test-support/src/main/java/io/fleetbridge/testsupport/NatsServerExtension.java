package io.fleetbridge.testsupport;

/**
 * JUnit 5 extension running one {@link NatsServer} (JetStream, file storage) for a test class
 * or for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension NATS = NatsServerExtension.single();
 *
 * try (Connection nc = Nats.connect(NATS.url())) { ... }
 * }</pre>
 *
 * <p>Static field: one server for the class, revived before each test if a test stopped,
 * killed or paused it. Instance field: a fresh server per test. A fresh server is a new
 * {@code NatsServer} with a new directory; a server is never reused after close. If
 * {@code nats-server} is missing the tests fail with instructions to install it. See
 * {@link LifecycleExtension} for threading.
 */
public final class NatsServerExtension extends LifecycleExtension
{
    private final NatsServer.Builder settings;
    private NatsServer server;

    private NatsServerExtension(final NatsServer.Builder settings)
    {
        this.settings = settings;
    }

    /** One server named {@code n1} with default settings. */
    public static NatsServerExtension single()
    {
        return new NatsServerExtension(NatsServer.builder());
    }

    /** One server built from {@code settings} (extra config, max payload, timeouts). */
    public static NatsServerExtension single(final NatsServer.Builder settings)
    {
        return new NatsServerExtension(settings.copy());
    }

    /** A three-node JetStream cluster with default settings; see {@link NatsClusterExtension}. */
    public static NatsClusterExtension cluster()
    {
        return NatsClusterExtension.threeNodes();
    }

    /** The running server; only valid inside a test or a {@code @BeforeEach}/{@code @BeforeAll}. */
    public NatsServer server()
    {
        if (server == null || !isStarted())
        {
            throw new IllegalStateException("no server: the extension has not started one (is the field annotated"
                + " with @RegisterExtension?)");
        }
        return server;
    }

    /** {@code nats://127.0.0.1:PORT} of the running server. */
    public String url()
    {
        return server().url();
    }

    @Override
    void startServers()
    {
        server = settings.build();
        server.start();
    }

    @Override
    void reviveServers()
    {
        if (server.isPaused())
        {
            server.resume();
        }
        if (!server.isRunning())
        {
            server.start();
        }
    }

    @Override
    void closeServers()
    {
        if (server != null)
        {
            server.close();
        }
    }
}
