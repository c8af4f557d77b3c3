package io.fleetbridge.adapter;

/**
 * A reusable byte array that grows on demand and gives back a burst-sized array afterwards.
 *
 * <p>Not thread safe. {@link #ensure} allocates only when the content outgrows the array;
 * {@link #release} replaces an array grown above {@link #RETAINED_BYTES} with a fresh small
 * one, so that one burst of big inputs does not stay alive in the buffers that took it.
 */
final class ScratchBuffer
{
    /** Arrays up to this size are kept from message to message. */
    static final int RETAINED_BYTES = 64 * 1024;

    private final int initialBytes;
    private byte[] bytes;
    private int length;
    /** The content is known to need no JSON escaping ({@link #plainLength}); false when unknown. */
    private boolean plain;
    /** The longest run of the content known to be JSON-plain ({@link #plainRun}); empty when unknown. */
    private int plainRunFrom;
    private int plainRunTo;

    ScratchBuffer(final int initialBytes)
    {
        this.initialBytes = initialBytes;
        this.bytes = new byte[initialBytes];
    }

    byte[] bytes()
    {
        return bytes;
    }

    int length()
    {
        return length;
    }

    void length(final int length)
    {
        this.length = length;
        this.plain = false;
        this.plainRunFrom = 0;
        this.plainRunTo = 0;
    }

    /**
     * Sets the length of content that its writer has seen to be JSON-plain: only bytes that Go's
     * encoder copies as they are ({@link ByteScan#plainRunEnd}), so that writing it as a JSON string
     * needs no second scan.
     */
    void plainLength(final int length)
    {
        length(length);
        this.plain = true;
    }

    /**
     * Records that {@code [from, to)} of the content holds only bytes that {@link ByteScan#plainRunEnd}
     * passes, as its writer saw when it copied them: whoever reads the content as JSON next may skip
     * that scan there ({@link JsonCursor#knownPlain}). Set after the length; a new length forgets it.
     */
    void plainRun(final int from, final int to)
    {
        this.plainRunFrom = from;
        this.plainRunTo = to;
    }

    int plainRunFrom()
    {
        return plainRunFrom;
    }

    int plainRunTo()
    {
        return plainRunTo;
    }

    /** True when the content was set by {@link #plainLength}: it needs no JSON escaping. */
    boolean plain()
    {
        return plain;
    }

    /** An array of at least {@code capacity} bytes; the old content is not kept. */
    byte[] ensure(final int capacity)
    {
        if (bytes.length < capacity)
        {
            bytes = new byte[Math.max(capacity, Math.min(RETAINED_BYTES, bytes.length * 2))];
        }
        return bytes;
    }

    /** An array of at least {@code capacity} bytes that keeps the first {@code keep} bytes. */
    byte[] grow(final int keep, final int capacity)
    {
        if (bytes.length < capacity)
        {
            final byte[] larger = new byte[Math.max(capacity, bytes.length * 2)];
            System.arraycopy(bytes, 0, larger, 0, keep);
            bytes = larger;
        }
        return bytes;
    }

    /** Sets the content to a copy of {@code src[from, from + count)}. */
    void copyFrom(final byte[] src, final int from, final int count)
    {
        System.arraycopy(src, from, ensure(count), 0, count);
        length(count);
    }

    /** Forgets the content and drops an array grown above {@link #RETAINED_BYTES}. */
    void release()
    {
        length(0);
        if (bytes.length > RETAINED_BYTES)
        {
            bytes = new byte[initialBytes];
        }
    }
}
