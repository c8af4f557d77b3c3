package io.fleetbridge.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registrations as the adapter stores them (its envelope, {@code Nats-Msg-Id} = request id), put
 * straight into a stream, and the streams a fleet test needs. Each test uses its own names.
 */
final class Registrations
{
    private static final AtomicLong REQUESTS = new AtomicLong();

    final String stream;
    final String prefix;
    final String topic;
    final String advisoryStream;
    final String advisorySubject;

    Registrations()
    {
        final String unique = Long.toString(System.nanoTime(), 36);
        this.stream = "REG_" + unique;
        this.prefix = "reg" + unique + ".node_metadata";
        this.topic = prefix + ".%s";
        this.advisoryStream = "ADV_" + unique;
        this.advisorySubject = "adv" + unique + ".%s";
    }

    void createStreams(final Connection connection) throws IOException, JetStreamApiException
    {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".>")
            .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).maxMessagesPerSubject(5).build());
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(advisoryStream)
            .subjects(advisorySubject.replace("%s", "*")).storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
    }

    static byte[] envelope(final String sender, final int dataBytes)
    {
        final String requestId = String.format("%032x", REQUESTS.incrementAndGet());
        return ("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"" + "x".repeat(dataBytes) + "\",\"sender\":\""
            + sender + "\",\"time\":\"2026-12-05T10:00:00Z\",\"requestid\":\"" + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Publishes {@code body} on the subject {@code prefix.<sender bytes>} over a raw protocol
     * connection, as a client that sends any bytes could (jnats always sends UTF-8), and waits for
     * the server's PONG, so that the message was processed.
     */
    void publishRaw(final String natsUrl, final byte[] sender, final byte[] body) throws IOException
    {
        final URI uri = URI.create(natsUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort()))
        {
            socket.setSoTimeout(10_000);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPUB ".getBytes(StandardCharsets.US_ASCII));
            out.write((prefix + ".").getBytes(StandardCharsets.US_ASCII));
            out.write(sender);
            out.write((" " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(out.toByteArray());
            final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); !"PONG".equals(line); line = in.readLine())
            {
                if (line == null || line.startsWith("-ERR"))
                {
                    throw new IOException("the server refused the raw publish: " + line);
                }
            }
        }
    }

    /** Stores one registration from each of {@code senders} and waits for every acknowledgement. */
    void register(final Connection connection, final Collection<String> senders, final int dataBytes) throws Exception
    {
        final JetStream js = connection.jetStream();
        final List<CompletableFuture<PublishAck>> acks = new ArrayList<>(senders.size());
        for (final String sender : senders)
        {
            final byte[] body = envelope(sender, dataBytes);
            acks.add(js.publishAsync(prefix + "." + sender, body, PublishOptions.builder().messageId(requestIdOf(body)).build()));
            if (acks.size() >= 2_000)
            {
                for (final CompletableFuture<PublishAck> ack : acks)
                {
                    ack.get();
                }
                acks.clear();
            }
        }
        for (final CompletableFuture<PublishAck> ack : acks)
        {
            ack.get();
        }
    }

    /** The stored time, in milliseconds, and body size of a node's last registration. */
    long[] last(final Connection connection, final String sender) throws IOException, JetStreamApiException
    {
        final MessageInfo info = connection.jetStreamManagement().getLastMessage(stream, prefix + "." + sender);
        return new long[]{info.getTime().toInstant().toEpochMilli(), info.getData().length};
    }

    private static String requestIdOf(final byte[] body)
    {
        final String text = new String(body, StandardCharsets.UTF_8);
        final int at = text.indexOf("\"requestid\":\"") + 13;
        return text.substring(at, at + 32);
    }
}
