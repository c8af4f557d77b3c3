package io.fleetbridge.bench.rig;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;
import com.dslplatform.json.runtime.Settings;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Go design of the Choria Broker's JetStream adapter, ported faithfully as the baseline:
 * one bounded queue of 1000 (Go's buffered channel), 10 ingest workers each with its own
 * connection and queue subscription, decoding with plain data binding and
 * {@link java.util.Base64} and offering to the queue, dropping when it is full (Go's
 * {@code select} with {@code default}); 10 publisher workers, each with its own connection,
 * marshalling the output per message into a new buffer and publishing it.
 *
 * <p>{@link Mode#CORE} publishes with core NATS and waits for nothing, as the Go code does;
 * {@link Mode#SYNC} waits for each JetStream ack ({@code js.publish}), the obvious minimal fix.
 * Neither sets {@code Nats-Msg-Id} (the Go code has none).
 *
 * <p>Threads: the 10 ingest connections' dispatcher threads decode; 10 threads
 * {@code go-pub-N} publish. Allocates freely per message, as the original does.
 */
final class GoPortVariant implements Variant
{
    static final int QUEUE_LENGTH = 1000;
    static final int WORKERS = 10;

    /** How the publishers hand a message to NATS. */
    enum Mode
    {
        CORE, SYNC
    }

    private final Mode mode;
    private final DslJson<Object> json = new DslJson<>(Settings.withRuntime().includeServiceLoader());
    private final BlockingQueue<GoMessages.Adaptable> queue = new ArrayBlockingQueue<>(QUEUE_LENGTH);
    private final List<Connection> connections = new ArrayList<>();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final List<Thread> publishers = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running;
    private Cell cell;

    GoPortVariant(final Mode mode)
    {
        this.mode = mode;
    }

    @Override
    public String name()
    {
        return mode == Mode.CORE ? "go-core (Go port, core publish)" : "go-sync (Go port, sync js.publish)";
    }

    @Override
    public boolean needsSource()
    {
        return true;
    }

    @Override
    public void prepare(final Cell cell) throws Exception
    {
        this.cell = cell;
        for (int i = 0; i < WORKERS; i++)
        {
            final Connection ingest = RigConnections.open(cell.url(), "go-in-" + i);
            connections.add(ingest);
            final Dispatcher dispatcher = ingest.createDispatcher(message -> ingest(message.getData()));
            IngestLimits.raise(dispatcher);
            dispatcher.subscribe(cell.ingestSubject(), "nats_ingest_go");
            ingest.flush(Duration.ofSeconds(5));
            dispatchers.add(dispatcher);
        }
        for (int i = 0; i < WORKERS; i++)
        {
            connections.add(RigConnections.open(cell.url(), "go-pub-" + i));
        }
    }

    private void ingest(final byte[] body)
    {
        received.increment();
        final GoMessages.Adaptable adaptable;
        try
        {
            final GoMessages.Transport transport = json.deserialize(GoMessages.Transport.class, body, body.length);
            final byte[] secureJson = Base64.getDecoder().decode(transport.data);
            final GoMessages.SecureRequest secure = json.deserialize(GoMessages.SecureRequest.class, secureJson, secureJson.length);
            final byte[] requestJson = secure.message.getBytes(StandardCharsets.UTF_8);
            final GoMessages.Request request = json.deserialize(GoMessages.Request.class, requestJson, requestJson.length);
            adaptable = new GoMessages.Adaptable();
            adaptable.data = request.message;
            adaptable.sender = request.envelope.senderid;
            adaptable.requestid = request.envelope.requestid;
            adaptable.timeSeconds = request.envelope.time;
        }
        catch (final IOException | RuntimeException e)
        {
            invalid.increment();
            return;
        }
        if (!queue.offer(adaptable))
        {
            queueFull.increment();
        }
    }

    @Override
    public void start()
    {
        running = true;
        for (int i = 0; i < WORKERS; i++)
        {
            final Connection connection = connections.get(WORKERS + i);
            final Thread thread = new Thread(() -> publish(connection), "go-pub-" + i);
            thread.setDaemon(true);
            publishers.add(thread);
            thread.start();
        }
    }

    private void publish(final Connection connection)
    {
        final JetStream js = RigConnections.jetStream(connection);
        final String topic = cell.streamTopic();
        while (running || !queue.isEmpty())
        {
            final GoMessages.Adaptable next;
            try
            {
                next = queue.poll(50, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null)
            {
                continue;
            }
            final GoMessages.Output output = new GoMessages.Output();
            output.protocol = "choria:adapters:jetstream:output:1";
            output.data = next.data;
            output.sender = next.sender;
            output.time = Instant.ofEpochSecond(next.timeSeconds).toString();
            output.requestid = next.requestid;
            try
            {
                final JsonWriter writer = json.newWriter();
                json.serialize(writer, output);
                final byte[] body = writer.toByteArray();
                final String subject = topic.replace("%s", next.sender);
                if (mode == Mode.CORE)
                {
                    connection.publish(subject, body);
                }
                else
                {
                    js.publish(subject, body);
                }
                published.increment();
            }
            catch (final Exception e)
            {
                failed.increment();
            }
        }
    }

    @Override
    public long completed()
    {
        return published.sum() + dropped();
    }

    @Override
    public long dropped()
    {
        return queueFull.sum() + invalid.sum() + failed.sum() + IngestLimits.droppedBy(dispatchers);
    }

    /** Drops because the queue was full, for the test of the accounting. */
    long droppedQueueFull()
    {
        return queueFull.sum();
    }

    @Override
    public boolean drain(final Duration bound, final long offered) throws InterruptedException
    {
        final boolean emptied = Outstanding.await(bound,
            () -> received.sum() - published.sum() - queueFull.sum() - invalid.sum() - failed.sum());
        running = false;
        for (final Thread thread : publishers)
        {
            thread.join(bound.toMillis());
        }
        for (int i = WORKERS; i < connections.size(); i++)
        {
            try
            {
                connections.get(i).flush(bound);
            }
            catch (final java.util.concurrent.TimeoutException e)
            {
                return false;
            }
        }
        return emptied;
    }

    @Override
    public void close()
    {
        running = false;
        RigConnections.closeAll(connections);
    }
}
