package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;

/**
 * Writes the body the adapter publishes, byte for byte what the Go reference publishes:
 * <pre>{"protocol":"choria:adapters:&lt;type&gt;:output:1","data":"...","sender":"...","time":"...","requestid":"..."}</pre>
 * with Go's JSON string escaping ({@link JsonEscape}) and Go's RFC 3339 time ({@link Rfc3339Time}).
 *
 * <p>One per publisher thread; it holds no per-message state, so it is in fact safe to share,
 * but nothing promises that. {@link #encode} allocates exactly one array, the exact-size body,
 * because jnats keeps a reference to a published array until its writer thread has sent it.
 */
public final class EnvelopeEncoder
{
    private static final byte[] SENDER = ascii("\",\"sender\":\"");
    private static final byte[] TIME = ascii("\",\"time\":\"");
    private static final byte[] REQUEST_ID = ascii("\",\"requestid\":\"");
    private static final byte[] END = ascii("\"}");

    private final byte[] head;

    /**
     * @param adapterType {@code jetstream}, or {@code choria_streams} for that alias or for what go-choria
     *                    writes whatever the type ({@link AdapterConfig#envelopeType()}); fixed per adapter,
     *                    so the protocol costs nothing per message
     */
    public EnvelopeEncoder(final String adapterType)
    {
        if (!"jetstream".equals(adapterType) && !"choria_streams".equals(adapterType))
        {
            throw new IllegalArgumentException("adapter type must be jetstream or choria_streams: " + adapterType);
        }
        this.head = ascii("{\"protocol\":\"choria:adapters:" + adapterType + ":output:1\",\"data\":\"");
    }

    /** Exact size of the body {@link #encode} returns for {@code m}. */
    public int encodedLength(final DecodedMessage m)
    {
        return encodedLength(m, m.dataPlain() ? m.dataLength() : JsonEscape.length(m.data(), 0, m.dataLength()));
    }

    private int encodedLength(final DecodedMessage m, final int dataLength)
    {
        return head.length + dataLength
            + SENDER.length + JsonEscape.length(m.sender(), 0, m.senderLength())
            + TIME.length + Rfc3339Time.length(m.timeNanos())
            + REQUEST_ID.length + JsonEscape.length(m.requestId(), 0, m.requestIdLength())
            + END.length;
    }

    /** A new array holding exactly the body for {@code m}. */
    public byte[] encode(final DecodedMessage m)
    {
        return encode(m, null);
    }

    /** As {@link #encode(DecodedMessage)}, noting in {@code parts} (unless null) where the body holds the sender and request id. */
    byte[] encode(final DecodedMessage m, final EnvelopeParts parts)
    {
        // the decoder has seen whether the data is plain as it unquoted it (a v1 registration's base64 always is)
        final int dataLength = m.dataPlain() ? m.dataLength() : JsonEscape.length(m.data(), 0, m.dataLength());
        final byte[] body = new byte[encodedLength(m, dataLength)];
        int w = put(head, body, 0);
        if (dataLength == m.dataLength())
        {
            // nothing to escape (the base64 of every registration): no second scan
            System.arraycopy(m.data(), 0, body, w, dataLength);
            w += dataLength;
        }
        else
        {
            w = JsonEscape.write(m.data(), 0, m.dataLength(), body, w);
        }
        w = put(SENDER, body, w);
        final int senderAt = w;
        w = JsonEscape.write(m.sender(), 0, m.senderLength(), body, w);
        final int senderEnd = w;
        w = put(TIME, body, w);
        w = Rfc3339Time.write(m.timeSeconds(), m.timeNanos(), body, w);
        w = put(REQUEST_ID, body, w);
        final int requestIdAt = w;
        w = JsonEscape.write(m.requestId(), 0, m.requestIdLength(), body, w);
        if (parts != null)
        {
            parts.senderAt = senderAt;
            parts.senderEnd = senderEnd;
            parts.senderEscaped = senderEnd - senderAt != m.senderLength();
            parts.requestIdAt = requestIdAt;
            parts.requestIdEnd = w;
            parts.requestIdEscaped = w - requestIdAt != m.requestIdLength();
        }
        put(END, body, w);
        return body;
    }

    private static int put(final byte[] part, final byte[] d, final int at)
    {
        System.arraycopy(part, 0, d, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
