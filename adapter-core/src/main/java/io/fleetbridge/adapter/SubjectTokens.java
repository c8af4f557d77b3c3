package io.fleetbridge.adapter;

/**
 * The rule a sender id must meet to be put into a NATS subject: one or more tokens separated by
 * single dots, no empty token, and no whitespace, control byte, DEL or wildcard ({@code *},
 * {@code >}) anywhere. Multi-byte UTF-8 is allowed, as nats-server allows it. Stateless.
 */
final class SubjectTokens
{
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
