package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;

/**
 * What a publish attempt carries besides its body, per window position of one publisher: the
 * reply subject {@code <prefix><position>.<attemptId>} the server answers on ({@link AckInbox}
 * parses it), and the {@code Nats-Msg-Id} header ({@link MsgIdHeader}) with the request id of the
 * message at that position, which it keeps for every attempt since the decoded message has gone
 * back to the pool by then. Labels are built once per attempt id and position and then reused, so
 * that in steady state a publish allocates neither.
 *
 * <p><b>When they may be reused.</b> jnats reads a header's bytes on its writer thread, some time
 * after the publish returned, so a header may be rewritten only once every publish carrying it
 * has been written out. The {@link AckWindow} knows when that is: a position's next attempt gets
 * the id of the attempt before it only if the server answered that one, and an answer means that
 * publish was written. So a position's labels are reused exactly when its attempt id is. Any
 * other attempt (after a timeout, a client-side failure or a drop) gets new ones, and the old
 * header stays untouched with whatever jnats may still hold.
 *
 * <p>Threading: the publisher thread only. Allocates only for an attempt id its position has not
 * carried before, and for a position's first id and a longer one.
 */
final class AttemptLabels
{
    /** Choria's request ids are 32 hex digits; a position's buffer starts with room for twice that. */
    private static final int TYPICAL_ID_BYTES = 64;

    private final String replyPrefix;
    private final long[] attemptIds;
    private final String[] replies;
    private final MsgIdHeader[] headers;
    private final byte[][] ids;
    private final int[] idLengths;

    AttemptLabels(final String replyPrefix, final int capacity)
    {
        this.replyPrefix = replyPrefix;
        this.attemptIds = new long[capacity];
        this.replies = new String[capacity];
        this.headers = new MsgIdHeader[capacity];
        this.ids = new byte[capacity][];
        this.idLengths = new int[capacity];
    }

    /** Keeps {@code id[0, length)}, the request id of the message now at {@code position}, for its attempts. */
    void keep(final int position, final byte[] id, final int length)
    {
        byte[] kept = ids[position];
        if (kept == null || kept.length < length)
        {
            kept = new byte[Math.max(length, TYPICAL_ID_BYTES)];
            ids[position] = kept;
        }
        System.arraycopy(id, 0, kept, 0, length);
        idLengths[position] = length;
    }

    /**
     * Labels attempt {@code attemptId} at {@code position}, carrying the request id last
     * {@link #keep kept} there; then {@link #replyTo} and {@link #header} return its labels.
     *
     * @throws IllegalArgumentException for an id a header cannot carry ({@link MsgIdHeader#set})
     */
    void label(final int position, final long attemptId)
    {
        if (attemptIds[position] != attemptId) // ids start at 1, so an unused position never matches
        {
            replies[position] = replyPrefix + position + '.' + attemptId;
            headers[position] = new MsgIdHeader();
            attemptIds[position] = attemptId;
        }
        headers[position].set(ids[position], idLengths[position]);
    }

    /** The reply subject of the attempt last labelled at {@code position}. */
    String replyTo(final int position)
    {
        return replies[position];
    }

    /** The {@code Nats-Msg-Id} header of the attempt last labelled at {@code position}. */
    Headers header(final int position)
    {
        return headers[position];
    }
}
