package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;
import io.nats.client.support.ByteArrayBuilder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The {@code Nats-Msg-Id} header of one publish, serialised straight from the request id's
 * bytes: no String and no maps per message, where a plain jnats {@link Headers} costs both, and
 * a second copy inside jnats, which freezes every header that is not read-only.
 *
 * <p><b>How jnats reads it.</b> On its publish path jnats (2.26) asks a header only
 * {@link #isEmpty()}, {@link #isReadOnly()} and {@link #serializedLength()}, and its writer
 * thread later calls {@link #serializeToArray}; this class answers those from its bytes. It is
 * read-only, so jnats keeps it rather than copying it, and every mutator throws. Every other
 * reader is answered by a plain {@link Headers} built on first use, so the object reads like any
 * other header wherever it surfaces. {@code MsgIdHeaderTest} fails if a jnats upgrade adds a
 * reader this class does not answer.
 *
 * <p><b>Threading.</b> The publisher thread {@link #set}s it before a publish; jnats' writer
 * thread reads the bytes when it writes that publish out (the client's outgoing queue orders the
 * two). {@link #set} is therefore allowed only once no publish carrying this object can still be
 * waiting in the client: {@link AttemptLabels} decides that.
 */
final class MsgIdHeader extends Headers
{
    /** Longest request id taken (a Choria id is 32 characters): what each publisher keeps per message in flight is bounded by it. */
    static final int MAX_ID_BYTES = 255;

    static final String KEY = "Nats-Msg-Id";
    private static final byte[] START = ("NATS/1.0\r\n" + KEY + ":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] id = new byte[64];
    private int length;
    /** A plain header with the same content, for the readers jnats' publish path does not use. */
    private Headers plain;

    MsgIdHeader()
    {
        super(null, true);
    }

    /** The bytes a header with an id of {@code idLength} bytes adds to a publish's payload. */
    static int serializedLength(final int idLength)
    {
        return START.length + idLength + END.length;
    }

    /**
     * Whether an id can be the value as it is: visible ASCII only. A space would be trimmed by
     * the server, and a CR, LF or control byte would end the header early; the decoder refuses
     * such ids ({@link DecodeResult#BAD_REQUEST_ID}).
     */
    static boolean canCarry(final byte[] bytes, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] < 0x21 || bytes[i] > 0x7e)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Publisher thread: makes this the header for {@code source[0, sourceLength)}. Allocates only
     * for an id longer than any this object held before.
     *
     * @throws IllegalArgumentException for an id it {@linkplain #canCarry cannot carry}, as jnats
     *     refuses such a header value: written as it is, it would corrupt the connection's stream
     */
    void set(final byte[] source, final int sourceLength)
    {
        if (!canCarry(source, sourceLength))
        {
            throw new IllegalArgumentException("a Nats-Msg-Id holds only visible ASCII; this request id does not");
        }
        if (sourceLength > id.length)
        {
            id = new byte[Math.max(sourceLength, id.length * 2)];
        }
        System.arraycopy(source, 0, id, 0, sourceLength);
        length = sourceLength;
        plain = null;
    }

    // --- what jnats' publish path reads: answered from the bytes

    @Override
    public int size()
    {
        return 1;
    }

    @Override
    public boolean isEmpty()
    {
        return false;
    }

    @Override
    public int serializedLength()
    {
        return serializedLength(length);
    }

    @Override
    public int serializeToArray(final int destPosition, final byte[] dest)
    {
        int at = destPosition;
        System.arraycopy(START, 0, dest, at, START.length);
        at += START.length;
        System.arraycopy(id, 0, dest, at, length);
        at += length;
        System.arraycopy(END, 0, dest, at, END.length);
        return serializedLength();
    }

    @Override
    public boolean isDirty()
    {
        return false;
    }

    @Override
    public byte[] getSerialized()
    {
        final byte[] serialized = new byte[serializedLength()];
        serializeToArray(0, serialized);
        return serialized;
    }

    @Deprecated
    @Override
    public ByteArrayBuilder appendSerialized(final ByteArrayBuilder bab)
    {
        return bab.append(getSerialized());
    }

    // --- every other reader: a plain header with the same content

    private Headers plain()
    {
        if (plain == null)
        {
            plain = new Headers().put(KEY, new String(id, 0, length, StandardCharsets.US_ASCII));
        }
        return plain;
    }

    @Override
    public boolean containsKey(final String key)
    {
        return plain().containsKey(key);
    }

    @Override
    public boolean containsKeyIgnoreCase(final String key)
    {
        return plain().containsKeyIgnoreCase(key);
    }

    @Override
    public Set<String> keySet()
    {
        return plain().keySet();
    }

    @Override
    public Set<String> keySetIgnoreCase()
    {
        return plain().keySetIgnoreCase();
    }

    @Override
    public List<String> get(final String key)
    {
        return plain().get(key);
    }

    @Override
    public String getFirst(final String key)
    {
        return plain().getFirst(key);
    }

    @Override
    public String getLast(final String key)
    {
        return plain().getLast(key);
    }

    @Override
    public List<String> getIgnoreCase(final String key)
    {
        return plain().getIgnoreCase(key);
    }

    @Override
    public void forEach(final BiConsumer<String, List<String>> action)
    {
        plain().forEach(action);
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet()
    {
        return plain().entrySet();
    }

    @Override
    public Map<String, List<String>> toMap()
    {
        return plain().toMap();
    }

    /** Equal to a header of the same content, plain or not (a plain one, asked, sees an empty map here). */
    @Override
    public boolean equals(final Object other)
    {
        return this == other || other instanceof Headers && toMap().equals(((Headers)other).toMap());
    }

    @Override
    public int hashCode()
    {
        return plain().hashCode();
    }

    @Override
    public String toString()
    {
        return plain().toString();
    }
}
