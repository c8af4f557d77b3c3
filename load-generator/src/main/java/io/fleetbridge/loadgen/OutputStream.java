package io.fleetbridge.loadgen;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The output stream for quick starts: created when missing, capturing every subject the topic
 * template can produce, with a duplicate window so the adapter's {@code Nats-Msg-Id} works.
 * An existing stream is left exactly as it is.
 */
final class OutputStream
{
    /** As long as the adapter's default {@code stream.retry_for}, so that no re-send it makes can be stored twice. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(5);

    private OutputStream()
    {
    }

    /** The stream subject for a topic template: {@code choria.node_metadata.%s} needs {@code choria.node_metadata.>}. */
    static String subjectFor(final String topic)
    {
        final String filter = StreamWatcher.filterSubject(topic);
        return filter != null ? filter : topic.replace("%s", "*");
    }

    /** Creates the stream unless it exists; true when it was created. */
    static boolean ensure(final JetStreamManagement jsm, final String stream, final String topic,
        final StorageType storage, final int replicas) throws IOException, JetStreamApiException
    {
        try
        {
            jsm.getStreamInfo(stream);
            return false;
        }
        catch (final JetStreamApiException e)
        {
            if (e.getErrorCode() != 404)
            {
                throw e;
            }
        }
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subjectFor(topic)).storageType(storage)
            .replicas(replicas).duplicateWindow(DUPLICATE_WINDOW).build());
        return true;
    }
}
