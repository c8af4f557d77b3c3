package io.fleetbridge.fleet;

/**
 * Reads the stream's timestamp and the pending count out of the reply subject JetStream gives
 * each delivered message, without allocating (jnats' {@code metaData()} builds an object and a
 * {@code ZonedDateTime} per message). Two layouts exist:
 * {@code $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>} and, from servers
 * that add a domain and account, {@code $JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>[.<token>]}.
 * Stateless.
 */
final class AckSubject
{
    private AckSubject()
    {
    }

    /** The time the stream stored the message, in milliseconds since the epoch; -1 when the subject is not a JetStream ack subject. */
    static long timestampMs(final String reply)
    {
        final long ns = numberAt(reply, tokens(reply) == 9 ? 7 : 9);
        return ns < 0 ? -1 : ns / 1_000_000L;
    }

    /** Messages the consumer still has to deliver after this one; -1 when not a JetStream ack subject. */
    static long pending(final String reply)
    {
        return numberAt(reply, tokens(reply) == 9 ? 8 : 10);
    }

    /** Stream sequence of the message; -1 when not a JetStream ack subject. */
    static long streamSequence(final String reply)
    {
        return numberAt(reply, tokens(reply) == 9 ? 5 : 7);
    }

    private static int tokens(final String reply)
    {
        if (reply == null || !reply.startsWith("$JS.ACK."))
        {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < reply.length(); i++)
        {
            if (reply.charAt(i) == '.')
            {
                n++;
            }
        }
        return n;
    }

    private static long numberAt(final String reply, final int index)
    {
        final int count = tokens(reply);
        if (count != 9 && count < 11)
        {
            return -1;
        }
        int token = 0;
        int i = 0;
        while (token < index)
        {
            if (reply.charAt(i++) == '.')
            {
                token++;
            }
        }
        long value = 0;
        int digits = 0;
        for (; i < reply.length() && reply.charAt(i) != '.'; i++, digits++)
        {
            final char c = reply.charAt(i);
            if (c < '0' || c > '9' || digits > 18)
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? -1 : value;
    }
}
