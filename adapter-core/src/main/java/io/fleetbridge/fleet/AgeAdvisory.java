package io.fleetbridge.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One age advisory, as the Choria Stream Replicator publishes it
 * ({@code io.choria.sr.v2.age_advisory}, the schema {@code sr/v2/age_advisory.json} of the Choria
 * schemas, the struct {@code AgeAdvisoryV2} in the replicator's {@code advisor/advisor.go}).
 *
 * <p>{@code seen} and {@code age} mean what they mean there: for {@code recover} the node's
 * previous sighting and the gap since it; for {@code timeout} and {@code expire} its last
 * sighting and the time since; for {@code new} the first sighting.
 *
 * <p>The one change: the replicator draws {@code event_id} at random, so two replicators (or one
 * restarted) publish the same event twice unless one of them is elected to stay silent. Here the
 * id is derived from the node, the event and the sighting that caused it ({@link #eventId()}), and
 * is also the {@code Nats-Msg-Id}: trackers side by side, or a tracker after a restart, publish
 * the same id for the same event and the stream stores it once. Immutable; advisories are rare,
 * so it allocates freely.
 *
 * @param event       what happened
 * @param node        the sender id ({@code value} on the wire)
 * @param seenMs      the sighting the {@code seen} field reports
 * @param ageMs       the {@code age} field, before rounding to seconds
 * @param timestampMs when the advisory was made
 * @param causeSeenMs the sighting that caused the event: the key of the id
 */
public record AgeAdvisory(AdvisoryEvent event, String node, long seenMs, long ageMs, long timestampMs, long causeSeenMs)
{
    /** The {@code protocol} of every advisory. */
    public static final String PROTOCOL = "io.choria.sr.v2.age_advisory";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** 32 hex digits: the first 128 bits of SHA-256 over node, event and the causing sighting in milliseconds. */
    public String eventId()
    {
        final MessageDigest sha;
        try
        {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
        sha.update(node.getBytes(StandardCharsets.UTF_8));
        sha.update((byte)0);
        sha.update(event.wireName().getBytes(StandardCharsets.US_ASCII));
        sha.update((byte)0);
        sha.update(Long.toString(causeSeenMs).getBytes(StandardCharsets.US_ASCII));
        final byte[] digest = sha.digest();
        final char[] hex = new char[32];
        for (int i = 0; i < 16; i++)
        {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }

    /** Whole seconds, rounded as Go's {@code Duration.Round(time.Second)} does (half away from zero). */
    public long ageSeconds()
    {
        return ageMs >= 0 ? (ageMs + 500) / 1000 : -((-ageMs + 500) / 1000);
    }

    /**
     * The JSON body, keys in the replicator's order: protocol, event_id, inspect_field, age, seen,
     * replicator, timestamp, event, value.
     */
    public byte[] json(final String inspectField, final String replicator)
    {
        final StringBuilder out = new StringBuilder(256);
        out.append("{\"protocol\":\"").append(PROTOCOL)
            .append("\",\"event_id\":\"").append(eventId())
            .append("\",\"inspect_field\":");
        quote(out, inspectField);
        out.append(",\"age\":").append(ageSeconds())
            .append(",\"seen\":").append(Math.floorDiv(seenMs, 1000))
            .append(",\"replicator\":");
        quote(out, replicator);
        out.append(",\"timestamp\":").append(Math.floorDiv(timestampMs, 1000))
            .append(",\"event\":\"").append(event.wireName())
            .append("\",\"value\":");
        quote(out, node);
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The subject: {@code %s} becomes the event, {@code %v} the node, as in the replicator. */
    public String subject(final String template)
    {
        return template.replace("%s", event.wireName()).replace("%v", node);
    }

    private static void quote(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
