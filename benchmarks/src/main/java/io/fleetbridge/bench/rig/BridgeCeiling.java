package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.LatencyRecorder;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ceiling (b), the minimal bridge: a core NATS queue subscription whose handler republishes each
 * received body unchanged with {@code publishAsync}, with no Choria decoding, no envelope, no
 * ring and no {@code Nats-Msg-Id} (it cannot know the request id without decoding). The real
 * limit of the path on this machine, since the server carries the ingest traffic as well.
 *
 * <p>Threads: per connection pair, jnats' dispatcher thread of the ingest connection runs the
 * handler and the publisher connection's reply thread counts the acks. It has no window of its
 * own: the {@link LoadSource} keeps at most {@code window} messages un-completed, so the
 * handler never has more than that in flight and never blocks (blocking it would pile messages
 * into the dispatcher and lose them as a slow consumer, PERF-NOTES). The stored body is the
 * transport, larger than the envelope the other variants store.
 *
 * <p>Fed open loop by the latency sweep it is the floor of the path's latency: it times each
 * message from the handler to its ack future, as the adapter times its own.
 *
 * <p><b>With the same server work</b> ({@link #withSameServerWork()}, rig variant {@code b-ids})
 * it also gives every message a unique {@code Nats-Msg-Id} and spreads the messages over one
 * subject per simulated sender, as the adapter's envelopes are. That is what JetStream does
 * for the adapter and not for (b): remember each id for the duplicate window and keep
 * per-subject state. The difference between the two bridges is the server's price for
 * de-duplication and per-node subjects, which no client-side design can remove. The handler
 * then allocates a header and an id per message, as the adapter does.
 */
final class BridgeCeiling implements OpenLoopVariant
{
    static final String NAME = "(b) bridge ceiling";
    static final String SAME_WORK_NAME = "(b) + msg ids, per-sender subjects";
    private static final String MSG_ID = "Nats-Msg-Id";

    private final List<Connection> connections = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final LongAdder taken = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencyRecorder ingestToAck = new LatencyRecorder();
    private final boolean sameServerWork;
    private final AtomicLong nextId = new AtomicLong();

    /** Ceiling (b) as the issue defines it: bodies republished unchanged to one subject. */
    BridgeCeiling()
    {
        this(false);
    }

    private BridgeCeiling(final boolean sameServerWork)
    {
        this.sameServerWork = sameServerWork;
    }

    /** The bridge asking of JetStream what the adapter asks: a unique id per message and a subject per sender. */
    static BridgeCeiling withSameServerWork()
    {
        return new BridgeCeiling(true);
    }

    /** Whether a variant name is one of the bridges, which are references rather than targets. */
    static boolean isBridge(final String name)
    {
        return NAME.equals(name) || SAME_WORK_NAME.equals(name);
    }

    @Override
    public String name()
    {
        return sameServerWork ? SAME_WORK_NAME : NAME;
    }

    @Override
    public boolean needsSource()
    {
        return true;
    }

    @Override
    public void prepare(final Cell cell) throws Exception
    {
        final String subject = cell.subjectPrefix() + ".bridge";
        final String[] senderSubjects = new String[sameServerWork ? cell.messages().senders() : 0];
        for (int i = 0; i < senderSubjects.length; i++)
        {
            senderSubjects[i] = subject + "." + i;
        }
        for (int i = 0; i < cell.connections(); i++)
        {
            final Connection ingest = RigConnections.open(cell.url(), "bridge-in-" + i);
            final Connection publisher = RigConnections.open(cell.url(), "bridge-out-" + i);
            connections.add(ingest);
            connections.add(publisher);
            final JetStream js = RigConnections.jetStream(publisher);
            final Dispatcher dispatcher = ingest.createDispatcher();
            final Subscription subscription = dispatcher.subscribe(cell.ingestSubject(), "bridge", message ->
            {
                taken.increment();
                final long receivedNs = System.nanoTime();
                final CompletableFuture<PublishAck> ack = sameServerWork
                    ? js.publishAsync(sameServerWork(senderSubjects, message.getData()))
                    : js.publishAsync(subject, message.getData());
                ack.whenComplete((done, error) ->
                {
                    if (error == null)
                    {
                        ingestToAck.recordNs(System.nanoTime() - receivedNs);
                        acked.increment();
                    }
                    else
                    {
                        failed.increment();
                    }
                });
            });
            IngestLimits.raise(dispatcher);
            IngestLimits.raise(subscription);
            ingest.flush(Duration.ofSeconds(5));
            dispatchers.add(dispatcher);
            subscriptions.add(subscription);
        }
    }

    /** The message for the same-server-work bridge: senders in turn, as the load source cycles through them. */
    Message sameServerWork(final String[] senderSubjects, final byte[] body)
    {
        final long id = nextId.getAndIncrement();
        return NatsMessage.builder()
            .subject(senderSubjects[(int)(id % senderSubjects.length)])
            .headers(new Headers().put(MSG_ID, Long.toString(id)))
            .data(body)
            .build();
    }

    @Override
    public void start()
    {
        // the subscriptions are live since prepare; the load source starts the traffic
    }

    @Override
    public long completed()
    {
        return acked.sum() + failed.sum();
    }

    @Override
    public long dropped()
    {
        return failed.sum() + IngestLimits.droppedBy(dispatchers);
    }

    @Override
    public LatencyRecorder ingestToAck()
    {
        return ingestToAck;
    }

    @Override
    public Map<DropReason, Long> dropsByReason()
    {
        final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        if (failed.sum() > 0)
        {
            drops.put(DropReason.PUBLISH_FAILED, failed.sum());
        }
        final long slow = IngestLimits.droppedBy(dispatchers);
        if (slow > 0)
        {
            drops.put(DropReason.SLOW_CONSUMER, slow);
        }
        return drops;
    }

    @Override
    public boolean drain(final Duration bound) throws InterruptedException
    {
        return Outstanding.await(bound, () -> taken.sum() - completed());
    }

    @Override
    public void close()
    {
        RigConnections.closeAll(connections);
    }
}
