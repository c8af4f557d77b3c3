package io.fleetbridge.loadgen;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The output stream for quick starts: created when missing, capturing every subject the topic
 * template can produce, with the same defaults as the daemon's {@code create-stream} (its
 * {@code AdapterStream}): a duplicate window of the adapter's default {@code stream.retry_for},
 * {@value #MAX_MSGS_PER_SUBJECT} messages per node and 7 days. The load generator shares no main
 * code with the adapter it verifies, so a test holds the two to the same configuration. An
 * existing stream is left exactly as it is.
 *
 * <p>A verifier that falls more than {@value #MAX_MSGS_PER_SUBJECT} rounds of the fleet behind
 * the stream would find a node's oldest messages already replaced; for a small fleet sent at a
 * high rate, pass {@code --max-msgs-per-subject 0}. A run's own {@code --create-stream} keeps
 * every message for that reason.
 */
final class OutputStream
{
    /** As long as the adapter's default {@code stream.retry_for}, so that no re-send it makes can be stored twice. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(5);
    /** The latest few registrations of each node. */
    static final long MAX_MSGS_PER_SUBJECT = 5;
    /** As the Choria adapter documentation's example stream keeps. */
    static final Duration MAX_AGE = Duration.ofDays(7);

    private OutputStream()
    {
    }

    /**
     * The stream subject for a topic template, as the daemon's create-stream makes it: {@code choria.node_metadata.%s}
     * needs {@code choria.node_metadata.>}, and {@code a.%s.b} needs {@code a.>}, since a sender's dotted name spans
     * as many tokens as it has parts wherever it stands ({@code a.*.b} would capture none of them).
     */
    static String subjectFor(final String topic)
    {
        final int at = topic.indexOf("%s");
        return at < 0 ? topic : topic.substring(0, topic.lastIndexOf('.', at) + 1) + ">";
    }

    /**
     * @param maxMsgsPerSubject 0 for no limit
     * @param maxAge            zero for no limit
     */
    static StreamConfiguration configuration(final String stream, final String topic, final StorageType storage, final int replicas,
        final Duration duplicateWindow, final long maxMsgsPerSubject, final Duration maxAge)
    {
        return StreamConfiguration.builder().name(stream).subjects(subjectFor(topic)).storageType(storage).replicas(replicas)
            .duplicateWindow(duplicateWindow).maxMessagesPerSubject(maxMsgsPerSubject == 0 ? -1 : maxMsgsPerSubject)
            .maxAge(maxAge).build();
    }

    /** Creates {@code configuration}'s stream unless it exists; true when it was created. */
    static boolean ensure(final JetStreamManagement jsm, final StreamConfiguration configuration) throws IOException, JetStreamApiException
    {
        try
        {
            jsm.getStreamInfo(configuration.getName());
            return false;
        }
        catch (final JetStreamApiException e)
        {
            if (e.getErrorCode() != 404)
            {
                throw e;
            }
        }
        jsm.addStream(configuration);
        return true;
    }
}
