package io.fleetbridge.adapter;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;

/**
 * Turns the NATS client's error callbacks into counters and rate-limited log lines.
 *
 * <p>Called on the client's threads; must not block.
 */
final class ConnectionErrors implements ErrorListener
{
    private final String label;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;

    ConnectionErrors(final String label, final AdapterMetrics metrics, final ErrorLog errors)
    {
        this.label = label;
        this.metrics = metrics;
        this.errors = errors;
    }

    @Override
    public void slowConsumerDetected(final Connection connection, final Consumer consumer)
    {
        metrics.slowConsumers.increment();
        errors.record("slow-consumer", label + ": slow consumer: the client is discarding inputs it cannot hand over fast enough");
    }

    @Override
    public void errorOccurred(final Connection connection, final String error)
    {
        errors.record("server-error", label + ": " + ConnectionFailure.serverError(error));
    }

    @Override
    public void exceptionOccurred(final Connection connection, final Exception exception)
    {
        // The client wraps an Error thrown by a message handler (the ingest worker) in an Exception.
        FatalErrors.report(exception);
        errors.record("connection-exception", label + ": " + ConnectionFailure.describe(exception));
    }
}
