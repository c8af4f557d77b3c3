package io.fleetbridge.adapter;

/** Byte-array edits the fuzz and property tests make to valid messages. */
final class ByteEdits
{
    private ByteEdits()
    {
    }

    /** {@code b} with {@code [from, to)} replaced by {@code insert}, as a new array. */
    static byte[] splice(final byte[] b, final int from, final int to, final byte[] insert)
    {
        final byte[] result = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(b, to, result, from + insert.length, b.length - to);
        return result;
    }
}
