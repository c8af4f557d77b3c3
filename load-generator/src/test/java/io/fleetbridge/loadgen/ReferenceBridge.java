package io.fleetbridge.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/**
 * A deliberately naive adapter written in the tests from PROTOCOL.md alone: parses each input
 * with a general JSON reader, builds the envelope with a general JSON writer and publishes it to
 * JetStream. It lets the generator's whole path be tested without the daemon, and checks the
 * generator's messages against an independent reading of the spec.
 *
 * <p>Threads: one jnats dispatcher thread does everything. Not for volume.
 */
final class ReferenceBridge
{
    private static final DslJson<Object> DSL = new DslJson<>();
    private static final DateTimeFormatter GO_TIME = new DateTimeFormatterBuilder().appendInstant(-1).toFormatter();

    private final Connection connection;
    private final JetStream jetStream;
    private final Dispatcher dispatcher;
    private final String topic;
    private final ConcurrentLinkedQueue<CompletableFuture<PublishAck>> acks = new ConcurrentLinkedQueue<>();

    ReferenceBridge(final String url, final String ingestSubject, final String topic) throws IOException, InterruptedException, java.util.concurrent.TimeoutException
    {
        this.connection = Nats.connect(url);
        this.jetStream = connection.jetStream();
        this.topic = topic;
        this.dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(ingestSubject);
        connection.flush(Duration.ofSeconds(5));
    }

    private void onMessage(final Message message)
    {
        final Map<String, Object> transport = Json.object(message.getData());
        final Map<String, Object> secure = Json.object(Json.base64(transport, "data"));
        final String data;
        final String sender;
        final String time;
        final String id;
        if (((String)transport.get("protocol")).startsWith("choria:"))
        {
            final Map<String, Object> inner = Json.object(Json.string(secure, "message"));
            final Map<String, Object> envelope = Json.child(inner, "envelope");
            data = Json.string(inner, "message");
            sender = Json.string(envelope, "senderid");
            id = Json.string(envelope, "requestid");
            time = GO_TIME.format(Instant.ofEpochSecond(Json.number(envelope, "time")));
        }
        else
        {
            final Map<String, Object> inner = Json.object(Json.base64(secure, "request"));
            data = new String(Json.base64(inner, "message"), StandardCharsets.UTF_8);
            sender = Json.string(inner, "sender");
            id = Json.string(inner, "id");
            final long ns = Json.number(inner, "time");
            time = GO_TIME.format(Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L));
        }
        final JsonWriter w = DSL.newWriter();
        w.writeAscii("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":");
        w.writeString(data);
        w.writeAscii(",\"sender\":");
        w.writeString(sender);
        w.writeAscii(",\"time\":");
        w.writeString(time);
        w.writeAscii(",\"requestid\":");
        w.writeString(id);
        w.writeAscii("}");
        acks.add(jetStream.publishAsync(NatsMessage.builder()
            .subject(topic.replace("%s", sender))
            // a reply's id is that of the request it answers, shared by every node's reply: the sender makes it its own
            .headers(new Headers().put("Nats-Msg-Id", ((String)secure.get("protocol")).contains("reply") ? sender + ":" + id : id))
            .data(w.toByteArray())
            .build()));
    }

    /** Stops reading, waits for every publish to be acknowledged, closes. */
    void close() throws Exception
    {
        connection.closeDispatcher(dispatcher);
        for (final CompletableFuture<PublishAck> ack : acks)
        {
            ack.get(10, TimeUnit.SECONDS);
        }
        connection.close();
    }
}
