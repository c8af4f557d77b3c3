package io.fleetbridge.adapter;

/**
 * The rule a sender id must meet to be put into a NATS subject: one or more tokens separated by
 * single dots, no empty token, and no whitespace, control byte, DEL or wildcard ({@code *},
 * {@code >}) anywhere. Multi-byte UTF-8 is allowed, as nats-server allows it. Stateless.
 *
 * <p>A sender is also at most {@link #MAX_SENDER_BYTES} long. A Choria identity is the node's
 * host name by default, and go-choria's flat-file discovery accepts only DNS host names as
 * identities ({@code validIdentity} in {@code providers/discovery/flatfile/flatfile.go}); a DNS
 * name has at most 255 bytes (RFC 1035, 2.3.4). Without the bound a sender of hundreds of KiB
 * would be copied, hashed and cached as a subject that nats-server then refuses (its control
 * line is 4 KiB by default).
 */
final class SubjectTokens
{
    /** Longest sender id accepted, in bytes of UTF-8: the longest DNS name. */
    static final int MAX_SENDER_BYTES = 255;

    private SubjectTokens()
    {
    }

    /** True when {@code bytes[0, length)} is a non-empty, valid sequence of subject tokens. */
    static boolean valid(final byte[] bytes, final int length)
    {
        if (length == 0 || bytes[0] == '.' || bytes[length - 1] == '.')
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final int b = bytes[i] & 0xFF;
            if (b <= ' ' || b == 0x7F || b == '*' || b == '>' || (b == '.' && bytes[i - 1] == '.'))
            {
                return false;
            }
        }
        return true;
    }
}
