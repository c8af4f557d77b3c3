package io.fleetbridge.bench.rig;

import io.nats.client.Connection;

import java.time.Duration;
import java.util.List;

/**
 * A load-source connection through jnats: each message is a new transport array handed to
 * {@code publish}, which copies it into the client's outgoing queue for its writer thread.
 * Threads: {@link #send} and {@link #flush} on one sender thread. Allocates a transport a message.
 */
final class JnatsSourceLink implements SourceLink
{
    private final Connection connection;
    private final RegistrationTransports messages;
    private final RegistrationTransports.Scratch scratch;
    private final String subject;

    JnatsSourceLink(final Connection connection, final RegistrationTransports messages, final String subject)
    {
        this.connection = connection;
        this.messages = messages;
        this.scratch = messages.newScratch();
        this.subject = subject;
    }

    @Override
    public void send(final long seq)
    {
        connection.publish(subject, messages.transport(seq, scratch));
    }

    @Override
    public void push()
    {
        // jnats' writer thread writes what publish queued
    }

    @Override
    public void flush(final Duration timeout) throws Exception
    {
        connection.flush(timeout);
    }

    @Override
    public void close()
    {
        RigConnections.closeAll(List.of(connection));
    }
}
