package io.fleetbridge.adapter;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;

/**
 * Turns the NATS client's error callbacks for one connection into counters and rate-limited
 * log lines that name the connection (adapter, side, index), the server and the cause: the
 * server connected to while the connection is up, else the configured servers it cannot reach.
 * Each connection has its own keys in the {@link ErrorLog}, built once here, so that an ingest
 * connection that cannot connect is not counted as a repeat of a stream connection's failure.
 *
 * <p>Called on the client's threads; must not block.
 */
final class ConnectionErrors implements ErrorListener
{
    private final String label;
    private final String configured;
    private final AtomicBoolean up;
    private final AtomicReference<String> server;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;
    private final String slowConsumerKey;
    private final String serverErrorKey;
    private final String exceptionKey;
    /** Set to what the server refused (a permissions violation): the connection stays up, so readiness asks for it. */
    private final AtomicReference<String> refused;

    /**
     * @param label      "adapter reg ingest 0", the start of every line
     * @param connection "ingest 0", which makes this connection's keys in the adapter's error log
     * @param up         whether the connection is up, as its connection listener sees it
     * @param server     the server it is or was last connected to
     * @param refused    set to what the server refuses this connection (a permissions violation); cleared by its owner on reconnect
     */
    ConnectionErrors(
        final String label, final String connection, final List<String> servers, final AtomicBoolean up,
        final AtomicReference<String> server, final AdapterMetrics metrics, final ErrorLog errors, final AtomicReference<String> refused)
    {
        this.refused = refused;
        this.label = label;
        this.configured = String.valueOf(servers);
        this.up = up;
        this.server = server;
        this.metrics = metrics;
        this.errors = errors;
        this.slowConsumerKey = "slow-consumer " + connection;
        this.serverErrorKey = "server-error " + connection;
        this.exceptionKey = "connection " + connection;
    }

    @Override
    public void slowConsumerDetected(final Connection connection, final Consumer consumer)
    {
        metrics.slowConsumers.increment();
        errors.record(slowConsumerKey, label + " (" + server.get() +
            "): slow consumer: the client is discarding inputs it cannot hand over fast enough");
    }

    @Override
    public void errorOccurred(final Connection connection, final String error)
    {
        final String cause = where() + ": " + ConnectionFailure.serverError(error);
        errors.record(serverErrorKey, cause);
        if (ConnectionFailure.refusal(error))
        {
            // the server keeps the connection and drops the subscription or the publish: nothing else would show it
            refused.set(cause);
        }
    }

    @Override
    public void exceptionOccurred(final Connection connection, final Exception exception)
    {
        // The client wraps an Error thrown by a message handler (the ingest worker) in an Exception.
        FatalErrors.report(exception);
        errors.record(exceptionKey, where() + ": " + ConnectionFailure.describe(exception));
    }

    private String where()
    {
        return up.get() ? label + " (" + server.get() + ")" : label + ": cannot connect to " + configured;
    }
}
