package io.fleetbridge.loadgen;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;

/**
 * Reads the output stream back with an ordered push consumer (flow controlled, gap detecting,
 * deliver-new so only this run's period is seen), created before the first message is sent, and
 * hands every envelope to the {@link EnvelopeVerifier}.
 *
 * <p>Threads: jnats' connection threads and one dispatcher thread, which runs the verifier.
 * Envelopes that arrive before {@link #verifyWith} is called are counted as foreign.
 */
final class StreamWatcher implements AutoCloseable
{
    private static final long PENDING_BYTES = 128L << 20;

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final AtomicReference<EnvelopeVerifier> verifier = new AtomicReference<>();
    private final LongAdder early = new LongAdder();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final String stream;
    private final String filter;
    private final long firstSequence;
    /** The last envelope handed over; its stream sequence is asked for only by {@link #unread}. */
    private volatile Message last;

    private StreamWatcher(final Connection connection, final String stream, final String filter, final long firstSequence)
    {
        this.connection = connection;
        this.stream = stream;
        this.filter = filter;
        this.firstSequence = firstSequence;
        this.dispatcher = connection.createDispatcher();
        // flow control keeps the backlog bounded; the byte limit is the backstop that keeps the heap small
        dispatcher.setPendingLimits(-1, PENDING_BYTES);
    }

    static StreamWatcher open(final LoadOptions options) throws IOException, InterruptedException
    {
        final Connection connection;
        try
        {
            connection = Nats.connect(Options.builder()
                .servers(options.streamServers().toArray(new String[0]))
                .connectionName("loadgen-verifier")
                .errorListener(new ClientErrors("verifier", System.err))
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .build());
        }
        catch (final IOException e)
        {
            throw new IOException("the verifier cannot connect to the stream's servers " + options.streamServers()
                + " (--stream-servers): " + e.getMessage(), e);
        }
        try
        {
            final String filter = filterSubject(options.topic());
            if (options.createStream())
            {
                // every message, not the latest 5 per node: a verifier that falls behind must not find them replaced
                OutputStream.ensure(connection.jetStreamManagement(), OutputStream.configuration(options.stream(), options.topic(),
                    StorageType.File, 1, OutputStream.DUPLICATE_WINDOW, 0, OutputStream.MAX_AGE));
            }
            // from the stream's next sequence rather than DeliverPolicy.New: should the consumer be lost before its
            // first message, jnats makes it again with the policy it was given, and New would skip what landed meanwhile
            final long next = connection.jetStreamManagement().getStreamInfo(options.stream()).getStreamState().getLastSequence() + 1;
            final StreamWatcher watcher = new StreamWatcher(connection, options.stream(), filter, next);
            connection.jetStream().subscribe(filter, watcher.dispatcher, watcher::onMessage, false,
                PushSubscribeOptions.builder()
                    .stream(options.stream())
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(next).build())
                    .build());
            return watcher;
        }
        catch (final JetStreamApiException | IOException | RuntimeException e)
        {
            connection.close();
            final boolean missing = e instanceof JetStreamApiException && ((JetStreamApiException)e).getApiErrorCode() == 10059;
            throw new IOException("cannot read stream " + options.stream() + " on " + options.streamServers() + ": "
                + e.getMessage() + (missing ? "; create it with the daemon's create-stream, or add --create-stream" : ""), e);
        }
    }

    /**
     * The consumer's filter: {@code choria.node_metadata.%s} becomes {@code choria.node_metadata.>}
     * (senders contain dots, so they span tokens); a template with %s elsewhere reads the whole stream.
     */
    static String filterSubject(final String topic)
    {
        return topic.endsWith(".%s") && topic.indexOf("%s") == topic.length() - 2
            ? topic.substring(0, topic.length() - 2) + ">"
            : null;
    }

    void verifyWith(final EnvelopeVerifier v)
    {
        verifier.set(v);
    }

    /** Envelopes that arrived before the run started. */
    long early()
    {
        return early.sum();
    }

    private void onMessage(final Message message)
    {
        final long now = System.nanoTime();
        last = message;
        final EnvelopeVerifier v = verifier.get();
        if (v == null)
        {
            early.increment();
            return;
        }
        v.verify(message.getSubject(), message.hasHeaders() ? message.getHeaders().getFirst("Nats-Msg-Id") : null,
            message.getData(), now);
    }

    /**
     * Stops reading, so that the ledger and the counters a report is built from no longer move (an envelope in
     * hand at most finishes). Idempotent.
     */
    void stop()
    {
        if (stopped.compareAndSet(false, true))
        {
            connection.closeDispatcher(dispatcher);
        }
    }

    /**
     * Envelopes in the stream, on the subjects read, after the last one this watcher read: what it had not
     * read yet when stopped. A message counted missing may be among them, landed but unverified; -1 when
     * the server cannot tell (the count asks it for a consumer's pending count, and deletes that consumer).
     */
    long unread()
    {
        final Message read = last;
        final long from = read == null ? firstSequence : read.metaData().streamSequence() + 1;
        final ConsumerConfiguration.Builder probe = ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartSequence)
            .startSequence(from).ackPolicy(AckPolicy.None).inactiveThreshold(Duration.ofMinutes(1));
        if (filter != null)
        {
            probe.filterSubject(filter);
        }
        try
        {
            final JetStreamManagement jsm = connection.jetStreamManagement();
            final ConsumerInfo info = jsm.addOrUpdateConsumer(stream, probe.build());
            try
            {
                return info.getNumPending();
            }
            finally
            {
                jsm.deleteConsumer(stream, info.getName());
            }
        }
        catch (final IOException | JetStreamApiException | RuntimeException e)
        {
            return -1;
        }
    }

    @Override
    public void close()
    {
        stop();
        try
        {
            connection.close();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
