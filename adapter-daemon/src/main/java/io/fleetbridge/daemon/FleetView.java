package io.fleetbridge.daemon;

import io.fleetbridge.fleet.AdvisoryPublisher;
import io.fleetbridge.fleet.AdvisorySink;
import io.fleetbridge.fleet.FleetCounters;
import io.fleetbridge.fleet.FleetReader;
import io.fleetbridge.fleet.FleetSettings;
import io.fleetbridge.fleet.FleetSnapshot;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One adapter's fleet view in the daemon: its own connection to the stream servers (so that
 * reading back never shares a socket with the publishers), a {@link FleetReader}, and an
 * {@link AdvisoryPublisher} when {@code fleet.advisory.subject} is set.
 *
 * <p>Threads: {@code fleet-connect-<adapter>} connects (retrying, so that a server down at start
 * does not hold the daemon's start) and then ends; the reader's and the publisher's own threads.
 */
final class FleetView implements AutoCloseable
{
    /** The advisory's {@code inspect_field}: the view keys on the sender, as the replicator's Choria setup does. */
    static final String INSPECT_FIELD = "sender";

    private static final Logger LOG = LoggerFactory.getLogger(FleetView.class);

    private final String adapter;
    private final String topic;
    private final List<String> servers;
    private final FleetSettings settings;
    private final String identity;
    private final UnaryOperator<Options.Builder> security;
    private final FleetCounters counters = new FleetCounters();
    private final Thread connector;
    private volatile Connection connection;
    private volatile FleetReader reader;
    private volatile AdvisoryPublisher publisher;
    private volatile boolean closed;

    FleetView(final String adapter, final String topic, final List<String> servers, final FleetSettings settings,
        final String identity, final UnaryOperator<Options.Builder> security)
    {
        this.adapter = adapter;
        this.topic = topic;
        this.servers = servers;
        this.settings = settings;
        this.identity = identity;
        this.security = security;
        this.connector = new Thread(this::connect, "fleet-connect-" + adapter);
        this.connector.setDaemon(true);
    }

    FleetView start()
    {
        connector.start();
        return this;
    }

    String adapter()
    {
        return adapter;
    }

    FleetSettings settings()
    {
        return settings;
    }

    FleetCounters counters()
    {
        return counters;
    }

    /** The last scan, or {@link FleetSnapshot#EMPTY} before the first. */
    FleetSnapshot snapshot()
    {
        final FleetReader current = reader;
        return current == null ? FleetSnapshot.EMPTY : current.snapshot();
    }

    /** This daemon's clock less the server's as the reader sees it, in ms; {@link Long#MIN_VALUE} while unknown. */
    long clockOffsetMs()
    {
        final FleetReader current = reader;
        return current == null ? Long.MIN_VALUE : current.clockOffsetMs();
    }

    /** The stream read, once found. */
    String stream()
    {
        final FleetReader current = reader;
        return current == null ? null : current.stream();
    }

    /** What keeps the view from being current, or null. */
    String problem()
    {
        final FleetReader current = reader;
        if (current == null)
        {
            return "connecting to " + servers;
        }
        final String problem = current.problem();
        return problem != null ? problem : current.rebuilt() ? null : "rebuilding from the stream";
    }

    /** Advisories queued and not yet acknowledged. */
    int advisoryBacklog()
    {
        final AdvisoryPublisher current = publisher;
        return current == null ? 0 : current.backlog();
    }

    private void connect()
    {
        final Options options = security.apply(Options.builder()
            .servers(servers.toArray(new String[0]))
            .connectionName("fleetbridge-fleet-" + adapter)
            .maxReconnects(-1)
            .reconnectWait(Duration.ofSeconds(1))).build();
        while (!closed)
        {
            try
            {
                final Connection connected = Nats.connect(options);
                connection = connected;
                if (settings.advises())
                {
                    publisher = new AdvisoryPublisher(adapter, connected, settings.advisorySubject(), INSPECT_FIELD, identity,
                        5_000, 100_000, counters);
                }
                final AdvisoryPublisher sink = publisher;
                reader = new FleetReader(adapter, connected, topic, settings, sink == null ? AdvisorySink.NONE : sink, counters,
                    System::currentTimeMillis).start();
                if (closed)
                {
                    close();
                }
                return;
            }
            catch (final Exception ex)
            {
                LOG.warn("fleet {}: cannot connect to {} yet: {}", adapter, servers, ex.toString());
                try
                {
                    Thread.sleep(2_000);
                }
                catch (final InterruptedException stop)
                {
                    return;
                }
            }
        }
    }

    @Override
    public void close()
    {
        closed = true;
        connector.interrupt();
        final FleetReader currentReader = reader;
        if (currentReader != null)
        {
            currentReader.close();
        }
        final AdvisoryPublisher currentPublisher = publisher;
        if (currentPublisher != null)
        {
            currentPublisher.close(5_000);
        }
        final Connection current = connection;
        if (current != null)
        {
            try
            {
                current.close();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
