package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The subject a sender's envelope is published on: {@code stream.topic} with every {@code %s}
 * replaced by the sender id.
 *
 * <p><b>Built per message, not looked up.</b> A fleet registers in rounds, each node once per
 * interval (minutes), so a table of ready-made subjects holds the entry for a node that was last
 * touched a whole round ago: its hash, its sender bytes, its {@code String} and that string's bytes
 * (which jnats reads first) were each a miss to memory. Building it here copies
 * the sender while the publisher has just read it from the body, into one scratch array, and makes
 * one short-lived {@code String}. That cost the publisher thread less CPU per message than the
 * four-way table it replaced in 8 of 9 measured pairs (docs/benchmarks-method.md), and leaves no
 * table to size or to keep in the old generation.
 *
 * <p>Not thread safe: one per publisher. Allocates per call the subject only (a template without
 * {@code %s} is one constant subject, allocating nothing).
 */
public final class SubjectTemplate
{
    /**
     * Longest subject a template may build, in bytes: nats-server's default control line is 4 KiB
     * ({@code max_control_line}, also jnats's {@code Options.DEFAULT_MAX_CONTROL_LINE}), and the
     * publish line also carries the verb, the reply subject and two sizes, which fit in 1 KiB.
     */
    public static final int MAX_SUBJECT_BYTES = 3072;

    private static final String PLACEHOLDER = "%s";

    private final String template;
    /** The template's UTF-8 bytes between the placeholders: one more than there are placeholders. */
    private final byte[][] parts;
    /** The parts' bytes together: a subject's length less its senders'. */
    private final int fixedBytes;
    private byte[] scratch;

    public SubjectTemplate(final String topicTemplate)
    {
        if (topicTemplate == null || topicTemplate.isEmpty())
        {
            throw new IllegalArgumentException("topic template is required");
        }
        final long longest = requirePublishable("the topic " + topicTemplate, topicTemplate);
        final String[] split = split(topicTemplate);
        this.template = topicTemplate;
        this.parts = new byte[split.length][];
        int fixed = 0;
        for (int k = 0; k < split.length; k++)
        {
            parts[k] = split[k].getBytes(StandardCharsets.UTF_8);
            fixed += parts[k].length;
        }
        this.fixedBytes = fixed;
        this.scratch = new byte[(int)longest];
    }

    /** Bytes of the longest subject {@code topicTemplate} builds: every {@code %s} a sender of {@link SubjectTokens#MAX_SENDER_BYTES}. */
    public static long longestSubjectBytes(final String topicTemplate)
    {
        final int placeholders = split(topicTemplate).length - 1;
        return topicTemplate.getBytes(StandardCharsets.UTF_8).length
            + (long)placeholders * (SubjectTokens.MAX_SENDER_BYTES - PLACEHOLDER.length());
    }

    /**
     * {@link #longestSubjectBytes} of {@code topicTemplate}, which {@code label} names in the error when it is more than
     * {@link #MAX_SUBJECT_BYTES}.
     */
    public static long requirePublishable(final String label, final String topicTemplate)
    {
        final long longest = longestSubjectBytes(topicTemplate);
        if (longest > MAX_SUBJECT_BYTES)
        {
            throw new IllegalArgumentException(label + " makes subjects of up to " + longest
                + " bytes with the longest sender (" + SubjectTokens.MAX_SENDER_BYTES + " bytes), more than the "
                + MAX_SUBJECT_BYTES + " a NATS publish can carry: shorten it or use fewer %s");
        }
        return longest;
    }

    private static String[] split(final String topicTemplate)
    {
        return topicTemplate.split(Pattern.quote(PLACEHOLDER), -1);
    }

    /**
     * The subject for the sender {@code sender[0, length)}, decoded as UTF-8 as the sender alone would be (a template's
     * parts are whole characters, so no sequence spans a sender's edge).
     */
    public String subjectFor(final byte[] sender, final int length)
    {
        if (parts.length == 1)
        {
            return template;
        }
        final long needed = fixedBytes + (long)length * (parts.length - 1);
        if (needed > scratch.length)
        {
            // the decoder refuses longer senders; should one come anyway, it still gets its subject
            scratch = new byte[Math.toIntExact(needed)];
        }
        final byte[] out = scratch;
        int at = 0;
        for (int k = 0; k < parts.length; k++)
        {
            if (k > 0)
            {
                System.arraycopy(sender, 0, out, at, length);
                at += length;
            }
            final byte[] part = parts[k];
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return new String(out, 0, at, StandardCharsets.UTF_8);
    }
}
