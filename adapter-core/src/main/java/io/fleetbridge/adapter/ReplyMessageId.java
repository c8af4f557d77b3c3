package io.fleetbridge.adapter;

/**
 * The {@code Nats-Msg-Id} of a reply: its sender and the id of the request it answers,
 * {@code <sender>:<request id>}.
 *
 * <p>Why not the request id alone, as for a request: every node's reply to one request carries that
 * request's id, and JetStream de-duplicates on the id across the whole stream, so all replies but
 * the first would be answered "duplicate" and never stored, while counted as published. The pair
 * is what tells one reply from another (a node answers a request once) and stays the same for
 * every retry of one reply, which is all de-duplication is for.
 *
 * <p>Injective, so no two replies share an id: a sender of visible ASCII without {@code ':'} (every
 * DNS name) is written as it is and ends at the first {@code ':'}; any other is written as
 * {@code ':'} and its bytes in lower-case hex, which a plain one cannot start with. Stateless;
 * allocates only when {@code out} grows.
 */
final class ReplyMessageId
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ReplyMessageId()
    {
    }

    /** Writes the id into {@code out} and returns its length. */
    static int write(final byte[] sender, final int senderLength, final byte[] requestId, final int requestIdLength,
        final ScratchBuffer out)
    {
        final boolean plain = plain(sender, senderLength);
        final int senderBytes = plain ? senderLength : 1 + 2 * senderLength;
        final int length = senderBytes + 1 + requestIdLength;
        final byte[] id = out.ensure(length);
        int w = 0;
        if (plain)
        {
            System.arraycopy(sender, 0, id, 0, senderLength);
            w = senderLength;
        }
        else
        {
            id[w++] = ':';
            for (int i = 0; i < senderLength; i++)
            {
                id[w++] = HEX[(sender[i] >> 4) & 0xF];
                id[w++] = HEX[sender[i] & 0xF];
            }
        }
        id[w++] = ':';
        System.arraycopy(requestId, 0, id, w, requestIdLength);
        out.length(length);
        return length;
    }

    private static boolean plain(final byte[] sender, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (sender[i] < 0x21 || sender[i] > 0x7e || sender[i] == ':')
            {
                return false;
            }
        }
        return true;
    }
}
