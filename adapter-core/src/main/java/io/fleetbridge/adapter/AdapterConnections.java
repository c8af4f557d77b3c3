package io.fleetbridge.adapter;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Opens the NATS connections of one adapter with the options every one of them shares:
 * reconnect for ever with capped backoff, an outgoing queue sized for the ack window, a
 * connection name an operator can find in the server's {@code connz}, and state-change logging.
 *
 * <p>Logging is one line per transition, not per attempt: "disconnected" once when a live
 * connection drops, "reconnected" once when it is back; failed attempts in between go to the
 * rate-limited {@link ErrorLog} through {@link ConnectionErrors}. Stateless apart from its
 * settings; {@link #open} may be called from any thread.
 */
final class AdapterConnections
{
    private static final Logger LOG = LoggerFactory.getLogger(AdapterConnections.class);

    /** Receives a connection's up/down transitions, on the client's threads. */
    @FunctionalInterface
    interface StateListener
    {
        void changed(Connection connection, boolean connected);
    }

    private final AdapterConfig config;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;

    AdapterConnections(final AdapterConfig config, final AdapterMetrics metrics, final ErrorLog errors)
    {
        this.config = config;
        this.metrics = metrics;
        this.errors = errors;
    }

    /** Connects, retrying until a server answers; throws only when interrupted or the options are invalid. */
    Connection open(
        final List<String> servers, final String side, final int index,
        final UnaryOperator<Options.Builder> settings, final StateListener state) throws InterruptedException
    {
        final String label = "adapter " + config.name() + " " + side + " " + index;
        final AtomicBoolean up = new AtomicBoolean();
        final Options.Builder builder = new Options.Builder()
            .servers(servers.toArray(new String[0]))
            .connectionName("fleetbridge " + config.name() + " " + side + " " + index)
            .maxReconnects(-1)
            .reconnectDelayHandler(new ReconnectBackoff())
            .maxMessagesInOutgoingQueue(Math.max(5000, 2 * config.maxInflight()))
            .connectionListener((conn, event) -> {
                switch (event)
                {
                    case CONNECTED:
                        up.set(true);
                        LOG.debug("{}: connected to {}", label, conn.getConnectedUrl());
                        state.changed(conn, true);
                        break;
                    case RECONNECTED:
                        if (!up.getAndSet(true))
                        {
                            LOG.info("{}: reconnected to {}", label, conn.getConnectedUrl());
                        }
                        state.changed(conn, true);
                        break;
                    case DISCONNECTED:
                    case CLOSED:
                        if (up.getAndSet(false) && event == io.nats.client.ConnectionListener.Events.DISCONNECTED)
                        {
                            LOG.warn("{}: disconnected; reconnecting with backoff", label);
                        }
                        state.changed(conn, false);
                        break;
                    default:
                        break;
                }
            })
            .errorListener(new ConnectionErrors(label, metrics, errors));
        try
        {
            return Nats.connectReconnectOnConnect(settings.apply(builder).build());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(label + ": cannot connect to " + servers + ": " + ConnectionFailure.describe(ex), ex);
        }
    }
}
