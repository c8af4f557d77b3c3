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
import java.util.Locale;
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
 * handler and the publisher connection's reply thread counts the acks. Its window is the load
 * source's: closed loop the {@link LoadSource} keeps at most the bridge's window (the rig's
 * {@code --bridge-window}, tuned apart from the other variants') un-completed, so the
 * handler never has more than that in flight and never blocks (blocking it would pile messages
 * into the dispatcher and lose them as a slow consumer, PERF-NOTES). The stored body is the
 * transport, larger than the envelope the other variants store.
 *
 * <p>Fed open loop by the latency sweep it is the floor of the path's latency: it times each
 * message from the handler to its ack future, as the adapter times its own.
 *
 * <p><b>With the same server work</b> (rig variant {@code b-ids}) it also gives every message
 * a unique {@code Nats-Msg-Id} and spreads the messages over one subject per simulated sender,
 * as the adapter's envelopes are. That is what JetStream does for the adapter and not for (b):
 * remember each id for the duplicate window and keep per-subject state. The difference between
 * the two bridges is the server's price for de-duplication and per-node subjects, which no
 * client-side design can remove. Three more variants take that price apart ({@link ServerWork}):
 * ids alone, a header of the same size that is not an id, and per-sender subjects alone.
 *
 * <p><b>With the adapter's whole server work</b> (rig variant {@code b-envelopes}) it publishes,
 * with the id and the subject, the 1 KiB envelope the adapter would store in place of the
 * transport: everything the server does for the adapter, and none of the adapter's decoding, ring
 * or encoding. Its rate is the ceiling for our client path on this server.
 *
 * <p><b>Spinning</b> (rig variant {@code b-envelopes-spin}) it is that bridge burning a fixed
 * amount of CPU in its handler before each publish ({@code --spin-ns}): the tail that much more
 * CPU per message adds on a shared core, with no thread or hand-off of the adapter's.
 */
final class BridgeCeiling implements OpenLoopVariant
{
    static final String NAME = ServerWork.NONE.title;
    /** The yardstick: the bridge that asks the server for everything the adapter asks, envelopes included. */
    static final ServerWork SAME_WORK = ServerWork.ENVELOPES;
    static final String SAME_WORK_NAME = SAME_WORK.title;
    /** The rig variant of the same-work bridge that spins {@code --spin-ns} before each publish. */
    static final String SPINNING = SAME_WORK.variant + "-spin";
    /** Envelopes {@code b-envelopes} cycles through: their content is nothing to the server, their size is. */
    static final int ENVELOPE_POOL = 1024;

    /** What a bridge asks of JetStream beyond storing each body on one subject; each is a rig variant. */
    enum ServerWork
    {
        NONE("b", "(b) bridge ceiling", false, null, false),
        IDS_AND_SUBJECTS("b-ids", "(b) + msg ids, per-sender subjects", true, "Nats-Msg-Id", false),
        IDS("b-msgid", "(b) + msg ids", false, "Nats-Msg-Id", false),
        /** The same bytes and client work as {@link #IDS}, but a header the server does not act on. */
        OTHER_HEADER("b-header", "(b) + a header that is not an id", false, "Fb-Sequence", false),
        SUBJECTS("b-subjects", "(b) + per-sender subjects", true, null, false),
        /** {@link #IDS_AND_SUBJECTS} storing the adapter's envelope instead of the transport: all of the adapter's server work. */
        ENVELOPES("b-envelopes", "(b) + the adapter's server work (ids, subjects, envelopes)", true, "Nats-Msg-Id", true);

        final String variant;
        final String title;
        final boolean perSenderSubjects;
        final String header;
        final boolean envelopes;

        ServerWork(final String variant, final String title, final boolean perSenderSubjects, final String header,
            final boolean envelopes)
        {
            this.variant = variant;
            this.title = title;
            this.perSenderSubjects = perSenderSubjects;
            this.header = header;
            this.envelopes = envelopes;
        }

        /** The work of rig variant {@code name}, or null if it is not a bridge. */
        static ServerWork ofVariant(final String name)
        {
            for (final ServerWork work : values())
            {
                if (work.variant.equals(name))
                {
                    return work;
                }
            }
            return null;
        }
    }

    private final List<Connection> connections = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final LongAdder taken = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencyRecorder ingestToAck = new LatencyRecorder();
    private final ServerWork work;
    /** CPU burnt in the handler before each publish, in ns; 0 for none. */
    private final long spinNs;
    private final AtomicLong nextId = new AtomicLong();
    /** What {@link ServerWork#ENVELOPES} stores in place of each transport, taken in turn; null for the other bridges. */
    private byte[][] envelopes;

    /** Ceiling (b) as the issue defines it: bodies republished unchanged to one subject. */
    BridgeCeiling()
    {
        this(ServerWork.NONE);
    }

    BridgeCeiling(final ServerWork work)
    {
        this(work, 0);
    }

    /** @param spinNs CPU to burn in the handler before each publish, in ns */
    BridgeCeiling(final ServerWork work, final long spinNs)
    {
        this.work = work;
        this.spinNs = spinNs;
    }

    /** The row name of the same-work bridge spinning {@code spinNs} before each publish. */
    static String spinningName(final long spinNs)
    {
        return SAME_WORK.title + String.format(Locale.ROOT, " + %.1f µs of CPU per message", spinNs / 1e3);
    }

    /** Whether a row's name is a spinning bridge: neither the adapter nor a ceiling, a calibration of what CPU costs the tail. */
    static boolean isSpinning(final String name)
    {
        return name.startsWith(SAME_WORK.title + " + ");
    }

    /** Whether a row's name is one of the bridges, which are references rather than targets. */
    static boolean isBridge(final String name)
    {
        for (final ServerWork work : ServerWork.values())
        {
            if (work.title.equals(name))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name()
    {
        return spinNs > 0 ? spinningName(spinNs) : work.title;
    }

    /** Whether the stream stores the adapter's envelopes rather than the transports. */
    boolean storesEnvelopes()
    {
        return work.envelopes;
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
        if (work.envelopes)
        {
            useEnvelopes(cell.messages());
        }
        final String[] senderSubjects = new String[work.perSenderSubjects ? cell.messages().senders() : 1];
        senderSubjects[0] = subject;
        for (int i = 0; work.perSenderSubjects && i < senderSubjects.length; i++)
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
                spin(receivedNs);
                final CompletableFuture<PublishAck> ack = work == ServerWork.NONE
                    ? js.publishAsync(subject, message.getData())
                    : js.publishAsync(withWork(senderSubjects, message.getData()));
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

    /** Burns {@link #spinNs} of this thread's CPU from {@code fromNs}, as if the handler did that much work. */
    void spin(final long fromNs)
    {
        if (spinNs > 0)
        {
            final long untilNs = fromNs + spinNs;
            while (System.nanoTime() < untilNs)
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * The message carrying this bridge's work: the subjects in turn, as the load source cycles
     * through its senders, and the header, if any, with a value unique to the message.
     */
    Message withWork(final String[] subjects, final byte[] body)
    {
        final long id = nextId.getAndIncrement();
        return NatsMessage.builder()
            .subject(subjects[(int)(id % subjects.length)])
            .headers(work.header == null ? null : new Headers().put(work.header, Long.toString(id)))
            .data(envelopes == null ? body : envelopes[(int)(id % envelopes.length)])
            .build();
    }

    /** Pre-encodes the envelopes {@link ServerWork#ENVELOPES} stores: as many as there are senders, at most {@value #ENVELOPE_POOL}. */
    void useEnvelopes(final RegistrationTransports messages)
    {
        envelopes = new byte[Math.min(ENVELOPE_POOL, messages.senders())][];
        for (int i = 0; i < envelopes.length; i++)
        {
            envelopes[i] = messages.envelope(i);
        }
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
    public boolean drain(final Duration bound, final long offered) throws InterruptedException
    {
        return Outstanding.await(bound, () -> {
            final long taken = this.taken.sum();
            return Math.max(0, offered - taken - IngestLimits.droppedBy(dispatchers)) + taken - completed();
        });
    }

    @Override
    public void close()
    {
        RigConnections.closeAll(connections);
    }
}
