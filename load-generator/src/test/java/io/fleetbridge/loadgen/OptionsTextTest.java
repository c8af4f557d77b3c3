package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class OptionsTextTest
{
    @Test
    void shouldReadDurationsWithUnits()
    {
        assertEquals(Duration.ofSeconds(300), DurationText.parse("300"));
        assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
        assertEquals(Duration.ofMillis(250), DurationText.parse("250ms"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("PT90S"));
        assertEquals(Duration.ofSeconds(90), DurationText.parse("1m30s"), "Go's form, as the daemon reads it");
        assertEquals(Duration.ofDays(7), DurationText.parse("7d"));
        assertEquals(Duration.ofNanos(100_000), DurationText.parse("100us"));
    }

    /** Java's parser took 7d and 7f as the number 7 (a double suffix): a week's retention became seven seconds. */
    @Test
    void shouldRefuseWhatIsNotADurationNamingWhatIs()
    {
        for (final String bad : new String[] {"7f", "7x", "1e3", "Infinity", "NaN", "-5s", "5 s", "s", "", "1m30", "0x10", "PTX"})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
            assertTrue(ex.getMessage().startsWith("'" + bad + "' is not a duration such as"), ex.getMessage());
        }
        final CommandLine.TypeConversionException picocli = assertThrows(CommandLine.TypeConversionException.class,
            () -> new DurationText().convert("1w"));
        assertTrue(picocli.getMessage().contains("'1w' is not a duration such as 250ms"), picocli.getMessage());
    }

    @Test
    void shouldAllowLossAsCountOrPercentage()
    {
        assertEquals(10, LossAllowance.parse("10").allowed(1_000_000));
        assertEquals(5_000, LossAllowance.parse("0.5%").allowed(1_000_000));
        assertEquals(0, LossAllowance.NONE.allowed(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> LossAllowance.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> LossAllowance.parse("lots"));
    }

    @Test
    void shouldRefuseAnAdapterTypeNoEnvelopeCanName()
    {
        // a typo would otherwise count every envelope corrupt and fail a healthy run
        final LoadOptions.AdapterTypeConverter types = new LoadOptions.AdapterTypeConverter();
        assertEquals("choria_streams", types.convert("choria_streams"));
        assertEquals("jetstream", types.convert("jetstream"));
        for (final String bad : new String[] {"JetStream", "jetsream", ""})
        {
            final Exception ex = assertThrows(picocli.CommandLine.TypeConversionException.class, () -> types.convert(bad), bad);
            assertTrue(ex.getMessage().contains("expected jetstream or choria_streams"), ex.getMessage());
        }
    }

    @Test
    void shouldReadSizeSpecs()
    {
        assertEquals(2048, SizeDistribution.parse("2048").sizeFor(5));
        final SizeDistribution range = SizeDistribution.parse("1k-4k");
        final SizeDistribution again = SizeDistribution.parse("1k-4k");
        assertEquals(1024, range.minBytes());
        assertEquals(4096, range.maxBytes());
        for (int node = 0; node < 10_000; node++)
        {
            final int size = range.sizeFor(node);
            assertEquals(size, again.sizeFor(node), "the same size per node in every run");
            assertTrue(size >= 1024 && size <= 4096, "size " + size);
        }
        assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse("4096-1024"));
    }

    @Test
    void shouldRejectOptionsThatCannotWork()
    {
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions().topic("no.sender").validate());
        assertThrows(IllegalArgumentException.class,
            () -> new LoadOptions().sign(true).protocol(WireProtocol.V2_REQUEST).validate());
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions().nodes(0).validate());
        new LoadOptions().validate();
    }

    @Test
    void shouldRefuseADurationThatWouldCutABurstShort()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LoadOptions()
            .nodes(1000).schedule(ScheduleKind.BURST).window(Duration.ofSeconds(4)).duration(Duration.ofSeconds(2))
            .validate());
        assertEquals("--duration 2 s would cut the burst short: about 500 of the 1000 nodes send within it, not every "
            + "node within --window 4 s; give --duration at least the window", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LoadOptions().nodes(1000).schedule(ScheduleKind.BURST)
            .duration(Duration.ZERO).count(999).validate());
        new LoadOptions().nodes(1000).schedule(ScheduleKind.BURST).window(Duration.ofSeconds(4))
            .duration(Duration.ofSeconds(4)).validate();
        new LoadOptions().nodes(1000).schedule(ScheduleKind.BURST).duration(Duration.ZERO).count(1000).validate();
    }

    @Test
    void shouldExitWithStatusTwoBeforeSendingACutShortBurst()
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        final int status;
        try
        {
            // no server listens on this port: the run is refused before it tries to connect
            status = cli.execute("--servers", "nats://127.0.0.1:1", "--schedule", "burst", "--nodes", "1000",
                "--window", "4s", "--duration", "2s");
        }
        finally
        {
            System.setErr(stderr);
        }
        assertEquals(2, status);
        final String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("would cut the burst short: about 500 of the 1000 nodes"), text);
    }

    @Test
    void shouldDeriveTheConsumerFilterFromTheTopic()
    {
        assertEquals("choria.node_metadata.>", StreamWatcher.filterSubject("choria.node_metadata.%s"));
        assertEquals(null, StreamWatcher.filterSubject("choria.%s.registration"));
    }

    @Test
    void shouldSumTheDaemonsCountersByReason()
    {
        final String text = String.join("\n",
            "# HELP choria_adapter_received_msgs received",
            "# TYPE choria_adapter_received_msgs counter",
            "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 1000",
            "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 990",
            "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"queue_full\"} 7",
            "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"invalid\"} 3",
            "choria_adapter_dropped_msgs{identity=\"a\",name=\"other\",reason=\"invalid\"} 1",
            "choria_adapter_time_bucket{le=\"0.1\"} 5");
        final AdapterCounters after = AdapterCounters.parse(text);

        assertEquals(1000, after.received());
        assertEquals(990, after.published());
        assertEquals(Map.of("queue_full", 7.0, "invalid", 4.0), after.dropped());
        final AdapterCounters delta = after.minus(AdapterCounters.parse(
            "choria_adapter_received_msgs{name=\"reg\"} 100\nchoria_adapter_dropped_msgs{reason=\"invalid\"} 4"));
        assertEquals(900, delta.received());
        assertEquals(Map.of("queue_full", 7.0, "invalid", 0.0), delta.dropped());
        assertEquals(7.0, delta.droppedTotal());
    }
}
