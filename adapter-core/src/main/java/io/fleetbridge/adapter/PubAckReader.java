package io.fleetbridge.adapter;

/**
 * Reads JetStream's answer to a publish: a PubAck ({@code {"stream":"S", "seq":7}}, with
 * {@code "domain"} and {@code "duplicate": true} where they apply) or an API error
 * ({@code {"error":{"code":503,"err_code":10039,"description":"..."},"stream":"S","seq":0}}), as
 * nats-server writes them in {@code processJetStreamMsg} (stream.go; the success form by hand,
 * the error form through {@code JSPubAckResponse}).
 *
 * <p>Members are read by name at the top level of the object, and the error's {@code code}
 * at the top level of the error, so a stream or domain whose name is {@code error} or
 * {@code duplicate}, or an error description quoting JSON, is not mistaken for a member.
 * Anything that is not such an object is {@link AckWindow#REJECTED}: the publisher retries it
 * a few times and then drops it, rather than counting it as stored.
 *
 * <p>Not thread safe (one per {@link AckInbox}, on the publisher thread); allocation free.
 */
final class PubAckReader
{
    private static final byte[] ERROR = {'e', 'r', 'r', 'o', 'r'};
    private static final byte[] STREAM = {'s', 't', 'r', 'e', 'a', 'm'};
    private static final byte[] DUPLICATE = {'d', 'u', 'p', 'l', 'i', 'c', 'a', 't', 'e'};
    private static final byte[] CODE = {'c', 'o', 'd', 'e'};
    private static final int UNAVAILABLE_CODE = 503;

    // No base64 is ever read here, so the cursor needs no decoder.
    private final JsonCursor cursor = new JsonCursor(null);

    /** The {@link AckWindow} outcome {@code ACKED}, {@code DUPLICATE}, {@code UNAVAILABLE} or {@code REJECTED} of a reply body. */
    int outcome(final byte[] body)
    {
        if (body == null)
        {
            return AckWindow.REJECTED;
        }
        cursor.reset(body, 0, body.length);
        if (cursor.peek() != '{')
        {
            return AckWindow.REJECTED;
        }
        cursor.advance();
        boolean stream = false;
        boolean duplicate = false;
        int error = 0;
        for (boolean first = true; ; first = false)
        {
            final int member = cursor.nextMember(first);
            if (member == JsonCursor.END)
            {
                break;
            }
            if (member < 0)
            {
                return AckWindow.REJECTED;
            }
            final int value = cursor.peek();
            if (keyIs(ERROR) && value == '{')
            {
                error = readErrorCode();
                if (error < 0)
                {
                    return AckWindow.REJECTED;
                }
            }
            else
            {
                // named before the skip: skipping a nested object reads its keys
                stream |= value == '"' && keyIs(STREAM);
                duplicate |= value == 't' && keyIs(DUPLICATE);
                if (cursor.skipValue(1) != JsonCursor.OK)
                {
                    return AckWindow.REJECTED;
                }
            }
        }
        if (!cursor.atEnd())
        {
            return AckWindow.REJECTED;
        }
        if (error != 0)
        {
            return error == UNAVAILABLE_CODE ? AckWindow.UNAVAILABLE : AckWindow.REJECTED;
        }
        if (!stream)
        {
            return AckWindow.REJECTED;
        }
        return duplicate ? AckWindow.DUPLICATE : AckWindow.ACKED;
    }

    /** Reads the error object at the cursor: its {@code code}, 1 for an error without one, -1 for bad JSON. */
    private int readErrorCode()
    {
        cursor.advance();
        int code = 1;
        for (boolean first = true; ; first = false)
        {
            final int member = cursor.nextMember(first);
            if (member == JsonCursor.END)
            {
                return code;
            }
            if (member < 0)
            {
                return -1;
            }
            final boolean isCode = keyIs(CODE);
            final int value = cursor.peek();
            if (isCode && (value == '-' || (value >= '0' && value <= '9')))
            {
                if (cursor.readNumber() != JsonCursor.OK)
                {
                    return -1;
                }
                final long number = cursor.integer();
                code = cursor.integerForm() && number > 1 && number < 1000 ? (int)number : 1;
            }
            else if (cursor.skipValue(2) != JsonCursor.OK)
            {
                return -1;
            }
        }
    }

    /** Whether the member just read is named {@code name}, written without escapes (as the server writes it). */
    private boolean keyIs(final byte[] name)
    {
        final int start = cursor.keyStart();
        if (cursor.keyEscaped() || cursor.keyEnd() - start != name.length)
        {
            return false;
        }
        final byte[] buf = cursor.buffer();
        for (int i = 0; i < name.length; i++)
        {
            if (buf[start + i] != name[i])
            {
                return false;
            }
        }
        return true;
    }
}
