package io.fleetbridge.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * One load run, start to report: reads the stream back from before the first message, plays the
 * fleet on its schedule over {@code --connections} connections, waits up to the drain timeout
 * for stragglers, and compares.
 *
 * <p>Threads it starts: {@code loadgen-publisher-N} (one per connection), {@code loadgen-progress}
 * (the once-a-second line on stderr), {@code loadgen-metrics} (with a metrics URL: watches for a
 * daemon restart), plus jnats' own threads; all are gone when {@link #run} returns.
 */
public final class LoadRun
{
    /** The longest a drain waits once the user stopped the run: what was in flight lands within it. */
    static final long STOPPED_DRAIN_NS = TimeUnit.SECONDS.toNanos(3);

    /** Time between building the plan and its first message, so every thread is ready on time. */
    private static final long LEAD_NS = 200_000_000L;
    private static final int MISSING_SAMPLES = 5;
    /** How long the daemon's counters may lag what landed: its publishers count a message when they read its ack. */
    private static final Duration COUNTERS_SETTLE = Duration.ofSeconds(2);

    private final LoadOptions options;
    private final PrintStream progressOut;
    private final AtomicBoolean stop;

    private LoadRun(final LoadOptions options, final PrintStream progressOut, final AtomicBoolean stop)
    {
        this.options = options;
        this.progressOut = progressOut;
        this.stop = stop;
    }

    /** Runs the load described by {@code options}; progress goes to stderr unless quiet. */
    public static LoadReport run(final LoadOptions options) throws IOException, InterruptedException, GeneralSecurityException
    {
        return run(options, new AtomicBoolean());
    }

    /**
     * As {@link #run(LoadOptions)}, ending early once {@code stop} is set (from any thread): sending
     * stops, the drain is cut short, and the report covers what was sent until then. The run sets
     * {@code stop} itself when it ends, to stop its publishers.
     */
    public static LoadReport run(final LoadOptions options, final AtomicBoolean stop)
        throws IOException, InterruptedException, GeneralSecurityException
    {
        return new LoadRun(options, System.err, stop).execute();
    }

    /** As {@link #run(LoadOptions, AtomicBoolean)}, the progress lines to {@code progressOut}. */
    static LoadReport run(final LoadOptions options, final AtomicBoolean stop, final PrintStream progressOut)
        throws IOException, InterruptedException, GeneralSecurityException
    {
        return new LoadRun(options, progressOut, stop).execute();
    }

    private LoadReport execute() throws IOException, InterruptedException, GeneralSecurityException
    {
        options.validate();
        final SecureRandom random = new SecureRandom();
        // the run id is always fresh: a repeated id would be dropped by the stream's duplicate window
        final long runId = random.nextLong();
        final long seed = options.seed() != null ? options.seed() : random.nextLong();
        final Fleet fleet = new Fleet(options.nodes());
        final Schedule schedule = schedule(options, seed);
        final long durationNs = options.duration().isZero() ? Long.MAX_VALUE : options.duration().toNanos();
        // Long.MAX_VALUE when only the clock bounds the run (max schedule without --count)
        final long planned = schedule.count(durationNs, options.count() > 0 ? options.count() : Long.MAX_VALUE);
        final FleetChurn churn = FleetChurn.of(options, seed);
        if (options.churnList() != null)
        {
            // before the first message, so that whoever watches the fleet knows which nodes to expect to go quiet
            Files.write(options.churnList(), churn.stoppedSenders(), StandardCharsets.UTF_8);
        }
        final ReturnedNodes returned = new ReturnedNodes(churn);
        final SigningIdentity signer = !options.sign() ? null
            : options.signKey() != null ? SigningIdentity.load(options.signKey(), options.signCert())
            : SigningIdentity.generate("loadgen.privileged.choria");

        AdapterCounters before = null;
        String adapterError = null;
        if (options.metricsUrl() != null)
        {
            try
            {
                before = AdapterCounters.scrape(options.metricsUrl());
            }
            catch (final IOException e)
            {
                adapterError = options.metricsUrl() + ": " + e;
            }
        }

        final CounterResets resets = before == null ? null : new CounterResets(options.metricsUrl(), before);
        final List<Connection> connections = new ArrayList<>();
        try (StreamWatcher watcher = StreamWatcher.open(options))
        {
            for (int i = 0; i < options.connections(); i++)
            {
                connections.add(Nats.connect(Options.builder()
                    .servers(options.servers().toArray(new String[0]))
                    .connectionName("loadgen-publisher-" + i)
                    .errorListener(new ClientErrors("publisher-" + i, progressOut))
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxMessagesInOutgoingQueue(200_000)
                    .maxReconnects(-1)
                    .build()));
            }

            final long startNanoTime = System.nanoTime() + LEAD_NS;
            final Instant now = Instant.now();
            final long startEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano() + LEAD_NS;
            final FleetMessages messages = new FleetMessages(fleet, SizeDistribution.parse(options.size()),
                options.protocol(), runId, startEpochNs, options.adapterType(), options.topic(), signer,
                options.signEach());
            final Ledger ledger = new Ledger();
            final Recorder recorder = new Recorder(EnvelopeVerifier.MAX_LATENCY_US, 3);
            final EnvelopeVerifier verifier = new EnvelopeVerifier(runId, ledger, schedule, messages, startNanoTime,
                options.lateAfter().toNanos(), recorder);
            watcher.verifyWith(verifier);
            final Timeline timeline = new Timeline(ledger, recorder, startNanoTime);

            final LongAdder publishErrors = new LongAdder();
            final List<FleetPublisher> publishers = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++)
            {
                final FleetPublisher publisher = new FleetPublisher(i, connections.size(), connections.get(i),
                    options.subject(), schedule, Math.min(planned, Ledger.capacity()), durationNs, startNanoTime,
                    messages.forThread(), ledger, stop, publishErrors, churn, returned);
                publishers.add(publisher);
                final Thread thread = new Thread(publisher, "loadgen-publisher-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "loadgen-progress");
                t.setDaemon(true);
                return t;
            });
            try
            {
                progress.scheduleAtFixedRate(() -> progress(timeline, verifier, planned, publishErrors, publishers),
                    startNanoTime + 1_000_000_000L - System.nanoTime(), 1_000_000_000L, TimeUnit.NANOSECONDS);
                threads.forEach(Thread::start);
                for (final Thread thread : threads)
                {
                    thread.join();
                }
                final long sendEndNanoTime = System.nanoTime();
                final boolean stoppedEarly = stop.get();
                for (final Connection connection : connections)
                {
                    // stopped by the user: the report must come within Main's grace, a stuck server or not
                    flush(connection, stoppedEarly ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
                }
                drain(ledger, stoppedEarly);
                final long endNanoTime = System.nanoTime();
                progress.shutdownNow();
                progress.awaitTermination(5, TimeUnit.SECONDS);
                timeline.tick(endNanoTime);

                AdapterCounters adapter = null;
                if (before != null)
                {
                    try
                    {
                        final AdapterCounters after = settledCounters(before);
                        resets.close();
                        adapter = after.minus(before, resets.restarted(after));
                    }
                    catch (final IOException e)
                    {
                        adapterError = options.metricsUrl() + ": " + e;
                    }
                }
                long end = 0;
                long skipped = 0;
                for (final FleetPublisher publisher : publishers)
                {
                    end = Math.max(end, publisher.end());
                    skipped += publisher.skipped();
                    if (publisher.lastError() != null && !options.quiet())
                    {
                        progressOut.println("publish error: " + publisher.lastError());
                    }
                }
                // the counts and the missing ids from one moment: the ledger reads as landed only once the verifier stopped
                watcher.stop();
                // missing could be unread rather than never stored: ask the stream, once, after the verifier stopped
                final long unread = ledger.landedCount() < ledger.sentCount() ? watcher.unread() : 0;
                final List<String> missingIds = new ArrayList<>();
                for (final long seq : ledger.missing(end, MISSING_SAMPLES))
                {
                    missingIds.add(RequestId.of(runId, seq));
                }
                return new LoadReport(describe(options) + (stop.get() ? " (stopped early)" : ""), planned, ledger.sentCount(), publishErrors.sum(),
                    ledger.landedCount(), verifier.duplicates.sum(), verifier.corrupted.sum(), verifier.late.sum(),
                    verifier.unexpected.sum(), verifier.foreign.sum() + watcher.early(), unread,
                    Math.max(0, sendEndNanoTime - startNanoTime) / 1e9, Math.max(0, endNanoTime - startNanoTime) / 1e9,
                    timeline.total(), timeline.samples(), missingIds, verifier.samples(), adapter, adapterError,
                    options.allowLoss(), options.showEnvelope() ? verifier.example() : null,
                    churn.isEmpty() ? null : new LoadReport.ChurnOutcome(churn,
                        sendEndNanoTime - startNanoTime >= churn.stopAtNs() ? churn.stoppedNodes() : 0, returned.count(),
                        skipped, options.churnList()), Instant.ofEpochSecond(0, startEpochNs));
            }
            finally
            {
                stop.set(true);
                progress.shutdownNow();
                for (final Thread thread : threads)
                {
                    thread.join(5000);
                }
            }
        }
        finally
        {
            if (resets != null)
            {
                resets.close();
            }
            for (final Connection connection : connections)
            {
                connection.close();
            }
        }
    }

    /**
     * The daemon's counters once every input it received is published or dropped, waiting at most
     * {@link #COUNTERS_SETTLE}: its publishers count a message when they read the stream's ack,
     * which can be after the stream, and so this run's watcher, has the message. A daemon still
     * holding messages (the stream down) is reported as it stands after that wait.
     */
    private AdapterCounters settledCounters(final AdapterCounters before) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + COUNTERS_SETTLE.toNanos();
        final HttpClient client = AdapterCounters.client();
        AdapterCounters after = AdapterCounters.scrape(client, options.metricsUrl());
        while (!settled(after.minus(before)) && System.nanoTime() - deadline < 0 && !stop.get())
        {
            TimeUnit.MILLISECONDS.sleep(20);
            after = AdapterCounters.scrape(client, options.metricsUrl());
        }
        return after;
    }

    private static boolean settled(final AdapterCounters run)
    {
        return run.published() + run.droppedTotal() >= run.received();
    }

    /**
     * Waits for stragglers: until everything sent has landed, the drain timeout passes, or nothing new
     * has landed for the idle bound (the rest was dropped, not delayed). Stopped by the user (before or
     * during it), it waits {@link #STOPPED_DRAIN_NS} at most, so that the report comes within Main's
     * grace; not at all, what was in flight at the stop would count as missing.
     */
    private void drain(final Ledger ledger, final boolean stoppedBefore) throws InterruptedException
    {
        long deadline = System.nanoTime() + (stoppedBefore ? Math.min(STOPPED_DRAIN_NS, options.drainTimeout().toNanos())
            : options.drainTimeout().toNanos());
        boolean stopSeen = stoppedBefore;
        final long idleNs = options.drainIdle().isZero() ? Long.MAX_VALUE : options.drainIdle().toNanos();
        long lastLanded = ledger.landedCount();
        long lastChange = System.nanoTime();
        while (ledger.landedCount() < ledger.sentCount())
        {
            final long now = System.nanoTime();
            if (!stopSeen && stop.get())
            {
                stopSeen = true;
                deadline = Math.min(deadline, now + STOPPED_DRAIN_NS);
            }
            if (now - deadline >= 0 || now - lastChange >= idleNs)
            {
                return;
            }
            final long landed = ledger.landedCount();
            if (landed != lastLanded)
            {
                lastLanded = landed;
                lastChange = now;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    static Schedule schedule(final LoadOptions options, final long seed)
    {
        switch (options.schedule())
        {
            case STEADY: return Schedule.steady(options.nodes(), options.interval().toNanos(), seed);
            case RATE: return Schedule.rate(options.nodes(), options.rate(), seed);
            case BURST: return Schedule.burst(options.nodes(), options.window().toNanos(), seed);
            default: return Schedule.max(options.nodes(), seed);
        }
    }

    private static void flush(final Connection connection, final Duration timeout) throws InterruptedException
    {
        try
        {
            connection.flush(timeout);
        }
        catch (final TimeoutException | IllegalStateException e)
        {
            // what is still in the client is reported as missing, which is the truth
        }
    }

    private void progress(final Timeline timeline, final EnvelopeVerifier verifier, final long planned,
        final LongAdder publishErrors, final List<FleetPublisher> publishers)
    {
        final Timeline.Sample s = timeline.tick(System.nanoTime());
        if (options.quiet())
        {
            return;
        }
        final StringBuilder line = new StringBuilder(160).append(String.format(Locale.ROOT,
            "[%6.1fs] sent %d%s (%.0f/s)  landed %d (%.0f/s)  lag %d  p99 %s",
            s.elapsedS(), s.sent(), planned == Long.MAX_VALUE ? "" : "/" + planned, s.sentPerS(), s.landed(),
            s.landedPerS(), s.sent() - s.landed(), Double.isNaN(s.p99Ms()) ? "-" : String.format(Locale.ROOT, "%.1f ms", s.p99Ms())));
        final long dup = verifier.duplicates.sum();
        final long bad = verifier.corrupted.sum();
        if (dup > 0 || bad > 0)
        {
            line.append(String.format(Locale.ROOT, "  dup %d  corrupt %d", dup, bad));
        }
        final long errors = publishErrors.sum();
        if (errors > 0)
        {
            // at once, not only in the final report: a --size over the server's max_payload fails every publish
            final String last = publishers.stream().map(FleetPublisher::lastError).filter(e -> e != null).findFirst().orElse("");
            line.append(String.format(Locale.ROOT, "  publish errors %d (%s)", errors, last.length() > 120 ? last.substring(0, 120) + "..." : last));
        }
        progressOut.println(line);
    }

    static String describe(final LoadOptions o)
    {
        final String shape;
        switch (o.schedule())
        {
            case STEADY: shape = "steady every " + DurationText.format(o.interval()); break;
            case RATE: shape = String.format(Locale.ROOT, "rate %.0f msgs/s", o.rate()); break;
            case BURST: shape = "burst within " + DurationText.format(o.window()); break;
            default: shape = "max"; break;
        }
        return String.format(Locale.ROOT, "%d nodes, %s, %s, payload %s%s, %d connection%s, %s -> %s%s",
            o.nodes(), shape, o.protocol(), SizeDistribution.parse(o.size()), o.signEach() ? ", each signed" : o.sign() ? ", signed" : "",
            o.connections(), o.connections() == 1 ? "" : "s", o.subject(), o.stream(), churn(o));
    }

    private static String churn(final LoadOptions o)
    {
        if (o.churn() == 0)
        {
            return "";
        }
        return String.format(Locale.ROOT, ", %d nodes stop at %s%s", FleetChurn.stoppedCount(o.churn(), o.nodes()),
            DurationText.format(o.churnAt()),
            o.churnReturnAt() == null ? "" : " and return at " + DurationText.format(o.churnReturnAt()));
    }
}
