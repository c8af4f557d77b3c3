package io.fleetbridge.loadgen;

import java.io.PrintStream;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;

/**
 * What the generator's NATS connections report: errors, exceptions, slow consumers and missed
 * heartbeats, one line each on stderr. jnats' default listener also logs every flow-control
 * round trip of the ordered consumer, which would bury the progress line.
 *
 * <p>Called on jnats' threads; stateless.
 */
final class ClientErrors implements ErrorListener
{
    private final String role;
    private final PrintStream out;

    ClientErrors(final String role, final PrintStream out)
    {
        this.role = role;
        this.out = out;
    }

    @Override
    public void errorOccurred(final Connection conn, final String error)
    {
        out.println(role + ": NATS error: " + error);
    }

    @Override
    public void exceptionOccurred(final Connection conn, final Exception exp)
    {
        out.println(role + ": NATS client exception: " + exp);
    }

    @Override
    public void slowConsumerDetected(final Connection conn, final Consumer consumer)
    {
        out.println(role + ": slow consumer: the client dropped messages it could not hand over in time");
    }

    @Override
    public void heartbeatAlarm(final Connection conn, final JetStreamSubscription sub, final long lastStreamSequence,
        final long lastConsumerSequence)
    {
        out.println(role + ": consumer heartbeats missed after stream sequence " + lastStreamSequence);
    }
}
