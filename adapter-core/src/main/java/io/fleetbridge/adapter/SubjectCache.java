package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Maps a sender id to the subject it publishes on ({@code stream.topic} with every {@code %s}
 * replaced by the sender), keeping recent results so that a fleet's steady registration traffic
 * builds no strings. Each subject it builds counts in {@code misses}
 * ({@code choria_adapter_subject_cache_misses}), so that an operator sees when it is too small.
 *
 * <p>One per publisher thread: not thread safe. Memory is bounded by capacity times the longest
 * sender, {@link SubjectTokens#MAX_SENDER_BYTES} (a longer one is never kept). A hit allocates
 * nothing, stores no reference and returns the same {@code String} instance as before; a miss
 * builds the subject. A template without {@code %s} is one constant subject.
 *
 * <p>Why four ways, and which slot a newcomer takes: a fleet registers in rounds, every node once
 * per interval, in much the same order each time, which is the worst order for a direct-mapped or
 * least-recently-used cache. Two nodes that share a direct-mapped slot evict each other on every
 * visit, so with as many nodes as slots about half of all lookups missed, and each miss stored a
 * new object into the long-lived table, work for G1's card refinement. Here a sender may sit in
 * any of the four slots of its set, and each slot is {@link #HIT} since the set was last cleared,
 * {@link #NEW} (filled since, not hit yet) or {@link #CLEARED}. A newcomer takes an empty slot, else
 * the first cleared one (a node that has not come back since the clear, perhaps gone), else the
 * first new one; when all four were hit it clears them and stays out. So an over-full set keeps
 * serving the nodes it holds while its newcomers take turns in one slot, and a node that stops
 * registering gives its slot up after the next clear. With as many nodes as slots under a third of
 * lookups miss and with twice as many slots as nodes about one in twenty, where direct mapping
 * missed 51 to 63% and 30 to 39% ({@code SubjectCacheTest}).
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

    /** Most slots a cache may have: with twice the slots of the nodes, a fleet of half a million. */
    public static final int MAX_CAPACITY = 1 << 20;

    /** Slots per set: their 16 bytes of hashes (below) lie in one CPU cache line, or two at worst. */
    static final int WAYS = 4;

    /** A slot's state: not hit since its set was last cleared, and filled before that. */
    private static final byte CLEARED = 0;
    /** A slot's state: filled since its set was last cleared, not hit yet. */
    private static final byte NEW = 1;
    /** A slot's state: hit since its set was last cleared. */
    private static final byte HIT = 2;

    private final String template;
    private final String[] parts;
    /** Per slot, the sender's hash: compared first, so that only a slot whose hash matches has its sender's bytes read. */
    private final int[] hashes;
    private final byte[][] senders;
    private final String[] subjects;
    /** Per slot, {@link #CLEARED}, {@link #NEW} or {@link #HIT}. */
    private final byte[] states;
    private final int shift;
    private final LongAdder misses;

    /** A cache that counts its misses nowhere. */
    public SubjectCache(final String topicTemplate, final int capacity)
    {
        this(topicTemplate, capacity, new LongAdder());
    }

    /**
     * @param capacity slots, rounded up to a power of two (at least {@value #WAYS}, at most {@value #MAX_CAPACITY})
     * @param misses counts every subject built rather than found
     */
    public SubjectCache(final String topicTemplate, final int capacity, final LongAdder misses)
    {
        if (topicTemplate == null || topicTemplate.isEmpty())
        {
            throw new IllegalArgumentException("topic template is required");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": " + capacity);
        }
        final long longest = longestSubjectBytes(topicTemplate);
        if (longest > MAX_SUBJECT_BYTES)
        {
            throw new IllegalArgumentException("the topic " + topicTemplate + " makes subjects of up to " + longest
                + " bytes with the longest sender (" + SubjectTokens.MAX_SENDER_BYTES + " bytes), more than the "
                + MAX_SUBJECT_BYTES + " a NATS publish can carry: shorten it or use fewer %s");
        }
        final int slots = Math.max(WAYS, Integer.highestOneBit(capacity - 1) << 1);
        this.template = topicTemplate;
        this.parts = topicTemplate.split(java.util.regex.Pattern.quote(PLACEHOLDER), -1);
        this.hashes = new int[slots];
        this.senders = new byte[slots][];
        this.subjects = new String[slots];
        this.states = new byte[slots];
        this.misses = misses;
        // the top log2(sets) bits of the hash's product pick the set: none when there is one
        this.shift = 32 - Integer.numberOfTrailingZeros(slots / WAYS);
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
        // already used to pick this publisher do not leave most sets unused
        final int base = (int)(((senderHash * 0x9E3779B9) & 0xFFFF_FFFFL) >>> shift) * WAYS;
        for (int slot = base; slot < base + WAYS; slot++)
        {
            final byte[] cached;
            if (hashes[slot] == senderHash && (cached = senders[slot]) != null
                && Arrays.equals(cached, 0, cached.length, sender, 0, length))
            {
                if (states[slot] != HIT)
                {
                    states[slot] = HIT;
                }
                return subjects[slot];
            }
        }
        misses.increment();
        final String subject = build(new String(sender, 0, length, StandardCharsets.UTF_8));
        if (length > SubjectTokens.MAX_SENDER_BYTES)
        {
            // The decoder refuses such senders; should one come anyway, it is not kept.
            return subject;
        }
        final int slot = victim(base);
        if (slot >= 0)
        {
            hashes[slot] = senderHash;
            senders[slot] = Arrays.copyOf(sender, length);
            subjects[slot] = subject;
            states[slot] = NEW;
        }
        return subject;
    }

    /**
     * The slot of the set at {@code base} a newcomer takes: an empty one, else the first cleared, else the first new;
     * -1, and the set cleared, when every slot was hit.
     */
    private int victim(final int base)
    {
        int firstNew = -1;
        for (int slot = base; slot < base + WAYS; slot++)
        {
            if (senders[slot] == null || states[slot] == CLEARED)
            {
                return slot;
            }
            if (firstNew < 0 && states[slot] == NEW)
            {
                firstNew = slot;
            }
        }
        if (firstNew < 0)
        {
            Arrays.fill(states, base, base + WAYS, CLEARED);
        }
        return firstNew;
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
