package io.fleetbridge.bench.rig;

import io.fleetbridge.testsupport.NatsServer;

import io.nats.client.Connection;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Runs one variant in one cell: a fresh stream, the variant prepared, the load source started
 * if it needs one, warm-up, the measured window (stream count and CPU sampled at both ends),
 * then the source stopped, the variant drained and the stream settled for the final counts.
 * Every cell uses the same server; streams, subjects and ingest subjects are numbered so that
 * nothing left of one cell reaches the next.
 *
 * <p>The first cell of each variant in a run warms up longer, by the rehearsal: on the one CPU
 * the JVM is pinned to, the JIT compiles a variant's code on the CPU the variant runs on, and with
 * 3 s of warm-up the first adapter variant of a short run measured 0.71 to 0.94 of (b), against
 * 1.00 to 1.37 with 10 s (the history of docs/benchmarks.md).
 *
 * <p>A cell of several lanes (two adapters in one daemon) gets a stream per lane, counted together, and at least one
 * sender thread per lane, each sending on its lane's ingest subject.
 *
 * <p>{@link #runOpenLoop} does the same for the latency points: our adapter fed by an
 * open-loop {@link PacedSource} instead of the flow-controlled {@link LoadSource}.
 *
 * <p>Used from the rig's driving thread only.
 */
final class CellRunner
{
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(15);
    /** JIT compiler CPU in a window above which its row says so: a steady path compiles next to nothing. */
    static final double JIT_NOTE_CORES = 0.05;
    private static final Duration SUBSCRIBE_BOUND = Duration.ofSeconds(10);
    /** An idle variant's time to finish connecting before {@link #idle} measures it. */
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(1);

    private final NatsServer server;
    private final Connection management;
    private final CpuMeter cpu;
    private final Duration warmup;
    private final Duration measure;
    private final int sourceConnections;
    private final SourceKind source;
    private final Duration duplicateWindow;
    private final Duration firstWarmupExtra;
    private final Set<String> warmed = new HashSet<>();
    private int cells;

    /** @param firstWarmupExtra added to the warm-up of each variant's first closed-loop cell */
    CellRunner(final NatsServer server, final Connection management, final Duration warmup, final Duration measure,
        final int sourceConnections, final SourceKind source, final Duration duplicateWindow, final Duration firstWarmupExtra)
    {
        this.server = server;
        this.management = management;
        this.cpu = new CpuMeter(server.pid());
        this.warmup = warmup;
        this.measure = measure;
        this.sourceConnections = sourceConnections;
        this.source = source;
        this.duplicateWindow = duplicateWindow;
        this.firstWarmupExtra = firstWarmupExtra;
    }

    /** The warm-up of a closed-loop cell of {@code variantName}: longer for its first one in this run. */
    Duration warmupFor(final String variantName)
    {
        return warmed.add(variantName) ? warmup.plus(firstWarmupExtra) : warmup;
    }

    /**
     * Transport bytes the load source may leave un-completed, whatever its window in messages: half of what the
     * rig lets an ingest subscription hold ({@link IngestLimits#PENDING_BYTES}) and of the adapter's default queue
     * in the rig's 1 GiB heap, so that a variant that keeps up never drops as a slow consumer. A window of 20,000
     * 21 KB transports (14 KiB registrations) was 420 MB, and the same-work bridge and the adapter each dropped
     * thousands; 6,000 of them kept the server at its core with none dropped.
     */
    static final long WINDOW_BYTES = 128L << 20;

    /** {@code window} messages, fewer if they would hold more than {@link #WINDOW_BYTES} of {@code messages}' transports. */
    static int windowFor(final int window, final RegistrationTransports messages)
    {
        return (int) Math.max(1, Math.min(window, WINDOW_BYTES / messages.transportBytes()));
    }

    /**
     * A cell of the next number, of one lane; {@code messages} and {@code connections} as given, the windows as given
     * unless {@link #windowFor} caps them.
     */
    Cell nextCell(final RigOptions.Group group, final RegistrationTransports messages, final int acksInFlight, final int window)
    {
        return nextCell(group, messages, acksInFlight, window, 1);
    }

    /** The same with {@code lanes} lanes ({@link Cell#lane}), each its own ingest subject and stream: one adapter each. */
    Cell nextCell(final RigOptions.Group group, final RegistrationTransports messages, final int acksInFlight, final int window,
        final int lanes)
    {
        cells++;
        return new Cell(server.url(), "RIG" + cells, "rig" + cells, "ingest" + cells + ".registration",
            group.storage(), messages, group.connections(), acksInFlight, windowFor(window, messages), lanes);
    }

    /** Sender threads for a closed-loop cell: {@code asked}, rounded up to a multiple of the lanes so that each lane gets as many. */
    static int sourceLinks(final int asked, final int lanes)
    {
        return (asked + lanes - 1) / lanes * lanes;
    }

    CellResult run(final Cell cell, final Variant variant, final CellResult.Kind kind) throws Exception
    {
        try (RigStream stream = RigStream.create(management, cell, duplicateWindow);
             Variant running = variant;
             LoadSource source = variant.needsSource() ? new LoadSource(cell, this.source, variant::completed) : null)
        {
            running.prepare(cell);
            if (source != null)
            {
                for (int lane = 0; lane < cell.lanes(); lane++)
                {
                    awaitSubscription(cell.lane(lane).ingestSubject());
                }
                source.connect(sourceLinks(sourceConnections, cell.lanes()));
            }
            running.start();
            if (source != null)
            {
                source.start();
            }
            TimeUnit.MILLISECONDS.sleep(warmupFor(variant.name()).toMillis());
            final CpuMeter.Sample before = cpu.sample();
            final long landedBefore = stream.landed();
            TimeUnit.MILLISECONDS.sleep(measure.toMillis());
            final CpuMeter.Window window = before.until(cpu.sample());
            final long landedAfter = stream.landed();
            // after the window, so that the full collection it forces is not measured; before the stop, so that the
            // ring, the acks in flight and the buffers of a loaded variant are all live
            final Footprint footprint = Footprint.measure();

            if (source != null)
            {
                source.stop();
            }
            final boolean drained = running.drain(DRAIN_BOUND, source != null ? source.sent() : running.sent());
            final long landed = stream.settle(Duration.ofMillis(300), DRAIN_BOUND);
            final long sent = source != null ? source.sent() : running.sent();
            final int bodyBytes = variant instanceof BridgeCeiling bridge && !bridge.storesEnvelopes()
                ? cell.messages().transportBytes() : cell.messages().envelopeBytes();
            return new CellResult(variant.name(), kind, landedAfter - landedBefore, window, bodyBytes,
                sent, landed, running.dropped(), note(drained, running.dropReasons(), window), footprint);
        }
    }

    /** What a row's reader should know: a drain that timed out, drops by reason, a JIT compiler at work in the window. */
    static String note(final boolean drained, final String dropReasons, final CpuMeter.Window window)
    {
        final StringJoiner note = new StringJoiner("; ");
        if (!drained)
        {
            note.add("drain timed out");
        }
        if (!dropReasons.isEmpty())
        {
            note.add("dropped " + dropReasons);
        }
        if (window.jitCores() >= JIT_NOTE_CORES)
        {
            // the variant's code was still being compiled, on the CPU the window measures
            note.add(String.format(Locale.ROOT, "JIT compiling in the window (%.2f cores)", window.jitCores()));
        }
        return note.toString();
    }

    /**
     * Runs our adapter (or the bridge) in one cell against the open-loop {@link PacedSource} at {@code perSecond}
     * from {@code senders} threads: warm-up and window as {@link #run}, with the adapter's
     * ingest-to-ack histogram and the source's lag marked at the start of the window.
     */
    LatencyPoint runOpenLoop(final Cell cell, final OpenLoopVariant variant, final double fraction, final long perSecond,
        final int senders) throws Exception
    {
        return openLoop(cell, variant, fraction, perSecond, senders, warmup, measure);
    }

    /**
     * Feeds {@code variant} open loop at {@code perSecond} for {@code length} on a stream of its own, a
     * point with no measured window: a rehearsal, so that the JIT has compiled the variant's code before
     * its measured points. Without it, a variant whose code nothing else in the run exercises (the
     * adapter's decoding, ring and publisher) compiles during its first point, on the CPU that point
     * measures.
     */
    void rehearseOpenLoop(final Cell cell, final OpenLoopVariant variant, final long perSecond, final int senders,
        final Duration length) throws Exception
    {
        openLoop(cell, variant, 0, perSecond, senders, length, Duration.ZERO);
    }

    /**
     * The CPU {@code variant} takes with no traffic at all: started on a fresh stream, given {@link #IDLE_SETTLE} to
     * finish connecting, then measured for {@code measure}. What a wait strategy costs a broker between registrations.
     */
    CpuMeter.Window idle(final Cell cell, final OpenLoopVariant variant, final Duration measure) throws Exception
    {
        // the stream only has to exist for the adapter's start-up check; nothing is published to it
        final RigStream stream = RigStream.create(management, cell, duplicateWindow);
        try (OpenLoopVariant running = variant)
        {
            running.prepare(cell);
            awaitSubscription(cell.ingestSubject());
            running.start();
            TimeUnit.MILLISECONDS.sleep(IDLE_SETTLE.toMillis());
            final CpuMeter.Sample before = cpu.sample();
            TimeUnit.MILLISECONDS.sleep(measure.toMillis());
            return before.until(cpu.sample());
        }
        finally
        {
            stream.close();
        }
    }

    private LatencyPoint openLoop(final Cell cell, final OpenLoopVariant variant, final double fraction, final long perSecond,
        final int senders, final Duration warmup, final Duration measure) throws Exception
    {
        try (RigStream stream = RigStream.create(management, cell, duplicateWindow);
             OpenLoopVariant running = variant;
             PacedSource source = new PacedSource(cell, this.source, perSecond))
        {
            running.prepare(cell);
            awaitSubscription(cell.ingestSubject());
            source.connect(senders);
            running.start();
            source.start();
            TimeUnit.MILLISECONDS.sleep(warmup.toMillis());
            final Histogram ackMark = LatencySummary.mark(running.ingestToAck());
            final Histogram sendMark = LatencySummary.mark(running.sendToAck());
            final Histogram lagMark = LatencySummary.mark(source.lag());
            final CpuMeter.Sample before = cpu.sample();
            final long landedBefore = stream.landed();
            final long sentBefore = source.sent();
            TimeUnit.MILLISECONDS.sleep(measure.toMillis());
            final CpuMeter.Window window = before.until(cpu.sample());
            final long landedAfter = stream.landed();
            final long sentAfter = source.sent();

            source.stop();
            final LatencySummary lag = LatencySummary.since(source.lag(), lagMark);
            final boolean drained = running.drain(DRAIN_BOUND, source.sent());
            final long landed = stream.settle(Duration.ofMillis(300), DRAIN_BOUND);
            return new LatencyPoint(variant.name(), fraction, perSecond, landedAfter - landedBefore, sentAfter - sentBefore,
                window, LatencySummary.since(running.ingestToAck(), ackMark),
                LatencySummary.since(running.sendToAck(), sendMark), lag,
                running.dropsByReason(), source.sent(), landed, note(drained, "", window));
        }
    }

    /** The load source must not publish before the variant's subscription reaches the server, or those messages vanish. */
    private void awaitSubscription(final String subject) throws InterruptedException
    {
        final long deadline = System.nanoTime() + SUBSCRIBE_BOUND.toNanos();
        while (!hasSubscriber(subject))
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new IllegalStateException("no subscription on " + subject + " within " + SUBSCRIBE_BOUND);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private boolean hasSubscriber(final String subject)
    {
        final Optional<String> body = server.monitor().get("/subsz?subs=1&test=" + subject)
            .filter(response -> response.isOk())
            .map(response -> response.body());
        return body.isPresent() && body.get().contains("\"" + subject + "\"");
    }
}
