package io.fleetbridge.adapter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The JetStream stream an adapter publishes into, as {@code create-stream} makes it (the daemon's
 * and the load generator's, which share this class so that they cannot disagree): its subjects
 * capture every output subject of {@code stream.topic} ({@link StreamCheck#filterFor}), file
 * storage, and these limits:
 * <ul>
 * <li>duplicate window: the adapter's {@code stream.retry_for}, so that no re-send is stored twice
 * (see {@link StreamCheck}); no longer, since the server keeps every id of the window;</li>
 * <li>{@value #DEFAULT_MAX_MSGS_PER_SUBJECT} messages per subject: each subject is one node, and
 * consumers want its latest registration (the "latest per node" view); a few more keep about
 * 25 minutes of history at Choria's 5 minute registration interval and bound the stream to
 * nodes &times; 5 messages whatever the rate;</li>
 * <li>a maximum age of 7 days, as the Choria adapter documentation's example stream keeps: a node
 * that has not registered for a week is gone, and its last data goes with it.</li>
 * </ul>
 * Immutable; {@link #ensure} talks to the server on the caller's thread.
 */
public final class AdapterStream
{
    public static final long DEFAULT_MAX_MSGS_PER_SUBJECT = 5;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final int DEFAULT_REPLICAS = 1;

    /** What {@link #ensure} found or did. */
    public enum Kind
    {
        CREATED, MATCHES, DIFFERS
    }

    /** The stream concerned (ours, or another that already captures the subjects) and how it differs from ours. */
    public record Outcome(Kind kind, String stream, List<String> differences)
    {
    }

    private final String name;
    private final String subject;
    private final Duration duplicateWindow;
    private final long maxMsgsPerSubject;
    private final Duration maxAge;
    private final StorageType storage;
    private final int replicas;

    /**
     * @param maxMsgsPerSubject 0 for no limit
     * @param maxAge            {@link Duration#ZERO} for no limit; else at least the duplicate window
     * @throws IllegalArgumentException naming the setting at fault
     */
    public AdapterStream(final String name, final String topicTemplate, final Duration duplicateWindow, final long maxMsgsPerSubject,
        final Duration maxAge, final StorageType storage, final int replicas)
    {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_-]+"))
        {
            throw new IllegalArgumentException("stream name " + name + ": expected letters, digits, _ and - only");
        }
        if (maxMsgsPerSubject < 0)
        {
            throw new IllegalArgumentException("max messages per subject must not be negative: " + maxMsgsPerSubject);
        }
        if (!maxAge.isZero() && maxAge.compareTo(duplicateWindow) < 0)
        {
            throw new IllegalArgumentException("max age " + seconds(maxAge) + " is shorter than the duplicate window "
                + seconds(duplicateWindow) + " (stream.retry_for); JetStream refuses that");
        }
        if (replicas < 1 || replicas > 5)
        {
            throw new IllegalArgumentException("replicas must be 1 to 5: " + replicas);
        }
        this.name = name;
        this.subject = StreamCheck.filterFor(topicTemplate);
        this.duplicateWindow = duplicateWindow;
        this.maxMsgsPerSubject = maxMsgsPerSubject;
        this.maxAge = maxAge;
        this.storage = storage;
        this.replicas = replicas;
    }

    /** With the default limits, file storage and one replica. */
    public static AdapterStream withDefaults(final String name, final String topicTemplate, final Duration retryFor)
    {
        return new AdapterStream(name, topicTemplate, retryFor, DEFAULT_MAX_MSGS_PER_SUBJECT, DEFAULT_MAX_AGE, StorageType.File,
            DEFAULT_REPLICAS);
    }

    /** The stream name for an adapter: its name in capitals, {@code discovery} gets {@code DISCOVERY}. */
    public static String defaultName(final String adapter)
    {
        return adapter.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
    }

    public String name()
    {
        return name;
    }

    /** The one subject filter of the stream. */
    public String subject()
    {
        return subject;
    }

    public StreamConfiguration configuration()
    {
        return StreamConfiguration.builder().name(name).subjects(subject).storageType(storage).replicas(replicas)
            .duplicateWindow(duplicateWindow).maxMessagesPerSubject(maxMsgsPerSubject == 0 ? -1 : maxMsgsPerSubject)
            .maxAge(maxAge).build();
    }

    /** One line per setting in which {@code existing} is not this stream; empty when it is. */
    public List<String> differences(final StreamConfiguration existing)
    {
        final List<String> differences = new ArrayList<>();
        if (!existing.getSubjects().equals(List.of(subject)))
        {
            differences.add("subjects " + existing.getSubjects() + ", expected [" + subject + "]");
        }
        if (existing.getStorageType() != storage)
        {
            differences.add("storage " + text(existing.getStorageType()) + ", expected " + text(storage));
        }
        if (existing.getReplicas() != replicas)
        {
            differences.add("replicas " + existing.getReplicas() + ", expected " + replicas);
        }
        if (!duplicateWindow.equals(existing.getDuplicateWindow()))
        {
            differences.add("duplicate window " + seconds(existing.getDuplicateWindow()) + ", expected " + seconds(duplicateWindow)
                + (existing.getDuplicateWindow().compareTo(duplicateWindow) < 0
                    ? " (shorter than stream.retry_for: a late re-send is stored twice)" : ""));
        }
        final long perSubject = existing.getMaxMsgsPerSubject() <= 0 ? 0 : existing.getMaxMsgsPerSubject();
        if (perSubject != maxMsgsPerSubject)
        {
            differences.add("max messages per subject " + limit(perSubject) + ", expected " + limit(maxMsgsPerSubject));
        }
        if (!maxAge.equals(existing.getMaxAge()))
        {
            differences.add("max age " + age(existing.getMaxAge()) + ", expected " + age(maxAge));
        }
        return differences;
    }

    /**
     * Creates the stream unless one already captures its subject or has its name; then compares
     * that one with this. Never changes an existing stream: the operator may have chosen its
     * settings, and an edit (fewer messages per subject) could delete data.
     */
    public Outcome ensure(final JetStreamManagement jsm) throws IOException, JetStreamApiException
    {
        final List<String> capturing = jsm.getStreamNames(subject);
        final String existing = !capturing.isEmpty() ? capturing.get(0) : exists(jsm, name) ? name : null;
        if (existing == null)
        {
            jsm.addStream(configuration());
            return new Outcome(Kind.CREATED, name, List.of());
        }
        final List<String> differences = differences(jsm.getStreamInfo(existing).getConfiguration());
        return new Outcome(differences.isEmpty() ? Kind.MATCHES : Kind.DIFFERS, existing, differences);
    }

    /** What this stream is, in one line. */
    public String describe()
    {
        return name + " (subjects " + subject + ", " + text(storage) + " storage, " + replicas + " replica" + (replicas == 1 ? "" : "s")
            + ", duplicate window " + seconds(duplicateWindow) + ", max messages per subject " + limit(maxMsgsPerSubject)
            + ", max age " + age(maxAge) + ")";
    }

    private static boolean exists(final JetStreamManagement jsm, final String stream) throws IOException, JetStreamApiException
    {
        try
        {
            jsm.getStreamInfo(stream);
            return true;
        }
        catch (final JetStreamApiException ex)
        {
            if (ex.getErrorCode() == 404)
            {
                return false;
            }
            throw ex;
        }
    }

    private static String text(final StorageType type)
    {
        return type.toString().toLowerCase(Locale.ROOT);
    }

    private static String limit(final long value)
    {
        return value == 0 ? "unlimited" : Long.toString(value);
    }

    private static String age(final Duration value)
    {
        return value == null || value.isZero() ? "unlimited" : seconds(value);
    }

    static String seconds(final Duration duration)
    {
        final long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0)
        {
            return millis / 3_600_000 + "h";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
