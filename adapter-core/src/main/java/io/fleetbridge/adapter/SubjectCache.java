package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps a sender id to the subject it publishes on ({@code stream.topic} with every {@code %s}
 * replaced by the sender), keeping recent results so that a fleet's steady registration traffic
 * builds no strings.
 *
 * <p>One per publisher thread: not thread safe. Direct mapped with a fixed number of slots, so
 * memory is bounded by capacity times the longest sender, {@link SubjectTokens#MAX_SENDER_BYTES}
 * (a longer one is never kept); a hit allocates nothing and returns
 * the same {@code String} instance as before, a miss builds the subject and evicts the slot's
 * previous sender. A template without {@code %s} is one constant subject.
 */
public final class SubjectCache
{
    /**
     * Longest subject a template may build, in bytes: nats-server's default control line is 4 KiB
     * ({@code max_control_line}, also jnats's {@code Options.DEFAULT_MAX_CONTROL_LINE}), and the
     * publish line also carries the verb, the reply subject and two sizes, which fit in 1 KiB.
     */
    public static final int MAX_SUBJECT_BYTES = 3072;

    private static final String PLACEHOLDER = "%s";

    private final String template;
    private final String[] parts;
    private final byte[][] senders;
    private final String[] subjects;
    private final int shift;

    /** @param capacity slots, rounded up to a power of two (at least 2, at most 2^20) */
    public SubjectCache(final String topicTemplate, final int capacity)
    {
        if (topicTemplate == null || topicTemplate.isEmpty())
        {
            throw new IllegalArgumentException("topic template is required");
        }
        if (capacity < 1 || capacity > 1 << 20)
        {
            throw new IllegalArgumentException("capacity must be 1..2^20: " + capacity);
        }
        final long longest = longestSubjectBytes(topicTemplate);
        if (longest > MAX_SUBJECT_BYTES)
        {
            throw new IllegalArgumentException("the topic " + topicTemplate + " makes subjects of up to " + longest
                + " bytes with the longest sender (" + SubjectTokens.MAX_SENDER_BYTES + " bytes), more than the "
                + MAX_SUBJECT_BYTES + " a NATS publish can carry: shorten it or use fewer %s");
        }
        final int slots = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
        this.template = topicTemplate;
        this.parts = topicTemplate.split(java.util.regex.Pattern.quote(PLACEHOLDER), -1);
        this.senders = new byte[slots][];
        this.subjects = new String[slots];
        this.shift = 32 - Integer.numberOfTrailingZeros(slots);
    }

    /** Bytes of the longest subject {@code topicTemplate} builds: every {@code %s} a sender of {@link SubjectTokens#MAX_SENDER_BYTES}. */
    public static long longestSubjectBytes(final String topicTemplate)
    {
        final int placeholders = topicTemplate.split(java.util.regex.Pattern.quote(PLACEHOLDER), -1).length - 1;
        return topicTemplate.getBytes(StandardCharsets.UTF_8).length
            + (long)placeholders * (SubjectTokens.MAX_SENDER_BYTES - PLACEHOLDER.length());
    }

    /** Slots in the cache. */
    public int capacity()
    {
        return subjects.length;
    }

    /**
     * The subject for the sender {@code sender[0, length)}; {@code senderHash} is
     * {@link DecodedMessage#senderHash()} (any stable hash works, a different one only misses).
     */
    public String subjectFor(final byte[] sender, final int length, final int senderHash)
    {
        if (parts.length == 1)
        {
            return template;
        }
        // Fibonacci hashing takes the high bits of the product, so that the low bits the ring
        // already used to pick this publisher do not leave most slots unused
        final int slot = (senderHash * 0x9E3779B9) >>> shift;
        final byte[] cached = senders[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, sender, 0, length))
        {
            return subjects[slot];
        }
        final String subject = build(new String(sender, 0, length, StandardCharsets.UTF_8));
        if (length > SubjectTokens.MAX_SENDER_BYTES)
        {
            // The decoder refuses such senders; should one come anyway, it is not kept.
            return subject;
        }
        senders[slot] = Arrays.copyOf(sender, length);
        subjects[slot] = subject;
        return subject;
    }

    private String build(final String sender)
    {
        final StringBuilder subject = new StringBuilder(template.length() + (parts.length - 1) * sender.length());
        subject.append(parts[0]);
        for (int k = 1; k < parts.length; k++)
        {
            subject.append(sender).append(parts[k]);
        }
        return subject.toString();
    }
}
