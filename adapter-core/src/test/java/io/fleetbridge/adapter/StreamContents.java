package io.fleetbridge.adapter;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates a test stream and reads back everything in it, for end-to-end assertions. */
public final class StreamContents
{
    /** One stored message. */
    public record Stored(String subject, String body, String msgId)
    {
        public String requestId()
        {
            final int at = body.indexOf("\"requestid\":\"");
            return at < 0 ? null : body.substring(at + 13, body.indexOf('"', at + 13));
        }
    }

    private StreamContents()
    {
    }

    public static void create(final Connection connection, final String stream, final String subjects)
        throws IOException, JetStreamApiException
    {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
            .name(stream)
            .subjects(subjects)
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    }

    /** A stream that keeps only the latest message of each subject: the "latest per node" view of a fleet. */
    public static void createLatestPerSubject(final Connection connection, final String stream, final String subjects)
        throws IOException, JetStreamApiException
    {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
            .name(stream)
            .subjects(subjects)
            .storageType(StorageType.File)
            .maxMessagesPerSubject(1)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
    }

    public static long count(final Connection connection, final String stream) throws IOException, JetStreamApiException
    {
        return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }

    public static List<Stored> read(final Connection connection, final String stream) throws IOException, JetStreamApiException
    {
        final JetStreamManagement jsm = connection.jetStreamManagement();
        final long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        final List<Stored> stored = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++)
        {
            final MessageInfo info = jsm.getMessage(stream, seq);
            final String msgId = info.getHeaders() == null ? null : info.getHeaders().getFirst("Nats-Msg-Id");
            stored.add(new Stored(info.getSubject(), new String(info.getData(), StandardCharsets.UTF_8), msgId));
        }
        return stored;
    }

    /** How often each request id is in the stream. */
    public static Map<String, Integer> requestIdCounts(final List<Stored> stored)
    {
        final Map<String, Integer> counts = new HashMap<>();
        stored.forEach(s -> counts.merge(s.requestId(), 1, Integer::sum));
        return counts;
    }
}
