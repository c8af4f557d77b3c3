package io.fleetbridge.adapter;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Options;
import io.nats.client.NUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One adapter: an ingest subject, a ring, and the publishers that land its messages in
 * JetStream. Adapters share nothing, so a daemon runs several side by side.
 *
 * <p>Threads: one publisher thread per core, at most one per {@code stream.workers}
 * ({@code fleetbridge-<name>-publish-<i>}, each serving its share of the publishers, see
 * {@link PublisherGroup}), {@code fleetbridge-<name>-connect} while connecting,
 * and per NATS connection the client's own reader and writer threads, plus a dispatcher thread
 * per ingest connection ({@code ingest.workers} ingest connections, {@code stream.workers}
 * stream connections; acknowledgements are polled by the publisher threads). The
 * periodic checks run on the caller's {@link #tick()}.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; close drains (see there).
 */
public final class Adapter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Adapter.class);
    private static final long WAIT_STRATEGY_TIMEOUT_MS = 1;
    private static final long PENDING_MESSAGES_LIMIT = 1_000_000;
    private static final long PENDING_BYTES_LIMIT = 256L * 1024 * 1024;

    private final AdapterConfig config;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;
    private final UnaryOperator<Options.Builder> ingestSettings;
    private final UnaryOperator<Options.Builder> streamSettings;
    private final WaitStrategy waitStrategy;
    private final UnaryOperator<PublishCall> publishCalls;
    private final StartUpPause pause;
    private final RingBuffer<RegistrationEvent> ring;
    private final QueueBudget budget;
    private final List<JetStreamPublisher> publishers = new ArrayList<>();
    private final List<BatchEventProcessor<RegistrationEvent>> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    // Filled by the connector thread, read by the monitor and the HTTP thread.
    private final List<Connection> streamConnections = new CopyOnWriteArrayList<>();
    private final List<Connection> ingestConnections = new CopyOnWriteArrayList<>();
    private final List<Dispatcher> ingestDispatchers = new CopyOnWriteArrayList<>();
    private final List<IngestWorker> ingestWorkers = new CopyOnWriteArrayList<>();
    private final AdapterConnections connections;
    private final Thread connector;
    private final StreamCheck streamCheck;
    /** Guards {@link #closing} and the adding of a connection start-up has opened to its list. */
    private final Object handOver = new Object();
    private boolean closing;
    private long slowConsumerDropsSeen;
    private volatile long undeliveredAtClose;
    /** Why start-up gave up (an error, not a close), or null. */
    private volatile String startFailure;

    /**
     * @param connectionSettings applied to every connection's options (credentials, TLS); identity for none.
     */
    public Adapter(final AdapterConfig config, final AdapterMetrics metrics, final UnaryOperator<Options.Builder> connectionSettings)
    {
        this(config, metrics, connectionSettings, connectionSettings);
    }

    /**
     * @param ingestSettings applied to the options of the ingest connections (credentials, TLS)
     * @param streamSettings applied to the options of the stream connections, which may use another account
     */
    public Adapter(
        final AdapterConfig config, final AdapterMetrics metrics,
        final UnaryOperator<Options.Builder> ingestSettings, final UnaryOperator<Options.Builder> streamSettings)
    {
        this(config, metrics, ingestSettings, streamSettings, UnaryOperator.identity());
    }

    /** @param publishCalls wraps each publisher's publish call: identity, or a test's failures */
    Adapter(
        final AdapterConfig config, final AdapterMetrics metrics,
        final UnaryOperator<Options.Builder> ingestSettings, final UnaryOperator<Options.Builder> streamSettings,
        final UnaryOperator<PublishCall> publishCalls)
    {
        this(config, metrics, ingestSettings, streamSettings, publishCalls, StartUpPause.NONE);
    }

    /** @param pause where a test holds start-up; {@link StartUpPause#NONE} otherwise */
    Adapter(
        final AdapterConfig config, final AdapterMetrics metrics,
        final UnaryOperator<Options.Builder> ingestSettings, final UnaryOperator<Options.Builder> streamSettings,
        final UnaryOperator<PublishCall> publishCalls, final StartUpPause pause)
    {
        this.config = config;
        this.pause = pause;
        this.publishCalls = publishCalls;
        this.metrics = metrics;
        this.errors = new ErrorLog(LoggerFactory.getLogger("io.fleetbridge.adapter." + config.name()));
        this.ingestSettings = ingestSettings;
        // The client scans every subject and reply subject it publishes, character by character (a tenth of the
        // publisher thread's CPU): ours are checked once already, the sender at decoding (SubjectTokens), the topic at
        // start and the reply subjects are our inbox and two numbers (AttemptLabels).
        this.streamSettings = options -> streamSettings.apply(options).subjectValidationType(Options.SubjectValidationType.None);
        this.waitStrategy = config.waitStrategy().create(TimeUnit.MILLISECONDS.toNanos(WAIT_STRATEGY_TIMEOUT_MS));
        final QueueBudget queueBudget = new QueueBudget(config.queueBytes());
        this.budget = queueBudget;
        this.ring = RingBuffer.createMultiProducer(new SlotReferences(config.queueLength()).slots(queueBudget), config.queueLength(),
            waitStrategy);
        this.streamCheck = new StreamCheck(config.name(), config.streamTopic(), Duration.ofMillis(config.retryForMs()));
        this.connections = new AdapterConnections(config, metrics, errors);
        this.connector = new Thread(this::connectAll, "fleetbridge-" + config.name() + "-connect");
        metrics.bindQueue(() -> ring.getCursor() - ring.getMinimumGatingSequence(), ring.getBufferSize());
        metrics.bindQueueBytes(budget::heldBytes, budget.capacityBytes());
    }

    public String name()
    {
        return config.name();
    }

    public AdapterMetrics metrics()
    {
        return metrics;
    }

    /** The strategy the publisher threads wait for the ring with, as {@code stream.wait_strategy} chose it. */
    WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * Starts the publishers and, on a thread of its own ({@code fleetbridge-<name>-connect}),
     * connects the stream side and then subscribes the ingest side. Returns at once: a server
     * that is down is retried for ever in the background, and {@link #problems()} says what is
     * missing meanwhile. Ingest is subscribed only once every stream connection is up, so
     * nothing is taken off the subject that could not be published.
     */
    public void start()
    {
        final String inboxBase = "_INBOX." + NUID.nextGlobal() + ".";
        for (int i = 0; i < config.streamWorkersRunning(); i++)
        {
            final JetStreamPublisher publisher = new JetStreamPublisher(config, i, ring, inboxBase + i + ".", metrics, errors,
                publishCalls, RingWait.ticks(waitStrategy));
            publishers.add(publisher);
            ring.addGatingSequences(publisher.released());
        }
        final int threadCount = Math.min(publishers.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        for (int t = 0; t < threadCount; t++)
        {
            final List<JetStreamPublisher> members = new ArrayList<>();
            for (int i = t; i < publishers.size(); i += threadCount)
            {
                members.add(publishers.get(i));
            }
            final PublisherFailures failures = new PublisherFailures(metrics, errors);
            final EventHandler<RegistrationEvent> handler = members.size() == 1 ? members.get(0) : new PublisherGroup(members, failures);
            final BatchEventProcessor<RegistrationEvent> processor =
                new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
            processor.setExceptionHandler(failures);
            processors.add(processor);
            final Thread thread = new Thread(processor, "fleetbridge-" + config.name() + "-publish-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        connector.setDaemon(true);
        connector.start();
    }

    private void connectAll()
    {
        try
        {
            for (int i = 0; i < publishers.size(); i++)
            {
                final JetStreamPublisher publisher = publishers.get(i);
                final Connection connection = connections.open(config.streamServers(), "stream", i, streamSettings,
                    (conn, up) -> publisher.connectionChanged(conn), RingWait.answers(waitStrategy));
                adopt(streamConnections, connection);
                publisher.connectionChanged(connection);
                publisher.attachAcks(connection.subscribe(publisher.inboxSubject()));
            }
            streamCheck.check(streamConnections.get(0));

            final String queueGroup = "nats_ingest_" + config.name();
            final TrustedSigners signers = config.verify()
                ? new TrustedSigners(config.verifyAuthorities(), config.signerCacheSize(), true, config.privilegedUsers()) : null;
            for (int i = 0; i < config.ingestWorkersRunning(); i++)
            {
                final IngestWorker worker = new IngestWorker(ring, new EnvelopeEncoder(config.envelopeType()), budget,
                    new TransportDecoder(config.ingestProtocol(), config.ingestMaxBytes()),
                    publishers.size(), metrics, errors,
                    signers == null ? null
                        : new RequestVerifier(signers, config.acceptInsecureRegistration(), config.verifyClockSkewMs()));
                final Connection connection = connections.open(config.ingestServers(), "ingest", i, ingestSettings,
                    (conn, up) -> { });
                adopt(ingestConnections, connection);
                ingestWorkers.add(worker);
                final Dispatcher dispatcher = connection.createDispatcher(worker);
                ingestDispatchers.add(dispatcher);
                dispatcher.setPendingLimits(PENDING_MESSAGES_LIMIT, pendingBytesLimit());
                dispatcher.subscribe(config.ingestTopic(), queueGroup);
                pause.ingestSubscribed(i);
                awaitSubscribed(connection);
            }
            LOG.info("adapter {}: {} -> {} ({} ingest, {} publishers, ring of {}{}){}", config.name(), config.ingestTopic(),
                config.streamTopic(), config.ingestWorkersRunning(), config.streamWorkersRunning(), ring.getBufferSize(),
                config.verify() ? ", verifying signatures" : "", workersCapped());
        }
        catch (final InterruptedException ex)
        {
            LOG.info("adapter {}: stopped before every connection was up", config.name());
        }
        catch (final RuntimeException ex)
        {
            LOG.error("adapter {}: cannot set up its connections: {}", config.name(), ex.getMessage(), ex);
            startFailure = "adapter " + config.name() + ": cannot set up its connections: " + ex.getMessage();
        }
    }

    /**
     * Any thread: why this adapter can no longer run, or null. Start-up ended by an error, or a connection the client
     * has given up on: CLOSED while the adapter is not closing. jnats closes one after a server refused its credentials
     * twice, and nothing reopens it, so the adapter would stay connected on one side and dead on the other for good.
     */
    public String fatal()
    {
        synchronized (handOver)
        {
            if (closing)
            {
                return null;
            }
        }
        final String failure = startFailure;
        if (failure != null)
        {
            return failure;
        }
        for (final List<Connection> side : List.of(ingestConnections, streamConnections))
        {
            for (final Connection connection : side)
            {
                if (connection.getStatus() == Connection.Status.CLOSED)
                {
                    return "adapter " + config.name() + ": the client closed its " + (side == ingestConnections ? "ingest" : "stream")
                        + " connection for good (a server refused its credentials: see the log above), and nothing reopens it";
                }
            }
        }
        return null;
    }

    /**
     * Connector thread: lists a connection it has just opened, before anything is subscribed on it, so that
     * close drains and closes it whatever stops start-up afterwards; once close has begun, closes it instead
     * and stops start-up. (Listed only once subscribed, a connection whose subscription a close interrupted
     * was left open, taking in messages that nothing counted as published or dropped.)
     */
    private void adopt(final List<Connection> opened, final Connection connection) throws InterruptedException
    {
        synchronized (handOver)
        {
            if (!closing)
            {
                opened.add(connection);
                return;
            }
        }
        Thread.interrupted(); // closing it, jnats would stop waiting for its reader and writer
        closeQuietly(connection);
        throw new InterruptedException("adapter " + config.name() + " is closing");
    }

    /**
     * What the client may hold for one ingest connection before it drops as a slow consumer: the
     * queue's bytes shared among the connections, so that what waits there is bounded by the heap
     * as what waits in the ring is.
     */
    private long pendingBytesLimit()
    {
        return Math.min(PENDING_BYTES_LIMIT, Math.max(1, config.queueBytes() / config.ingestWorkersRunning()));
    }

    /** Says so when the configured workers were capped, so that nobody wonders where eight connections went. */
    private String workersCapped()
    {
        if (config.ingestWorkersRunning() == config.ingestWorkers() && config.streamWorkersRunning() == config.streamWorkers())
        {
            return "";
        }
        return "; ingest.workers = " + config.ingestWorkers() + " and stream.workers = " + config.streamWorkers()
            + " are capped at " + config.workerLimit() + ", one per processor: more only adds thread wake-ups and latency";
    }

    /**
     * Round trip to the server, so that once this adapter reports itself connected (and the
     * daemon ready) the server routes to the subscription: a sender that starts on readiness
     * would otherwise lose what it publishes before the SUB is processed.
     */
    private void awaitSubscribed(final Connection connection) throws InterruptedException
    {
        try
        {
            connection.flush(Duration.ofSeconds(5));
        }
        catch (final TimeoutException ex)
        {
            LOG.warn("adapter {}: ingest subscription not confirmed by the server within 5 s", config.name());
        }
    }

    /**
     * Periodic work, about once a second: folds the client's slow-consumer drops into the
     * accounting, re-checks a missing stream and writes the summaries of repeated errors.
     */
    public void tick()
    {
        foldSlowConsumerDrops();
        if (!streamCheck.found() && !streamConnections.isEmpty())
        {
            streamCheck.check(streamConnections.get(0));
        }
        errors.flush();
    }

    /** Synchronized: the monitor's tick and a close may fold at once, and each drop must be added once. */
    private synchronized void foldSlowConsumerDrops()
    {
        long dropped = 0;
        for (final Dispatcher dispatcher : ingestDispatchers)
        {
            dropped += dispatcher.getDroppedCount();
        }
        final long fresh = dropped - slowConsumerDropsSeen;
        if (fresh > 0)
        {
            slowConsumerDropsSeen = dropped;
            metrics.received.add(fresh);
            metrics.dropped(DropReason.SLOW_CONSUMER).add(fresh);
        }
    }

    /**
     * Counts, as received and dropped at {@code shutdown}, the inputs the client read off the ingest
     * connections and never handed to a worker. A drain that runs out of {@code drain_timeout} (or an
     * interrupted close) closes a connection with inputs still queued for its worker, and jnats then
     * neither delivers nor counts them; nor the one a dispatcher took as its subscription closed. Exact
     * by construction: what each connection read, less what the workers were given and what the client
     * dropped as a slow consumer. Called once the connections are closed, the workers stopped and those
     * drops folded.
     */
    private void countUndelivered()
    {
        final long undelivered = ingestRead() - metrics.received.sum();
        if (undelivered > 0)
        {
            undeliveredAtClose = undelivered;
            LOG.warn("adapter {}: {} inputs the client held for the ingest workers when their connections closed were never "
                + "handled; counted as dropped (shutdown). A longer drain_timeout lets them through.", config.name(), undelivered);
            metrics.received.add(undelivered);
            metrics.dropped(DropReason.SHUTDOWN).add(undelivered);
        }
    }

    /** Inputs the ingest connections read, as their client counts them. */
    long ingestRead()
    {
        long read = 0;
        for (final Connection connection : ingestConnections)
        {
            read += connection.getStatistics().getInMsgs();
        }
        return read;
    }

    /** Inputs the client read and never handed to a worker, counted at close; for tests. */
    long undeliveredAtClose()
    {
        return undeliveredAtClose;
    }

    /** What keeps this adapter from being ready; empty when it is. */
    public List<String> problems()
    {
        final List<String> problems = new ArrayList<>();
        if (connector.isAlive())
        {
            problems.add("adapter " + config.name() + ": connecting (" + streamConnections.size() + " of "
                + config.streamWorkersRunning() + " stream, " + ingestConnections.size() + " of " + config.ingestWorkersRunning()
                + " ingest connections up)");
        }
        for (int i = 0; i < ingestConnections.size(); i++)
        {
            if (ingestConnections.get(i).getStatus() != Connection.Status.CONNECTED)
            {
                problems.add("adapter " + config.name() + ": ingest connection " + i + " is "
                    + ingestConnections.get(i).getStatus());
            }
        }
        for (int i = 0; i < streamConnections.size(); i++)
        {
            if (streamConnections.get(i).getStatus() != Connection.Status.CONNECTED)
            {
                problems.add("adapter " + config.name() + ": stream connection " + i + " is "
                    + streamConnections.get(i).getStatus());
            }
        }
        if (!streamCheck.found())
        {
            problems.add("adapter " + config.name() + ": no JetStream stream captures " + streamCheck.filter());
        }
        problems.addAll(connections.refusals());
        final long nowNs = System.nanoTime();
        for (final JetStreamPublisher publisher : publishers)
        {
            final String outage = publisher.outageProblem(nowNs);
            if (outage != null)
            {
                problems.add(outage);
            }
        }
        return problems;
    }

    /** Messages accepted into the ring and not yet settled. */
    public long queued()
    {
        return metrics.queueLength();
    }

    /**
     * Drains: stops taking input (pending inputs already delivered by the client are still
     * processed), waits up to {@code drain_timeout} for every queued message to be acknowledged,
     * drops what is left as {@code shutdown}, then closes the connections. Interrupted, it stops
     * waiting for acknowledgements but still counts what is left as {@code shutdown} (within a few
     * seconds at most), and returns with the interrupt status set. A close during start-up first
     * stops it: every connection start-up opened is drained (or, interrupted, closed) with the rest.
     */
    @Override
    public void close()
    {
        synchronized (handOver)
        {
            closing = true;
        }
        try
        {
            drain();
        }
        catch (final InterruptedException ex)
        {
            stopNow();
            Thread.currentThread().interrupt();
        }
    }

    /** An interrupted close: the publishers drop what they hold, and whatever they did not reach is counted here. */
    private void stopNow()
    {
        LOG.warn("adapter {}: close interrupted; dropping {} queued messages", config.name(), queued());
        stopConnector();
        publishers.forEach(JetStreamPublisher::abandon);
        ingestConnections.forEach(Adapter::closeQuietly);
        stopIngestWorkers();
        foldSlowConsumerDrops();
        countUndelivered();
        stopPublishers();
        streamConnections.forEach(Adapter::closeQuietly);
    }

    /**
     * Closes every ingest worker's gate once its connection is closed: jnats does not wait for a
     * handler to return, and an input it was handling, counted as received, must be in the ring
     * (or dropped) before the ring's contents are counted.
     */
    private void stopIngestWorkers()
    {
        for (final IngestWorker worker : ingestWorkers)
        {
            if (!worker.stop(TimeUnit.SECONDS.toNanos(5)))
            {
                LOG.error("adapter {}: an ingest worker still handled an input after 5 s; it may go uncounted", config.name());
            }
        }
    }

    /**
     * Halts the publisher threads and counts, as {@code shutdown}, every message left in the ring or
     * a window by a publisher whose thread has ended. Waits for the threads whatever interrupts it: the
     * count needs them stopped, and abandoned publishers stop within milliseconds.
     */
    private void stopPublishers()
    {
        processors.forEach(BatchEventProcessor::halt);
        boolean interrupted = false;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (final Thread thread : threads)
        {
            while (thread.isAlive() && System.nanoTime() < deadlineNs)
            {
                try
                {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        // the last sequence of an unbroken run of published slots: a claim an ingest thread never published holds no message
        long published = ring.getMinimumGatingSequence();
        final long cursor = ring.getCursor();
        while (published < cursor && ring.isAvailable(published + 1))
        {
            published++;
        }
        for (int i = 0; i < publishers.size(); i++)
        {
            if (!threads.isEmpty() && threads.get(i % threads.size()).isAlive())
            {
                LOG.error("adapter {}: publisher {} did not stop within 5 s; what it holds is not counted", config.name(), i);
            }
            else
            {
                publishers.get(i).dropLeft(published);
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Interrupts start-up and waits for the connector thread to end, whatever interrupts the wait (every step
     * of start-up ends on an interrupt), so that close never drains a connection start-up is still subscribing
     * on. Keeps an interrupt for the caller.
     */
    private void stopConnector()
    {
        connector.interrupt();
        boolean interrupted = false;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connector.isAlive() && System.nanoTime() < deadlineNs)
        {
            try
            {
                connector.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (connector.isAlive())
        {
            LOG.error("adapter {}: start-up did not stop within 5 s; closing the connections it has opened so far", config.name());
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() throws InterruptedException
    {
        stopConnector();
        if (Thread.interrupted())
        {
            throw new InterruptedException("close interrupted");
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.drainTimeoutMs());
        drainIngest(deadlineNs);
        stopIngestWorkers();
        tick();
        countUndelivered();
        if (!awaitSettled(deadlineNs))
        {
            LOG.warn("adapter {}: drain_timeout reached with {} messages not acknowledged; dropping them",
                config.name(), queued());
            publishers.forEach(JetStreamPublisher::abandon);
            awaitSettled(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
        stopPublishers();
        streamConnections.forEach(Adapter::closeQuietly);
        errors.flush();
        LOG.info("adapter {}: stopped; received {}, published {} ({} duplicates), dropped {}", config.name(),
            metrics.received.sum(), metrics.published.sum(), metrics.duplicates.sum(), droppedSummary());
    }

    /**
     * Drains every ingest connection at once (unsubscribe, take what the server already sent,
     * close): one at a time, a busy server's late PONGs would add up to minutes.
     */
    private void drainIngest(final long deadlineNs) throws InterruptedException
    {
        final List<Thread> drains = new ArrayList<>();
        for (final Connection connection : ingestConnections)
        {
            final Thread drain = new Thread(() -> {
                try
                {
                    final long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
                    connection.drain(Duration.ofMillis(remainingMs)).get(remainingMs, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                catch (final Exception ex)
                {
                    LOG.warn("adapter {}: ingest drain did not finish within drain_timeout ({}); closing", config.name(),
                        ex.getClass().getSimpleName());
                }
                finally
                {
                    closeQuietly(connection);
                }
            }, "fleetbridge-" + config.name() + "-ingest-drain");
            drains.add(drain);
            drain.start();
        }
        for (final Thread drain : drains)
        {
            drain.join();
        }
    }

    private static void closeQuietly(final Connection connection)
    {
        try
        {
            connection.close();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitSettled(final long deadlineNs) throws InterruptedException
    {
        while (System.nanoTime() < deadlineNs)
        {
            if (settled())
            {
                return true;
            }
            Thread.sleep(5); // polling a condition with a deadline
        }
        return settled();
    }

    private boolean settled()
    {
        final long cursor = ring.getCursor();
        for (final JetStreamPublisher publisher : publishers)
        {
            if (publisher.released().get() < cursor)
            {
                return false;
            }
        }
        return true;
    }

    private String droppedSummary()
    {
        final StringBuilder summary = new StringBuilder("{");
        for (final DropReason reason : DropReason.values())
        {
            summary.append(summary.length() > 1 ? ", " : "").append(reason.label()).append('=').append(metrics.dropped(reason).sum());
        }
        return summary.append('}').toString();
    }
}
