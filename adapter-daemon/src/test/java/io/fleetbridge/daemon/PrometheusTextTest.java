package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;

class PrometheusTextTest
{
    private static final String ID = "broker1.example.net";

    private static AdapterMetrics busyAdapter()
    {
        final AdapterMetrics metrics = new AdapterMetrics("reg");
        metrics.received.add(100);
        metrics.receivedBytes.add(102_400);
        metrics.inputErrors.add(3);
        metrics.published.add(90);
        metrics.publishedBytes.add(99_000);
        metrics.outputErrors.add(4);
        metrics.duplicates.add(2);
        metrics.retries.add(5);
        metrics.senderWaits.add(6);
        metrics.slowConsumers.add(1);
        metrics.dropped(DropReason.INVALID).add(3);
        metrics.dropped(DropReason.QUEUE_FULL).add(7);
        metrics.bindQueue(() -> 12, 16384);
        metrics.bindQueueBytes(() -> 700_000, 268_435_456);
        for (int i = 1; i <= 100; i++)
        {
            metrics.inputTime.recordNs(TimeUnit.MICROSECONDS.toNanos(i));
            metrics.outputTime.recordNs(TimeUnit.MILLISECONDS.toNanos(i));
        }
        metrics.ingestToAck.recordNs(TimeUnit.MICROSECONDS.toNanos(300));
        metrics.ingestToAck.recordNs(TimeUnit.MILLISECONDS.toNanos(3));
        metrics.ingestToAck.recordNs(TimeUnit.MILLISECONDS.toNanos(30));
        metrics.ingestToAck.recordNs(TimeUnit.SECONDS.toNanos(20));
        return metrics;
    }

    private static Map<String, String> labels(final String role)
    {
        return Map.of("name", "reg", "role", role, "identity", ID);
    }

    @Test
    void shouldExportChoriaCountersUnderTheirExactNames()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(busyAdapter()), ID));

        assertEquals(100, text.value("choria_adapter_received_msgs", labels("input")));
        assertEquals(90, text.value("choria_adapter_published_msgs", labels("output")));
        assertEquals(90, text.value("choria_adapter_received_msgs", labels("output")), "go-choria counts what its output published here");
        assertEquals(3, text.value("choria_adapter_errors", labels("input")));
        assertEquals(4, text.value("choria_adapter_errors", labels("output")));
        assertEquals(102_400, text.value("choria_adapter_bytes", labels("input")));
        assertEquals(99_000, text.value("choria_adapter_bytes", labels("output")));
        assertEquals(12, text.value("choria_adapter_queue_length", Map.of("name", "reg", "identity", ID)));
        assertEquals(16384, text.value("choria_adapter_queue_capacity", Map.of("name", "reg", "identity", ID)));
        assertEquals(700_000, text.value("choria_adapter_queue_bytes", Map.of("name", "reg", "identity", ID)));
        assertEquals(268_435_456, text.value("choria_adapter_queue_bytes_capacity", Map.of("name", "reg", "identity", ID)));
        for (final String name : text.type.keySet())
        {
            assertFalse(name.endsWith("_total"), name);
        }
    }

    @Test
    void shouldUseChoriaHelpTextsAndTypes()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(busyAdapter()), ID));

        assertEquals("Number of messages received by adapters on their inputs", text.help.get("choria_adapter_received_msgs"));
        assertEquals("Number of messages published by adapters on their outputs", text.help.get("choria_adapter_published_msgs"));
        assertEquals("Messages that could not be handled", text.help.get("choria_adapter_errors"));
        assertEquals("Bytes processed by the adapter", text.help.get("choria_adapter_bytes"));
        assertEquals("Time taken to process messages", text.help.get("choria_adapter_time"));
        assertEquals("How many messages are in the work queue to process", text.help.get("choria_adapter_queue_length"));
        assertEquals("How many messages can be the work queue to process", text.help.get("choria_adapter_queue_capacity"));
        assertEquals("counter", text.type.get("choria_adapter_received_msgs"));
        assertEquals("counter", text.type.get("choria_adapter_published_msgs"));
        assertEquals("counter", text.type.get("choria_adapter_errors"));
        assertEquals("counter", text.type.get("choria_adapter_bytes"));
        assertEquals("summary", text.type.get("choria_adapter_time"));
        assertEquals("gauge", text.type.get("choria_adapter_queue_length"));
        assertEquals("gauge", text.type.get("choria_adapter_queue_capacity"));
        assertEquals("gauge", text.type.get("choria_adapter_queue_bytes"));
        assertEquals("gauge", text.type.get("choria_adapter_queue_bytes_capacity"));
        assertEquals("histogram", text.type.get("choria_adapter_ack_latency_seconds"));
    }

    @Test
    void shouldExportProcessingTimeAsSummaryInSeconds()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(busyAdapter()), ID));

        assertEquals(0.050, text.value("choria_adapter_time", Map.of("name", "reg", "role", "output", "identity", ID, "quantile", "0.5")), 0.0001);
        assertEquals(0.090, text.value("choria_adapter_time", Map.of("name", "reg", "role", "output", "identity", ID, "quantile", "0.9")), 0.0001);
        assertEquals(0.099, text.value("choria_adapter_time", Map.of("name", "reg", "role", "output", "identity", ID, "quantile", "0.99")), 0.0001);
        assertEquals(0.000050, text.value("choria_adapter_time", Map.of("name", "reg", "role", "input", "identity", ID, "quantile", "0.5")), 0.0000001);
        assertEquals(100, text.value("choria_adapter_time_count", labels("output")));
        assertEquals(5.05, text.value("choria_adapter_time_sum", labels("output")), 0.01);
        assertEquals(100, text.value("choria_adapter_time_count", labels("input")));
    }

    @Test
    void shouldExportAckLatencyAsCumulativeHistogram()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(busyAdapter()), ID));

        assertEquals(1, bucket(text, "0.0005"));
        assertEquals(1, bucket(text, "0.001"));
        assertEquals(2, bucket(text, "0.005"));
        assertEquals(3, bucket(text, "0.05"));
        assertEquals(3, bucket(text, "10"));
        assertEquals(4, bucket(text, "+Inf"));
        assertEquals(4, text.value("choria_adapter_ack_latency_seconds_count", Map.of("name", "reg", "identity", ID)));
        assertEquals(20.0333, text.value("choria_adapter_ack_latency_seconds_sum", Map.of("name", "reg", "identity", ID)), 0.05);
        double previous = 0;
        for (final String le : PrometheusText.ACK_LATENCY_BUCKETS)
        {
            final double count = bucket(text, le);
            assertTrue(count >= previous, "cumulative at le=" + le);
            previous = count;
        }
    }

    @Test
    void shouldExportEveryDropReasonIncludingZero()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(busyAdapter()), ID));

        for (final DropReason reason : DropReason.values())
        {
            final double expected = reason == DropReason.INVALID ? 3 : reason == DropReason.QUEUE_FULL ? 7 : 0;
            assertEquals(expected, text.value("choria_adapter_dropped_msgs",
                Map.of("name", "reg", "identity", ID, "reason", reason.label())), reason.label());
        }
        final Map<String, String> labels = Map.of("name", "reg", "identity", ID);
        assertEquals(2, text.value("choria_adapter_duplicate_msgs", labels));
        assertEquals(5, text.value("choria_adapter_retries", labels));
        assertEquals(6, text.value("choria_adapter_sender_waits", labels));
        assertEquals(1, text.value("choria_adapter_slow_consumers", labels));
    }

    @Test
    void shouldExportRejectionsByCauseIncludingSignatureChecks()
    {
        final AdapterMetrics metrics = new AdapterMetrics("reg");
        metrics.rejected(io.fleetbridge.adapter.DecodeResult.BAD_SIGNATURE).add(4);
        metrics.rejected(io.fleetbridge.adapter.DecodeResult.NOT_JSON).add(1);
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(metrics), ID));

        assertEquals("counter", text.type.get("choria_adapter_rejected_msgs"));
        assertEquals(4, text.value("choria_adapter_rejected_msgs", Map.of("name", "reg", "identity", ID, "cause", "bad_signature")));
        assertEquals(1, text.value("choria_adapter_rejected_msgs", Map.of("name", "reg", "identity", ID, "cause", "not_json")));
        assertEquals(0, text.value("choria_adapter_rejected_msgs", Map.of("name", "reg", "identity", ID, "cause", "expired_certificate")));
    }

    @Test
    void shouldWriteNaNQuantilesAndZeroBucketsForAnIdleAdapter()
    {
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(new AdapterMetrics("idle")), ID));

        assertTrue(Double.isNaN(text.value("choria_adapter_time",
            Map.of("name", "idle", "role", "input", "identity", ID, "quantile", "0.99"))));
        assertEquals(0, text.value("choria_adapter_time_count", Map.of("name", "idle", "role", "input", "identity", ID)));
        assertEquals(0, text.value("choria_adapter_ack_latency_seconds_bucket", Map.of("name", "idle", "identity", ID, "le", "+Inf")));
    }

    @Test
    void shouldGroupSamplesOfSeveralAdaptersUnderOneFamilyHeader()
    {
        final String rendered = PrometheusText.render(List.of(busyAdapter(), new AdapterMetrics("replies")), ID);
        final ExpositionParser text = ExpositionParser.parse(rendered);

        assertEquals(0, text.value("choria_adapter_received_msgs", Map.of("name", "replies", "role", "input", "identity", ID)));
        assertEquals(1, rendered.split("# TYPE choria_adapter_received_msgs ", -1).length - 1);
    }

    @Test
    void shouldEscapeLabelValues()
    {
        final String identity = "odd \"host\"\\name\nline";
        final ExpositionParser text = ExpositionParser.parse(PrometheusText.render(List.of(new AdapterMetrics("reg")), identity));

        assertEquals(0, text.value("choria_adapter_received_msgs", Map.of("name", "reg", "role", "input", "identity", identity)));
    }

    @Test
    void shouldWriteNumbersTheFormatReads()
    {
        assertEquals("0.0005", PrometheusText.number(0.0005));
        assertEquals("1", PrometheusText.number(1.0));
        assertEquals("1000000", PrometheusText.number(1e6));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
    }

    private static double bucket(final ExpositionParser text, final String le)
    {
        return text.value("choria_adapter_ack_latency_seconds_bucket", Map.of("name", "reg", "identity", ID, "le", le));
    }
}
