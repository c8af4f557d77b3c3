package io.fleetbridge.adapter;

/**
 * Where an encoded envelope holds its sender and request id, so that the publisher can take
 * them from the body instead of the decoded message: the ingest worker encodes while the
 * decoded bytes are in its cache, and the publisher, which needs the two for the subject, the
 * {@code Nats-Msg-Id} and the sender's order, reads a few bytes of the body the client is about
 * to send anyway. Written by {@link EnvelopeEncoder#encode(DecodedMessage, EnvelopeParts)}.
 *
 * <p>Each part is a JSON string's content as the encoder wrote it: the exact bytes when it
 * needed no escaping (every sender and request id Choria makes), else Go's escaping of them,
 * which {@link JsonUnquote} reverses exactly (the decoded parts are valid UTF-8).
 *
 * <p>Not thread safe; one per ring slot, handed over with it. Allocation free.
 */
final class EnvelopeParts
{
    int senderAt;
    int senderEnd;
    boolean senderEscaped;
    int requestIdAt;
    int requestIdEnd;
    boolean requestIdEscaped;

    void copyFrom(final EnvelopeParts other)
    {
        senderAt = other.senderAt;
        senderEnd = other.senderEnd;
        senderEscaped = other.senderEscaped;
        requestIdAt = other.requestIdAt;
        requestIdEnd = other.requestIdEnd;
        requestIdEscaped = other.requestIdEscaped;
    }

    /** Puts the sender's bytes into {@code into} and returns their length. */
    int sender(final byte[] body, final ScratchBuffer into)
    {
        return part(body, senderAt, senderEnd, senderEscaped, into);
    }

    /** Puts the request id's bytes into {@code into} and returns their length. */
    int requestId(final byte[] body, final ScratchBuffer into)
    {
        return part(body, requestIdAt, requestIdEnd, requestIdEscaped, into);
    }

    private static int part(final byte[] body, final int from, final int to, final boolean escaped, final ScratchBuffer into)
    {
        if (escaped)
        {
            return JsonUnquote.unquote(body, from, to, into);
        }
        into.copyFrom(body, from, to - from);
        return to - from;
    }
}
