package io.fleetbridge.daemon.reliability;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a stream holds, by request id: read in one pass with an ordered consumer (a lookup per
 * sequence would take seconds for the larger scenarios), so the tests can check that each
 * accepted message is there exactly once. Reads on the calling thread.
 */
final class StreamLedger
{
    private final Map<String, Integer> counts;

    private StreamLedger(final Map<String, Integer> counts)
    {
        this.counts = counts;
    }

    /** A file-backed stream with a duplicate window longer than any scenario. */
    static void create(final Connection connection, final String stream, final String subjects, final int replicas)
        throws IOException, JetStreamApiException
    {
        // a replicated stream waits for its Raft group's first election: slow on a busy machine
        final JetStreamOptions patient = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(30)).build();
        connection.jetStreamManagement(patient).addStream(StreamConfiguration.builder()
            .name(stream)
            .subjects(subjects)
            .storageType(StorageType.File)
            .replicas(replicas)
            .duplicateWindow(Duration.ofMinutes(5))
            .build());
    }

    static StreamLedger read(final Connection connection, final String stream) throws Exception
    {
        final JetStreamManagement jsm = connection.jetStreamManagement();
        final StreamInfo info = jsm.getStreamInfo(stream);
        final long messages = info.getStreamState().getMsgCount();
        final Map<String, Integer> counts = new HashMap<>();
        if (messages == 0)
        {
            return new StreamLedger(counts);
        }
        final JetStreamSubscription subscription = connection.jetStream().subscribe(
            info.getConfiguration().getSubjects().get(0),
            PushSubscribeOptions.builder().stream(stream).ordered(true).build());
        try
        {
            for (long read = 0; read < messages; read++)
            {
                final Message message = subscription.nextMessage(Duration.ofSeconds(10));
                if (message == null)
                {
                    throw new AssertionError("stream " + stream + " gave " + read + " of its " + messages + " messages");
                }
                counts.merge(requestId(message.getData()), 1, Integer::sum);
            }
        }
        finally
        {
            subscription.unsubscribe();
        }
        return new StreamLedger(counts);
    }

    private static String requestId(final byte[] envelope)
    {
        final String body = new String(envelope, StandardCharsets.UTF_8);
        final int at = body.indexOf("\"requestid\":\"");
        return at < 0 ? "" : body.substring(at + 13, body.indexOf('"', at + 13));
    }

    /** Distinct request ids in the stream. */
    int landed()
    {
        return counts.size();
    }

    /** Copies beyond the first of any request id; zero when each landed exactly once. */
    int duplicates()
    {
        return counts.values().stream().mapToInt(c -> c - 1).sum();
    }

    /** Whether a message with this request id is in the stream. */
    boolean holds(final String requestId)
    {
        return counts.containsKey(requestId);
    }

    /** How many of the inputs {@code from, from + step, ...} below {@code to} landed. */
    int landedOf(final Inputs inputs, final int from, final int to, final int step)
    {
        int landed = 0;
        for (int i = from; i < to; i += step)
        {
            landed += holds(inputs.requestId(i)) ? 1 : 0;
        }
        return landed;
    }
}
