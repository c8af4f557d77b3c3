package io.fleetbridge.daemon;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.LatencyRecorder;

/**
 * The adapters' metrics in the Prometheus text exposition format, version 0.0.4.
 *
 * <p>Written by hand rather than with a Prometheus client library because the Java clients
 * append {@code _total} to counters, and Choria's dashboards and alerts key on the exact names
 * the Choria Broker exports: {@code choria_adapter_received_msgs} and the rest, with the same
 * HELP texts and labels. Labels are written in name order, as the Go client writes them.
 *
 * <p>Reader side: called per scrape from one thread at a time (it folds the latency recorders
 * through {@link LatencyRecorder#cumulative()}), and it allocates the text it returns. Latency
 * figures come from HdrHistogram with three significant digits, so quantiles and bucket
 * boundaries are exact to within 0.1%.
 */
public final class PrometheusText
{
    /** The Content-Type of the exposition. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Upper bounds of {@code choria_adapter_ack_latency_seconds}, in seconds as written in {@code le}: up to 5 minutes,
     * {@code stream.retry_for}'s default, so that a quantile during an outage's recovery is not stuck at the last bound.
     */
    static final String[] ACK_LATENCY_BUCKETS = {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
        "0.5", "1", "2.5", "5", "10", "30", "60", "300"};

    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final double NS_PER_SECOND = 1e9;

    private final StringBuilder out = new StringBuilder(8 * 1024);
    private final List<AdapterMetrics> adapters;
    private final String identity;

    private PrometheusText(final List<AdapterMetrics> adapters, final String identity)
    {
        this.adapters = adapters;
        this.identity = escape(identity);
    }

    /** The exposition of {@code adapters}, every sample labelled with {@code identity}. */
    public static String render(final List<AdapterMetrics> adapters, final String identity)
    {
        return new PrometheusText(adapters, identity).write();
    }

    private String write()
    {
        family("choria_adapter_received_msgs", "Number of messages received by adapters on their inputs", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_received_msgs", a, "input", a.received);
            // go-choria's output counts what it published here (broker/adapter/streams/output.go), and dashboards
            // and alerts on role="output" would flatline without it; published_msgs carries the same count
            counter("choria_adapter_received_msgs", a, "output", a.published);
        }
        family("choria_adapter_published_msgs", "Number of messages published by adapters on their outputs", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_published_msgs", a, "output", a.published);
        }
        family("choria_adapter_errors", "Messages that could not be handled", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_errors", a, "input", a.inputErrors);
            counter("choria_adapter_errors", a, "output", a.outputErrors);
        }
        family("choria_adapter_bytes", "Bytes processed by the adapter", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_bytes", a, "input", a.receivedBytes);
            counter("choria_adapter_bytes", a, "output", a.publishedBytes);
        }
        family("choria_adapter_time", "Time taken to process messages", "summary");
        for (final AdapterMetrics a : adapters)
        {
            summary("choria_adapter_time", a, "input", a.inputTime);
            summary("choria_adapter_time", a, "output", a.outputTime);
        }
        family("choria_adapter_queue_length", "How many messages are in the work queue to process", "gauge");
        for (final AdapterMetrics a : adapters)
        {
            sample("choria_adapter_queue_length", a, null, null, null).append(a.queueLength()).append('\n');
        }
        family("choria_adapter_queue_capacity", "How many messages can be the work queue to process", "gauge");
        for (final AdapterMetrics a : adapters)
        {
            sample("choria_adapter_queue_capacity", a, null, null, null).append(a.queueCapacity()).append('\n');
        }
        family("choria_adapter_queue_bytes", "Bytes held by the messages in the work queue", "gauge");
        for (final AdapterMetrics a : adapters)
        {
            sample("choria_adapter_queue_bytes", a, null, null, null).append(a.queueBytes()).append('\n');
        }
        family("choria_adapter_queue_bytes_capacity", "Bytes the messages in the work queue may hold (queue_bytes)", "gauge");
        for (final AdapterMetrics a : adapters)
        {
            sample("choria_adapter_queue_bytes_capacity", a, null, null, null).append(a.queueBytesCapacity()).append('\n');
        }

        family("choria_adapter_dropped_msgs", "Messages received that will never be published, by reason", "counter");
        for (final AdapterMetrics a : adapters)
        {
            for (final DropReason reason : DropReason.values())
            {
                sample("choria_adapter_dropped_msgs", a, null, "reason", reason.label())
                    .append(a.dropped(reason).sum()).append('\n');
            }
        }
        family("choria_adapter_rejected_msgs", "Inputs refused by the decoder or the signature check, by cause (part of the invalid and too_large drops)", "counter");
        for (final AdapterMetrics a : adapters)
        {
            for (final DecodeResult cause : DecodeResult.values())
            {
                if (cause != DecodeResult.OK)
                {
                    sample("choria_adapter_rejected_msgs", a, null, "cause", cause.label())
                        .append(a.rejected(cause).sum()).append('\n');
                }
            }
        }
        family("choria_adapter_duplicate_msgs", "Published messages JetStream reported as duplicates of an earlier publish", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_duplicate_msgs", a, null, a.duplicates);
        }
        family("choria_adapter_retries", "Publish attempts after the first", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_retries", a, null, a.retries);
        }
        family("choria_adapter_sender_waits",
            "Messages that waited for an earlier message of their sender to be settled (kept in order)", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_sender_waits", a, null, a.senderWaits);
        }
        family("choria_adapter_slow_consumers", "Slow consumer events on the ingest connections", "counter");
        for (final AdapterMetrics a : adapters)
        {
            counter("choria_adapter_slow_consumers", a, null, a.slowConsumers);
        }
        family("choria_adapter_ack_latency_seconds",
            "Time from receipt on the ingest subject to acknowledgement by JetStream", "histogram");
        for (final AdapterMetrics a : adapters)
        {
            histogram("choria_adapter_ack_latency_seconds", a, a.ingestToAck);
        }
        return out.toString();
    }

    private void family(final String name, final String help, final String type)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void counter(final String name, final AdapterMetrics adapter, final String role, final LongAdder value)
    {
        sample(name, adapter, role, null, null).append(value.sum()).append('\n');
    }

    private void summary(final String name, final AdapterMetrics adapter, final String role, final LatencyRecorder recorder)
    {
        final Histogram histogram = recorder.cumulative();
        final long count = histogram.getTotalCount();
        for (final double quantile : QUANTILES)
        {
            final double seconds = count == 0 ? Double.NaN : histogram.getValueAtPercentile(quantile * 100) / NS_PER_SECOND;
            sample(name, adapter, role, "quantile", number(quantile)).append(number(seconds)).append('\n');
        }
        sample(name + "_sum", adapter, role, null, null).append(number(sumSeconds(histogram))).append('\n');
        sample(name + "_count", adapter, role, null, null).append(count).append('\n');
    }

    private void histogram(final String name, final AdapterMetrics adapter, final LatencyRecorder recorder)
    {
        final Histogram histogram = recorder.cumulative();
        final long count = histogram.getTotalCount();
        for (final String bucket : ACK_LATENCY_BUCKETS)
        {
            final long upperNs = Math.round(Double.parseDouble(bucket) * NS_PER_SECOND);
            final long within = count == 0 ? 0 : histogram.getCountBetweenValues(0, upperNs);
            sample(name + "_bucket", adapter, null, "le", bucket).append(within).append('\n');
        }
        sample(name + "_bucket", adapter, null, "le", "+Inf").append(count).append('\n');
        sample(name + "_sum", adapter, null, null, null).append(number(sumSeconds(histogram))).append('\n');
        sample(name + "_count", adapter, null, null, null).append(count).append('\n');
    }

    /** Starts a sample line up to the space before its value; labels in name order, the extra label last. */
    private StringBuilder sample(
        final String name, final AdapterMetrics adapter, final String role, final String extraLabel, final String extraValue)
    {
        out.append(name).append("{identity=\"").append(identity)
            .append("\",name=\"").append(escape(adapter.name())).append('"');
        if (role != null)
        {
            out.append(",role=\"").append(role).append('"');
        }
        if (extraLabel != null)
        {
            out.append(',').append(extraLabel).append("=\"").append(extraValue).append('"');
        }
        return out.append("} ");
    }

    private static double sumSeconds(final Histogram histogram)
    {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMean() * histogram.getTotalCount() / NS_PER_SECOND;
    }

    /** A float as the format reads it: plain decimal, or NaN / +Inf / -Inf. */
    static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0)
        {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A label value escaped as the format requires: backslash, double quote and line feed. */
    static String escape(final String value)
    {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0)
        {
            return value;
        }
        final StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\': escaped.append("\\\\"); break;
                case '"': escaped.append("\\\""); break;
                case '\n': escaped.append("\\n"); break;
                default: escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
