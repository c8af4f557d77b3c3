package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NATS connection settings every variant uses, so that they differ only in what they do
 * with the messages. Tuned as PERF-NOTES advises: no flush forced per request, an outgoing
 * queue larger than the default window in flight (jnats has no in-flight limit of its own and blocks
 * the publisher when the queue is full). Stateless.
 */
final class RigConnections
{
    /**
     * Outgoing queue of every connection: above the default window (20,000), and small enough that,
     * full of the largest transports, it fits in the rig's heap beside the ingest pending limit.
     */
    static final int OUTGOING_QUEUE = 1 << 16;

    private RigConnections()
    {
    }

    /** Settings for a connection named {@code name}; variants add to them. */
    static Options.Builder settings(final String url, final String name)
    {
        return Options.builder()
            .server(url)
            .connectionName(name)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxMessagesInOutgoingQueue(OUTGOING_QUEUE)
            .dontForceFlushOnRequest()
            .errorListener(new ErrorListener()
            {
                // jnats' default listener logs every slow-consumer event; the rig counts drops instead
            });
    }

    static Connection open(final String url, final String name) throws IOException, InterruptedException
    {
        return Nats.connect(settings(url, name).build());
    }

    /** The JetStream context of a connection, with default options. */
    static JetStream jetStream(final Connection connection)
    {
        try
        {
            return connection.jetStream();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every connection; an interrupt stops nothing here, it is kept for the caller to see. */
    static void closeAll(final List<Connection> connections)
    {
        boolean interrupted = false;
        for (final Connection connection : connections)
        {
            try
            {
                connection.close();
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A thread factory whose threads are named {@code prefix-N}: the rig finds the load source's
     * threads by that name to tell its CPU apart from the system under test.
     */
    static ThreadFactory named(final String prefix)
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
