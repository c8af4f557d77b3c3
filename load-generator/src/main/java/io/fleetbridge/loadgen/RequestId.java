package io.fleetbridge.loadgen;

/**
 * The 32-character request id every generated message carries: 16 hex digits of the run id
 * followed by 16 hex digits of the message's sequence number. The verifier matches landed
 * envelopes to sent messages by parsing it back, so no per-message map is needed.
 *
 * <p>Stateless and allocation free.
 */
final class RequestId
{
    static final int LENGTH = 32;
    /** {@link #parse} result for an id of another run (another generator sharing the stream). */
    static final long FOREIGN = -1;
    /** {@link #parse} result for anything that is not 32 lower-case hex digits. */
    static final long MALFORMED = -2;

    private RequestId()
    {
    }

    static void append(final ByteSink sink, final long runId, final long seq)
    {
        sink.hex(runId, 16).hex(seq, 16);
    }

    static String of(final long runId, final long seq)
    {
        final ByteSink sink = new ByteSink(LENGTH);
        append(sink, runId, seq);
        return sink.toString();
    }

    /** The sequence number encoded at {@code b[off, off + 32)}, or {@link #FOREIGN} / {@link #MALFORMED}. */
    static long parse(final byte[] b, final int off, final long runId)
    {
        if (off < 0 || off + LENGTH > b.length)
        {
            return MALFORMED;
        }
        long run = 0;
        long seq = 0;
        for (int i = 0; i < LENGTH; i++)
        {
            final int d = hexValue(b[off + i]);
            if (d < 0)
            {
                return MALFORMED;
            }
            if (i < 16)
            {
                run = run << 4 | d;
            }
            else
            {
                seq = seq << 4 | d;
            }
        }
        if (run != runId)
        {
            return FOREIGN;
        }
        return seq < 0 ? MALFORMED : seq;
    }

    private static int hexValue(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        return -1;
    }
}
