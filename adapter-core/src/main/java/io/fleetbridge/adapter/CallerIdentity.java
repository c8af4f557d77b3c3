package io.fleetbridge.adapter;

/**
 * Finds the identity in a Choria caller id such as {@code choria=web1.example.net}, the way
 * go-choria's {@code CallerIdentity} does (providers/security/filesec/file_security.go, and the
 * other providers alike): the regular expression {@code ^[a-z]+=([\w\.\-]+)} with Go's ASCII
 * {@code \w}, so the identity is the longest run of letters, digits, {@code _ . -} after the
 * first {@code =}, and whatever follows that run is ignored.
 *
 * <p>Stateless; allocation free.
 */
final class CallerIdentity
{
    private CallerIdentity()
    {
    }

    /** Where the identity of the caller id {@code src[from, to)} starts, or -1 when it has none. */
    static int start(final byte[] src, final int from, final int to)
    {
        int i = from;
        while (i < to && src[i] >= 'a' && src[i] <= 'z')
        {
            i++;
        }
        if (i == from || i >= to || src[i] != '=')
        {
            return -1;
        }
        i++;
        return i < to && identityByte(src[i]) ? i : -1;
    }

    /** The end (exclusive) of the identity that starts at {@code start}. */
    static int end(final byte[] src, final int start, final int to)
    {
        int i = start;
        while (i < to && identityByte(src[i]))
        {
            i++;
        }
        return i;
    }

    private static boolean identityByte(final byte b)
    {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-';
    }
}
