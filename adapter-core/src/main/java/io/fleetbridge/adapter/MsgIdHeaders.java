package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;

/**
 * One reusable {@link MsgIdHeader} per window position of a publisher, so that in steady state
 * a publish allocates no header.
 *
 * <p><b>When a header may be rewritten.</b> jnats reads a header's bytes on its writer thread,
 * some time after the publish returned, so a header may be rewritten only once every publish
 * carrying it has been written out. The {@link AckWindow} already knows when that is: a
 * position's next attempt gets the id of the attempt before it only if the server answered that
 * one, and an answer means that publish was written. So a position's header is reused exactly when its attempt id is: the same rule
 * {@link AckInbox#replyTo} follows for reply subjects. Any other attempt (after a timeout, a
 * client-side failure or a drop) gets a new header, and the old one stays untouched with
 * whatever jnats may still hold.
 *
 * <p>Threading: the publisher thread only. Allocates a header only for an attempt whose id its
 * position has not carried before, and a larger id buffer for a longer id.
 */
final class MsgIdHeaders
{
    private final MsgIdHeader[] headers;
    private final long[] attemptIds;

    MsgIdHeaders(final int capacity)
    {
        this.headers = new MsgIdHeader[capacity];
        this.attemptIds = new long[capacity];
    }

    /** The header for attempt {@code attemptId} at {@code position}, carrying the request id {@code id[0, length)}. */
    Headers forAttempt(final int position, final long attemptId, final byte[] id, final int length)
    {
        MsgIdHeader header = headers[position];
        if (header == null || attemptIds[position] != attemptId)
        {
            header = new MsgIdHeader();
            headers[position] = header;
            attemptIds[position] = attemptId;
        }
        header.set(id, length);
        return header;
    }
}
