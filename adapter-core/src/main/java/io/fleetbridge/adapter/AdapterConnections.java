package io.fleetbridge.adapter;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Opens the NATS connections of one adapter with the options every one of them shares:
 * reconnect for ever with capped backoff, an outgoing queue sized for the ack window, a
 * connection name an operator can find in the server's {@code connz}, and state-change logging.
 *
 * <p>Every line about a connection names the adapter, the side and index ({@code ingest 0},
 * {@code stream 1}), the server (the one connected to or lost, or the configured list while
 * none answers) and the cause in {@link ConnectionFailure}'s words, as {@code check} prints them.
 * Logging is one line per transition, not per attempt: "disconnected" once when a live
 * connection drops, "reconnected" once when it is back; failed attempts in between go to the
 * rate-limited {@link ErrorLog} through {@link ConnectionErrors}, one key per connection so
 * that one connection's failures never hide another's. Keeps, besides its settings, what servers refused each connection;
 * {@link #open} may be called from any thread.
 */
final class AdapterConnections
{
    private final AdapterConfig config;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;
    private final Logger log;
    /** What servers refused each connection opened so far, in order ({@link #refusals()}). */
    private final List<AtomicReference<String>> refusals = new CopyOnWriteArrayList<>();

    AdapterConnections(final AdapterConfig config, final AdapterMetrics metrics, final ErrorLog errors)
    {
        this(config, metrics, errors, LoggerFactory.getLogger(AdapterConnections.class));
    }

    /**
     * Any thread: what servers refused the connections opened so far (a permissions violation), one line each; the
     * connection stays up and says nothing else, so without this an ingest subscription refused would look ready.
     */
    List<String> refusals()
    {
        final List<String> refused = new ArrayList<>();
        for (final AtomicReference<String> refusal : refusals)
        {
            final String text = refusal.get();
            if (text != null)
            {
                refused.add(text);
            }
        }
        return refused;
    }

    /** @param log receives the transition lines; tests pass their own */
    AdapterConnections(final AdapterConfig config, final AdapterMetrics metrics, final ErrorLog errors, final Logger log)
    {
        this.config = config;
        this.metrics = metrics;
        this.errors = errors;
        this.log = log;
    }

    /** Receives a connection's up/down transitions, on the client's threads. */
    @FunctionalInterface
    interface StateListener
    {
        void changed(Connection connection, boolean connected);
    }

    /** Connects, retrying until a server answers; throws only when interrupted or the options are invalid. */
    Connection open(
        final List<String> servers, final String side, final int index,
        final UnaryOperator<Options.Builder> settings, final StateListener state) throws InterruptedException
    {
        return open(servers, side, index, settings, state, null);
    }

    /**
     * {@link #open(List, String, int, UnaryOperator, StateListener)}, with {@code replies}, when not null, run on the
     * client's reader thread each time the replies of a read are queued ({@link ReplyWakingDataPort}).
     */
    Connection open(
        final List<String> servers, final String side, final int index,
        final UnaryOperator<Options.Builder> settings, final StateListener state, final Runnable replies)
        throws InterruptedException
    {
        final String label = "adapter " + config.name() + " " + side + " " + index;
        final AtomicBoolean up = new AtomicBoolean();
        // what the server refused this connection, until its next (re)connect sends its subscriptions anew
        final AtomicReference<String> refused = new AtomicReference<>();
        refusals.add(refused);
        // the server last connected to, so that a disconnect names the one that was lost
        final AtomicReference<String> server = new AtomicReference<>(String.valueOf(servers));
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
                        refused.set(null);
                        up.set(true);
                        server.set(conn.getConnectedUrl());
                        log.info("{}: connected to {}", label, conn.getConnectedUrl());
                        state.changed(conn, true);
                        break;
                    case RECONNECTED:
                        refused.set(null);
                        server.set(conn.getConnectedUrl());
                        if (!up.getAndSet(true))
                        {
                            log.info("{}: reconnected to {}", label, conn.getConnectedUrl());
                        }
                        state.changed(conn, true);
                        break;
                    case DISCONNECTED:
                    case CLOSED:
                        if (up.getAndSet(false) && event == io.nats.client.ConnectionListener.Events.DISCONNECTED)
                        {
                            log.warn("{}: disconnected from {}; reconnecting to {} with backoff", label, server.get(), servers);
                        }
                        state.changed(conn, false);
                        break;
                    default:
                        break;
                }
            })
            .errorListener(new ConnectionErrors(label, side + " " + index, servers, up, server, metrics, errors, refused));
        try
        {
            final Options.Builder options = settings.apply(builder);
            return Nats.connectReconnectOnConnect(replies == null ? options.build() : ReplyWakingDataPort.build(options, replies));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(label + ": cannot connect to " + servers + ": " + ConnectionFailure.describe(ex), ex);
        }
    }
}
