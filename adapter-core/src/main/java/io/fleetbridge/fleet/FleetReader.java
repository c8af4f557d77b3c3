package io.fleetbridge.fleet;

import io.fleetbridge.adapter.StreamCheck;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Reads an adapter's output stream into a {@link FleetTracker}: first the last message of every
 * node (an ordered consumer with {@code DeliverPolicy.LastPerSubject}), which rebuilds the view
 * without a state file, then, from the same consumer, every new registration as it lands. It
 * reads what was stored, so it is right however many daemons share the ingest.
 *
 * <p>Cost to the server: the consumer is headers only, so each message is delivered as its
 * subject, its headers (the adapter's {@code Nats-Msg-Id}, and {@code Nats-Msg-Size} that the
 * server adds) and the ack subject that carries the stored time, about 150 bytes however large
 * the registration; the server reads the stored message as it does for any consumer. The consumer
 * is not acknowledged (ordered consumers need no acks) and not durable.
 *
 * <p>A node's first sighting is the first this reader saw: after a rebuild, that is the node's last
 * stored registration at the time, since the rebuild reads only that one.
 *
 * <p>With {@code fleet.state_file} ({@link FleetState}) the view is also written every minute at a
 * scan and when the reader stops, and loaded at start before the rebuild, which is then judged as
 * live: a late node that came back while the daemon was down is advised {@code recover}, an
 * expired one or one first seen then {@code new}, and the first scan raises the timeouts and
 * expiries of those that did not. A file missing, refused or unwritable leaves the rebuild as
 * without one.
 *
 * <p>Rebuilding ends at the first message with nothing pending after it, or, when the consumer
 * has nothing to deliver at all, on the first idle poll. If the consumer fails (the stream is
 * gone, a timeout), it is made again and the last messages read once more; sightings older than
 * those known are ignored, so no advisory follows from that.
 *
 * <p>Threads: one, {@code fleet-<adapter>}, owns the tracker: it reads, scans every scan interval,
 * writes the state file, and publishes a {@link FleetSnapshot} that any thread may read. Per
 * message it allocates only what jnats does (the message, its headers).
 */
public final class FleetReader implements AutoCloseable
{
    /** How long {@link #close} waits for the reader's thread, then again after interrupting it (a daemon thread). */
    static final long CLOSE_WAIT_MS = 5_000;

    /** Messages asked for per pull. */
    static final int BATCH = 2_000;
    /** The header the server adds to a headers-only delivery: the size of the stored body. */
    static final String SIZE_HEADER = "Nats-Msg-Size";

    private static final Logger LOG = LoggerFactory.getLogger(FleetReader.class);
    private static final long POLL_MS = 200;
    /** How long the server may take to set up the consumer (it finds the last message of every node). */
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(5);

    private final String adapter;
    private final Connection connection;
    private final String filter;
    private final String prefix;
    private final String suffix;
    private final FleetSettings settings;
    private final FleetCounters counters;
    private final LongSupplier clockMs;
    private final FleetTracker tracker;
    /** Asked before each write of the state file: one that says an advisory happened must not precede its publication. */
    private final AdvisorySink advisories;
    /** Null without {@code fleet.state_file}. */
    private final FleetState state;
    private final ClockOffset clockOffset = new ClockOffset();
    private final Thread thread;

    private volatile boolean stopping;
    private volatile FleetSnapshot snapshot = FleetSnapshot.EMPTY;
    private volatile String stream;
    private volatile String problem = "starting";
    private final AtomicReference<CompletableFuture<Map<String, FleetSnapshot.Node>>> viewRequest = new AtomicReference<>();

    private boolean rebuilding = true;
    private boolean rebuiltOnce;
    private long rebuildStartNs;
    private long rebuildMs;
    private long rebuildNodes;
    private long nextScanMs;
    private boolean offsetWarned;
    private boolean nodeLimitWarned;
    private boolean nameLimitWarned;
    /** The reply subject of the last message read; parsed only at a scan, into {@link #readThrough}. */
    private String lastReply;
    private volatile long readThrough;

    /**
     * @param topicTemplate the adapter's {@code stream.topic}: its {@code %s} is the sender
     * @param advisories    offered each advisory on the reader's thread (an {@link AdvisoryPublisher}, or {@link AdvisorySink#NONE})
     */
    public FleetReader(final String adapter, final Connection connection, final String topicTemplate, final FleetSettings settings,
        final AdvisorySink advisories, final FleetCounters counters, final LongSupplier clockMs)
    {
        final int at = topicTemplate.indexOf("%s");
        if (at < 0)
        {
            throw new IllegalArgumentException("adapter " + adapter + ": stream.topic " + topicTemplate
                + " has no %s, so its subjects do not say which node sent them; the fleet view needs one");
        }
        this.adapter = adapter;
        this.connection = connection;
        this.filter = StreamCheck.filterFor(topicTemplate);
        this.prefix = topicTemplate.substring(0, at);
        this.suffix = topicTemplate.substring(at + 2);
        this.settings = settings;
        this.counters = counters;
        this.clockMs = clockMs;
        this.advisories = advisories;
        this.tracker = new FleetTracker(settings.expectedNodes(), settings.maxNodes(), settings.maxNameBytes(), settings.warnMs(),
            settings.inspectMs(), advisories);
        this.state = settings.stateFile() == null ? null
            : new FleetState(settings.stateFile(), adapter, topicTemplate, settings.warnMs(), settings.inspectMs());
        this.thread = new Thread(this::run, "fleet-" + adapter);
        this.thread.setDaemon(true);
    }

    /** Starts the reader's thread. */
    public FleetReader start()
    {
        thread.start();
        return this;
    }

    /** The fleet as of the last scan. */
    public FleetSnapshot snapshot()
    {
        return snapshot;
    }

    /** Whether the view has been rebuilt from the stream. */
    public boolean rebuilt()
    {
        return snapshot.rebuilt();
    }

    /** The stream being read, once found; null before. */
    public String stream()
    {
        return stream;
    }

    /** What keeps the reader from reading, or null while it reads. */
    public String problem()
    {
        return problem;
    }

    /**
     * This daemon's clock less the server's, as the last scan interval with live registrations shows it (plus
     * their delivery time), in ms; {@link Long#MIN_VALUE} before any was read live. See {@link ClockOffset}.
     */
    public long clockOffsetMs()
    {
        return clockOffset.estimateMs();
    }

    /** The subject filter read: the adapter's output subjects. */
    public String filter()
    {
        return filter;
    }

    /**
     * Every node as the reader's thread sees it between two messages, copied on that thread: for
     * tools and tests, never per message (it walks the whole table).
     */
    public Map<String, FleetSnapshot.Node> view(final long timeoutMs) throws Exception
    {
        final CompletableFuture<Map<String, FleetSnapshot.Node>> request = new CompletableFuture<>();
        if (!viewRequest.compareAndSet(null, request))
        {
            throw new IllegalStateException("another view is being copied");
        }
        return request.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The tracker's nodes as a map; the caller must own the tracker's thread or have closed the reader. */
    public static Map<String, FleetSnapshot.Node> copy(final FleetTracker tracker)
    {
        final Map<String, FleetSnapshot.Node> nodes = new HashMap<>();
        tracker.forEach(node -> nodes.put(node.id(), node));
        return nodes;
    }

    /** The tracker; only to be read once {@link #close()} has returned (its thread owns it until then). */
    public FleetTracker tracker()
    {
        if (thread.isAlive())
        {
            throw new IllegalStateException("the tracker belongs to the reader's thread until close()");
        }
        return tracker;
    }

    @Override
    public void close()
    {
        stopping = true;
        boolean interrupted = false;
        try
        {
            thread.join(CLOSE_WAIT_MS);
            if (thread.isAlive())
            {
                // inside a consumer's creation, which may wait minutes for a busy or absent server
                thread.interrupt();
                thread.join(CLOSE_WAIT_MS);
            }
        }
        catch (final InterruptedException ex)
        {
            interrupted = true;
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        nextScanMs = clockMs.getAsLong() + settings.scanIntervalMs();
        if (state != null)
        {
            // before the rebuild, which then advises what happened while the daemon was down
            state.restore(tracker, counters, clockMs.getAsLong());
        }
        try
        {
            readUntilStopped();
        }
        finally
        {
            // a view not yet rebuilt is not written: the file it was restored from, if any, stays as it was; nor one whose
            // advisories are not all published: the file kept says they are still to come, and the next start raises them
            // again with the same ids, which the stream drops if they did land
            final long unsettled = advisories.unsettled();
            if (state != null && rebuiltOnce && unsettled > 0)
            {
                LOG.warn("fleet {}: state file {} kept as it was: {} advisories not yet published, which the next start raises "
                    + "again", adapter, settings.stateFile(), unsettled);
            }
            else if (state != null && rebuiltOnce)
            {
                // close() may have interrupted a slow stop, and the write's last step, the directory's sync, would give up
                final boolean interrupted = Thread.interrupted();
                state.write(tracker, counters, clockMs.getAsLong(), lastSequence());
                if (interrupted)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void readUntilStopped()
    {
        while (!stopping)
        {
            try
            {
                final String found = findStream();
                if (found == null)
                {
                    pause(1_000);
                    continue;
                }
                stream = found;
                read(found);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final Exception ex)
            {
                report("reading stream " + stream + " failed, starting again: " + ex);
                try
                {
                    pause(1_000);
                }
                catch (final InterruptedException stop)
                {
                    return;
                }
            }
        }
    }

    /** The stream sequence of the last registration read. */
    private long lastSequence()
    {
        return lastReply == null ? readThrough : Math.max(readThrough, AckSubject.streamSequence(lastReply));
    }

    private String findStream()
    {
        try
        {
            final List<String> names = connection.jetStreamManagement().getStreamNames(filter);
            if (!names.isEmpty())
            {
                return names.get(0);
            }
            report("no stream captures " + filter + " yet");
        }
        catch (final Exception ex)
        {
            report("cannot list streams: " + ex);
        }
        return null;
    }

    private void read(final String streamName) throws Exception
    {
        // the server computes the last message of every subject when it creates the consumer: with a
        // million nodes that takes longer than jnats' default request timeout, and a timed-out create
        // retried would only pile more work on the server
        final OrderedConsumerContext context = connection.getStreamContext(streamName,
            JetStreamOptions.builder().requestTimeout(CREATE_TIMEOUT).build()).createOrderedConsumer(
            new OrderedConsumerConfiguration().filterSubject(filter).deliverPolicy(DeliverPolicy.LastPerSubject).headersOnly(true));
        final JetStreamManagement jsm = connection.jetStreamManagement();
        rebuilding = true;
        rebuildStartNs = System.nanoTime();
        rebuildNodes = 0;
        final IterableConsumer consumer = context.iterate(ConsumeOptions.builder().batchSize(BATCH).build());
        try
        {
            problem = null;
            while (!stopping)
            {
                final Message message = consumer.nextMessage(POLL_MS);
                final long nowMs = clockMs.getAsLong();
                if (message != null)
                {
                    accept(message, nowMs);
                }
                else if (rebuilding && nothingPending(jsm, streamName, context))
                {
                    finishRebuild(nowMs);
                }
                if (!rebuilding && nowMs >= nextScanMs)
                {
                    scan(nowMs);
                }
                final CompletableFuture<Map<String, FleetSnapshot.Node>> request = viewRequest.get();
                if (request != null)
                {
                    request.complete(copy(tracker));
                    viewRequest.set(null);
                }
            }
        }
        finally
        {
            consumer.stop();
            try
            {
                consumer.close();
            }
            catch (final Exception ex)
            {
                LOG.debug("fleet {}: closing the consumer: {}", adapter, ex.toString());
            }
        }
    }

    private void accept(final Message message, final long nowMs)
    {
        counters.read.increment();
        final String reply = message.getReplyTo();
        lastReply = reply;
        final long seenMs = AckSubject.timestampMs(reply);
        final String subject = WireSubject.text(message.getSubject());
        final int to = subject == null ? 0 : subject.length() - suffix.length();
        if (seenMs < 0 || to <= prefix.length() || !subject.startsWith(prefix) || !subject.endsWith(suffix))
        {
            counters.unusable.increment();
            return;
        }
        // the rebuild after a restore is judged as live: what it reads happened while the daemon was down
        final Sighting sighting = tracker.seen(subject, prefix.length(), to, seenMs, size(message), !rebuilding || tracker.restoring(),
            nowMs);
        if (sighting == Sighting.UNTRACKED)
        {
            warnUntracked();
            counters.untracked.increment();
        }
        else if (sighting == Sighting.REJECTED)
        {
            counters.unusable.increment();
        }
        // FORGOTTEN is counted as read only, as a node a scan forgets is: it is neither malformed nor refused for room
        if (!rebuilding)
        {
            clockOffset.sample(nowMs - seenMs);
        }
        else
        {
            rebuildNodes++;
            if (AckSubject.pending(reply) == 0)
            {
                finishRebuild(nowMs);
            }
        }
    }

    /** Says, the first time each limit refuses a node, which limit it is. */
    private void warnUntracked()
    {
        if (tracker.full())
        {
            if (!nodeLimitWarned)
            {
                nodeLimitWarned = true;
                LOG.warn("fleet {}: the view holds {} nodes, its fleet.max_nodes; registrations of new nodes are counted "
                    + "as untracked until it is raised or nodes are forgotten", adapter, settings.maxNodes());
            }
        }
        else if (!nameLimitWarned)
        {
            nameLimitWarned = true;
            LOG.warn("fleet {}: the names of the view's {} nodes take {} bytes, and a new node's would pass its fleet.max_name_bytes "
                + "({}); registrations of new nodes whose names do not fit are counted as untracked until it is raised or nodes "
                + "are forgotten", adapter, tracker.size(), tracker.nameBytes(), settings.maxNameBytes());
        }
    }

    private void finishRebuild(final long nowMs)
    {
        rebuilding = false;
        if (!rebuiltOnce)
        {
            rebuiltOnce = true;
            tracker.endRestore();
            // not at once: what the rebuild raised is given a while to be published before the file says it happened
            if (state != null)
            {
                state.writeLater(nowMs);
            }
            rebuildMs = (System.nanoTime() - rebuildStartNs) / 1_000_000L;
            LOG.info("fleet {}: rebuilt the view of {} nodes from stream {} in {} ms", adapter, tracker.size(), stream, rebuildMs);
        }
        scan(nowMs);
    }

    private void scan(final long nowMs)
    {
        checkClock(clockOffset.roll());
        snapshot = tracker.scan(nowMs, rebuiltOnce, rebuildMs, rebuildNodes);
        nextScanMs = nowMs + settings.scanIntervalMs();
        if (lastReply != null)
        {
            readThrough = Math.max(readThrough, AckSubject.streamSequence(lastReply));
        }
        if (state != null && rebuiltOnce && advisories.unsettled() == 0)
        {
            state.writeIfDue(tracker, counters, nowMs, readThrough);
        }
    }

    /**
     * The stream sequence of the last message read as of the last scan: a view that was quiet since is
     * caught up with the stream once this reaches its last sequence (counting messages read cannot tell,
     * since a stream that keeps a few per node drops those a slow reader never saw).
     */
    long readThrough()
    {
        return readThrough;
    }

    /**
     * Says once when the clocks drift apart by a notable share of the warn duration, and once when they are back within
     * half of it (so that an offset near the threshold does not log every scan).
     */
    private void checkClock(final long offsetMs)
    {
        if (offsetMs == ClockOffset.UNKNOWN)
        {
            return;
        }
        final long notableMs = ClockOffset.notableMs(settings.warnMs());
        final boolean notable = Math.abs(offsetMs) >= (offsetWarned ? notableMs / 2 : notableMs);
        if (notable && !offsetWarned)
        {
            LOG.warn("fleet {}: registrations are read {} ms {} the server stored them at the least: this daemon's clock is "
                + "{} the server's (or delivery is that slow), so every node's age is {} by about as much and nodes turn late "
                + "{}. Keep both clocks in step (NTP).", adapter, Math.abs(offsetMs), offsetMs > 0 ? "after" : "before",
                offsetMs > 0 ? "ahead of" : "behind", offsetMs > 0 ? "too old" : "too young", offsetMs > 0 ? "early" : "late");
        }
        else if (!notable && offsetWarned)
        {
            LOG.info("fleet {}: this daemon's clock and the server's agree again (within {} ms)", adapter, Math.abs(offsetMs));
        }
        offsetWarned = notable;
    }

    private static int size(final Message message)
    {
        final Headers headers = message.getHeaders();
        final String value = headers == null ? null : headers.getFirst(SIZE_HEADER);
        if (value == null)
        {
            final byte[] data = message.getData();
            return data == null ? 0 : data.length;
        }
        int size = 0;
        for (int i = 0; i < value.length() && size < (1 << 27); i++)
        {
            final char c = value.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            size = size * 10 + (c - '0');
        }
        return size;
    }

    /** On an idle poll while rebuilding: true when the consumer has nothing left to deliver (an empty stream, say). */
    private boolean nothingPending(final JetStreamManagement jsm, final String streamName, final OrderedConsumerContext context)
    {
        final String name = context.getConsumerName();
        if (name == null)
        {
            return false;
        }
        try
        {
            return jsm.getConsumerInfo(streamName, name).getNumPending() == 0;
        }
        catch (final Exception ex)
        {
            LOG.debug("fleet {}: consumer info: {}", adapter, ex.toString());
            return false;
        }
    }

    private void report(final String what)
    {
        if (!what.equals(problem))
        {
            LOG.warn("fleet {}: {}", adapter, what);
        }
        problem = what;
    }

    private void pause(final long ms) throws InterruptedException
    {
        final long until = System.nanoTime() + ms * 1_000_000L;
        while (!stopping && System.nanoTime() < until)
        {
            Thread.sleep(Math.min(50, ms));
        }
    }
}
