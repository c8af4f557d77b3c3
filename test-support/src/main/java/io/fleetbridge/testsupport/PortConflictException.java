package io.fleetbridge.testsupport;

/**
 * A {@code nats-server} exited at start because another process took one of its ports between
 * {@link FreePort#pick()} and its bind. The caller that chose the ports picks new ones.
 */
final class PortConflictException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    PortConflictException(final String message)
    {
        super(message);
    }
}
