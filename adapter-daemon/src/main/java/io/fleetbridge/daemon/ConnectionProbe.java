package io.fleetbridge.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.fleetbridge.adapter.ConnectionFailure;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * One connection attempt with no retries, for the {@code check} command and tests: it either
 * connects or fails with the cause in words. The NATS client reports the real cause (TLS
 * handshake, refused credentials) to its error listener and throws only "Unable to connect";
 * this keeps the first cause reported and names it. Each attempt is independent; no threads
 * outlive a failed attempt.
 */
final class ConnectionProbe
{
    private ConnectionProbe()
    {
    }

    /** The failure of an attempt, with {@link ConnectionFailure}'s description as its message. */
    static final class Failed extends Exception
    {
        private static final long serialVersionUID = 1L;

        Failed(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    static Connection connect(final List<String> servers, final UnaryOperator<Options.Builder> settings, final Duration timeout)
        throws Failed, InterruptedException
    {
        final Recorder recorder = new Recorder();
        final Options options = settings.apply(new Options.Builder()
            .servers(servers.toArray(new String[0]))
            .connectionName("fleetbridge check")
            .noReconnect()
            .connectionTimeout(timeout)
            .errorListener(recorder)).build();
        try
        {
            return Nats.connect(options);
        }
        catch (final IOException ex)
        {
            final String description = recorder.describe(ex, options.getSslContext() != null);
            throw new Failed(description, recorder.exceptions.isEmpty() ? ex : recorder.exceptions.get(0));
        }
    }

    /** Keeps what the client reports; written by the client's threads, read after the attempt. */
    private static final class Recorder implements ErrorListener
    {
        final List<Exception> exceptions = new CopyOnWriteArrayList<>();
        volatile String serverError;

        @Override
        public void errorOccurred(final Connection connection, final String error)
        {
            if (serverError == null)
            {
                serverError = error;
            }
        }

        @Override
        public void exceptionOccurred(final Connection connection, final Exception failure)
        {
            exceptions.add(failure);
        }

        /** The server's own words first, then the first exception with a recognised cause, then whatever there is. */
        String describe(final IOException thrown, final boolean tls)
        {
            if (serverError != null)
            {
                return ConnectionFailure.serverError(serverError);
            }
            for (final Exception exception : exceptions)
            {
                final String description = ConnectionFailure.describe(exception);
                if (!description.equals(exception.toString()))
                {
                    return description;
                }
            }
            if (tls)
            {
                // With TLS 1.3 the server checks the client certificate after the client considers
                // the handshake done, and a refusal reaches the client as a dropped connection.
                return "TLS: the server dropped the connection after the handshake; most likely it refused this daemon's " +
                    "client certificate (mutual TLS: is plugin.security.file.certificate signed by the CA the server " +
                    "trusts?); the server's log names the reason";
            }
            final StringBuilder all = new StringBuilder(ConnectionFailure.describe(thrown));
            for (final Exception exception : exceptions)
            {
                all.append("; ").append(exception);
            }
            return all.toString();
        }
    }
}
