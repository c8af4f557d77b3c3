package io.fleetbridge.loadgen;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Once a second: what was sent and landed in that second and the latency of what landed, from
 * the verifier's {@link Recorder}; folds each interval into the run's total histogram and keeps
 * one {@link Sample} per second for the report and the plot.
 *
 * <p>{@link #tick} is called by one thread at a time (the progress thread, then the run's own
 * thread at the end); {@link #samples} and {@link #total} are read after the run.
 */
final class Timeline
{
    /** One second of the run. Latencies in milliseconds; NaN when nothing landed. */
    record Sample(double elapsedS, long sent, long landed, double sentPerS, double landedPerS,
        double p50Ms, double p99Ms, double maxMs)
    {
    }

    private final Ledger ledger;
    private final Recorder recorder;
    private final long startNanoTime;
    private final Histogram total = new Histogram(EnvelopeVerifier.MAX_LATENCY_US, 3);
    private final List<Sample> samples = new ArrayList<>();
    private Histogram interval;
    private long lastNanoTime;
    private long lastSent;
    private long lastLanded;

    Timeline(final Ledger ledger, final Recorder recorder, final long startNanoTime)
    {
        this.ledger = ledger;
        this.recorder = recorder;
        this.startNanoTime = startNanoTime;
        this.lastNanoTime = startNanoTime;
    }

    synchronized Sample tick(final long nowNanoTime)
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        final long sent = ledger.sentCount();
        final long landed = ledger.landedCount();
        final double seconds = Math.max(1e-3, (nowNanoTime - lastNanoTime) / 1e9);
        final boolean any = interval.getTotalCount() > 0;
        final Sample sample = new Sample((nowNanoTime - startNanoTime) / 1e9, sent, landed,
            (sent - lastSent) / seconds, (landed - lastLanded) / seconds,
            any ? interval.getValueAtPercentile(50) / 1000.0 : Double.NaN,
            any ? interval.getValueAtPercentile(99) / 1000.0 : Double.NaN,
            any ? interval.getMaxValue() / 1000.0 : Double.NaN);
        if (seconds < 0.5 && !samples.isEmpty())
        {
            // a stub interval (the last, after the drain) would plot as a rate cliff; its latencies are in the total
            return sample;
        }
        samples.add(sample);
        lastNanoTime = nowNanoTime;
        lastSent = sent;
        lastLanded = landed;
        return sample;
    }

    synchronized List<Sample> samples()
    {
        return List.copyOf(samples);
    }

    /** Every latency recorded up to the last tick, in microseconds. */
    synchronized Histogram total()
    {
        return total.copy();
    }
}
