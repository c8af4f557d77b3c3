package io.fleetbridge.adapter;

/**
 * One accepted Choria message, reduced to what the output envelope needs: sender, request id,
 * time and data, as bytes. Field bytes are valid UTF-8 except v2 data, which is the raw payload.
 *
 * <p>Mutable and reusable: a {@link TransportDecoder} fills it, an {@link EnvelopeEncoder} reads
 * it. Owned by one thread at a time; hand it over through something that publishes safely (a
 * ring slot's sequence). The arrays returned by the accessors are the message's own buffers,
 * valid up to their length until the next decode into this object. Buffers grow as needed and
 * are kept, except that one grown above 64 KiB is released when the next message begins, so one
 * large input does not stay alive in the worker that decoded it.
 */
public final class DecodedMessage
{
    private final ScratchBuffer sender = new ScratchBuffer(64);
    private final ScratchBuffer requestId = new ScratchBuffer(64);
    private final ScratchBuffer data = new ScratchBuffer(1024);
    private long timeSeconds;
    private int timeNanos;
    private ProtocolVersion version;
    private IngestProtocol kind;
    private int senderHash;

    public byte[] sender()
    {
        return sender.bytes();
    }

    public int senderLength()
    {
        return sender.length();
    }

    public byte[] requestId()
    {
        return requestId.bytes();
    }

    public int requestIdLength()
    {
        return requestId.length();
    }

    /** v1: the message string (base64 text) unescaped; v2: the decoded payload bytes. */
    public byte[] data()
    {
        return data.bytes();
    }

    /** True when {@link #data()} is known to need no JSON escaping (it was plain in the request); false when unknown. */
    public boolean dataPlain()
    {
        return data.plain();
    }

    public int dataLength()
    {
        return data.length();
    }

    /** Unix time, whole seconds (floor for times before 1970). */
    public long timeSeconds()
    {
        return timeSeconds;
    }

    /** Nanoseconds within {@link #timeSeconds()}, 0..999,999,999; always 0 for v1. */
    public int timeNanos()
    {
        return timeNanos;
    }

    public ProtocolVersion version()
    {
        return version;
    }

    public IngestProtocol kind()
    {
        return kind;
    }

    /** A hash of the sender bytes that is the same in every JVM, for sharding by sender. */
    public int senderHash()
    {
        return senderHash;
    }

    /** Copies every field of {@code other} (for tests and tools; the pipeline hands objects over instead). */
    public void copyFrom(final DecodedMessage other)
    {
        begin();
        sender.copyFrom(other.sender(), 0, other.senderLength());
        requestId.copyFrom(other.requestId(), 0, other.requestIdLength());
        data.copyFrom(other.data(), 0, other.dataLength());
        timeSeconds = other.timeSeconds;
        timeNanos = other.timeNanos;
        version = other.version;
        kind = other.kind;
        senderHash = other.senderHash;
    }

    /** Starts a new message: empties the fields and gives back buffers grown by a burst. */
    void begin()
    {
        sender.release();
        requestId.release();
        data.release();
        timeSeconds = 0;
        timeNanos = 0;
        version = null;
        kind = null;
        senderHash = 0;
    }

    ScratchBuffer senderBuffer()
    {
        return sender;
    }

    ScratchBuffer requestIdBuffer()
    {
        return requestId;
    }

    ScratchBuffer dataBuffer()
    {
        return data;
    }

    void time(final long seconds, final int nanos)
    {
        this.timeSeconds = seconds;
        this.timeNanos = nanos;
    }

    void origin(final ProtocolVersion version, final IngestProtocol kind)
    {
        this.version = version;
        this.kind = kind;
    }

    void senderHash(final int hash)
    {
        this.senderHash = hash;
    }

    /** FNV-1a over the bytes, then MurmurHash3's finaliser so that the low bits shard evenly. */
    static int hash(final byte[] bytes, final int length)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    @Override
    public String toString()
    {
        return "DecodedMessage{" + version + " " + kind
            + " sender=" + new String(sender(), 0, senderLength(), java.nio.charset.StandardCharsets.UTF_8)
            + " requestId=" + new String(requestId(), 0, requestIdLength(), java.nio.charset.StandardCharsets.UTF_8)
            + " time=" + timeSeconds + "." + timeNanos + " data=" + dataLength() + " bytes}";
    }
}
