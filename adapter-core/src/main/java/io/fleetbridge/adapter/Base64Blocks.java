package io.fleetbridge.adapter;

import java.util.Base64;

/**
 * Decodes base64 exactly as {@link Base64Range} does, but hands the bulk of a long range to the
 * JDK's decoder, which the JIT replaces with a vectorised stub on CPUs that have one (AVX-512
 * on x86: some 20 times faster than table lookups here). That decoder only takes a whole
 * array, so the range goes through fixed-size staging arrays, 64 to 4096 characters, largest
 * first; whatever is left (under 64 characters, and always the last quantum, where padding
 * may be) goes to {@link Base64Range}.
 *
 * <p>A staged block is taken only when it decodes to its full three quarters, which the JDK
 * decoder does exactly when all of it is in the alphabet: there Go's decoder agrees. Anything
 * else in a block (line breaks, which Go ignores, padding, invalid bytes) makes the JDK decoder
 * throw or stop short, and the range from that block on goes to {@link Base64Range}, so the
 * result is always Go's. The exception costs a few microseconds and is paid at most once per
 * range, only by input that is not what Choria's Go encoder writes.
 *
 * <p>The same staged blocks prove a range is all alphabet without keeping what they decode
 * ({@link #alphabetEnd}), which is how most of a v1 registration's data is found plain.
 *
 * <p>Not thread safe: one per decoder. Holds about 14 KiB of staging arrays; allocation free
 * on valid input.
 */
final class Base64Blocks
{
    /** The smallest block: below this the JDK call's fixed cost outweighs its speed. */
    static final int MIN_BLOCK_CHARS = 64;
    private static final int SIZES = 7;

    private final Base64.Decoder jdk = Base64.getDecoder();
    private final byte[][] chars = new byte[SIZES][];
    private final byte[][] bytes = new byte[SIZES][];

    Base64Blocks()
    {
        for (int k = 0; k < SIZES; k++)
        {
            chars[k] = new byte[MIN_BLOCK_CHARS << k];
            bytes[k] = new byte[(MIN_BLOCK_CHARS << k) / 4 * 3];
        }
    }

    /** Decodes {@code src[from, to)} into {@code dst}; returns the length, or -1 when the input is not valid base64. */
    int decode(final byte[] src, final int from, final int to, final ScratchBuffer dst)
    {
        final byte[] d = dst.ensure(Base64Range.capacity(from, to));
        // strictly more than a block left: the last characters, padding and all, stay for Base64Range
        final int i = wholeBlocks(src, from, to - 1, d);
        return Base64Range.decode(src, i, to, d, (i - from) / 4 * 3, dst);
    }

    /**
     * How far {@code src[from, limit)} is base64 alphabet, proven a whole staged block at a time by the JDK's
     * decoder: returns the end of the blocks that decoded to their full three quarters, {@code from} when none
     * did. Every byte before it is a letter, a digit, '+' or '/', none of which JSON or Go's encoder escapes,
     * so it is a plain run ({@link ByteScan#plainRunEnd}) found at the decoder's speed rather than the scan's.
     * The bytes after it, under a block or not alphabet, are not looked at; the caller scans them. A block
     * holding anything else costs the JDK's exception, so {@code limit} is for a caller that expects the
     * alphabet to reach it.
     */
    int alphabetEnd(final byte[] src, final int from, final int limit)
    {
        return wholeBlocks(src, from, limit, null);
    }

    /**
     * Decodes {@code src} from {@code from} in staged blocks, largest first, while a whole block fits before
     * {@code limit} and decodes to its full three quarters, into {@code d} from its start unless it is null;
     * returns where it stopped.
     */
    private int wholeBlocks(final byte[] src, final int from, final int limit, final byte[] d)
    {
        int i = from;
        for (int k = SIZES - 1; k >= 0; k--)
        {
            final byte[] block = chars[k];
            final byte[] decoded = bytes[k];
            while (limit - i >= block.length)
            {
                System.arraycopy(src, i, block, 0, block.length);
                if (decodeBlock(block, decoded) != decoded.length)
                {
                    return i;
                }
                if (d != null)
                {
                    System.arraycopy(decoded, 0, d, (i - from) / 4 * 3, decoded.length);
                }
                i += block.length;
            }
        }
        return i;
    }

    private int decodeBlock(final byte[] block, final byte[] decoded)
    {
        try
        {
            return jdk.decode(block, decoded);
        }
        catch (final IllegalArgumentException notPlainBase64)
        {
            return -1;
        }
    }
}
