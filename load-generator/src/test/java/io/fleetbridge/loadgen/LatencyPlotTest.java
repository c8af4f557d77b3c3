package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

class LatencyPlotTest
{
    /** A report of a minute at 10k msgs/s with a stall at 30 s, built without any server. */
    static LoadReport syntheticReport()
    {
        return syntheticReport("100000 nodes, steady every 5 m, v1-request, payload 1024-4096 B, 1 connection");
    }

    static LoadReport syntheticReport(final String description)
    {
        return syntheticReport(description, null);
    }

    static LoadReport syntheticReport(final String description, final LoadReport.ChurnOutcome churn)
    {
        final Random random = new Random(7);
        final Histogram h = new Histogram(3_600_000_000L, 3);
        final List<Timeline.Sample> samples = new ArrayList<>();
        long sent = 0;
        for (int second = 1; second <= 60; second++)
        {
            final double stall = second >= 30 && second < 33 ? 40 : 1;
            final Histogram interval = new Histogram(3_600_000_000L, 3);
            for (int i = 0; i < 10_000; i++)
            {
                interval.recordValue((long)(800 * stall * Math.exp(random.nextGaussian() * 0.5)));
            }
            h.add(interval);
            sent += 10_000;
            samples.add(new Timeline.Sample(second + 0.0003 * (second % 7), sent, sent, 10_000, second == 33 ? 25_000 : 10_000,
                interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                interval.getMaxValue() / 1000.0));
        }
        return new LoadReport(description, sent,
            sent, 0, sent, 0, 0, 0, 0, 0, 0, 60, 61, h, samples, List.of(), List.of(), null, null, LossAllowance.NONE, null, churn, null);
    }

    @Test
    void shouldDrawBothChartsIntoOnePng() throws Exception
    {
        final Path png = Path.of("target", "latency-plot-test.png");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> LatencyPlot.write(syntheticReport(), png));

        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(image.getHeight() > 1000);
    }

    @Test
    void shouldWrapALongTitleInsteadOfCuttingIt() throws Exception
    {
        final String description = "1000000 nodes, steady every 5 m, v2-request, payload 1024-4096 B, each signed, "
            + "2 connections, choria.broadcast.agent.registration -> NODE_METADATA, 10000 nodes stop at 30 s and return at "
            + "90 s (stopped early)";
        final Path shortPng = Path.of("target", "latency-plot-short-title.png");
        final Path longPng = Path.of("target", "latency-plot-long-title.png");
        LatencyPlot.write(syntheticReport(), shortPng);
        LatencyPlot.write(syntheticReport(description), longPng);

        final BufferedImage image = ImageIO.read(longPng.toFile());
        final FontMetrics metrics = LatencyPlot.metrics(LatencyPlot.TITLE_FONT);
        assertTrue(metrics.stringWidth(description) > image.getWidth(), "the title must be wider than the image");
        final List<String> lines = LatencyPlot.wrap(LatencyPlot.TITLE_FONT, description, LatencyPlot.TEXT_WIDTH);
        assertEquals(description, String.join(" ", lines), "nothing cut");
        for (final String line : lines)
        {
            assertTrue(LatencyPlot.MARGIN + metrics.stringWidth(line) <= image.getWidth() - LatencyPlot.MARGIN, line);
        }
        assertTrue(image.getHeight() >= ImageIO.read(shortPng.toFile()).getHeight() + metrics.getHeight(),
            "the header grows by a line for the wrapped title");
    }

    @Test
    void shouldWrapAWordWiderThanALineAtACharacter()
    {
        final String word = "x".repeat(400);
        final List<String> lines = LatencyPlot.wrap(LatencyPlot.TITLE_FONT, word, 300);
        assertTrue(lines.size() > 1);
        assertEquals(word, String.join("", lines));
    }

    @Test
    void shouldKeepTheLegendOutOfThePlotArea()
    {
        final XYChart timeline = LatencyPlot.timelineChart(syntheticReport());
        assertEquals(Styler.LegendPosition.OutsideS, timeline.getStyler().getLegendPosition());
        assertEquals(Styler.LegendLayout.Horizontal, timeline.getStyler().getLegendLayout());
        assertTrue(timeline.getStyler().isLegendVisible());
    }

    @Test
    void shouldMarkTheChurnWindowOnTheTimeline() throws Exception
    {
        final FleetChurn plan = FleetChurn.of(new LoadOptions().nodes(1000).churn(0.01).churnAt(Duration.ofSeconds(30))
            .churnReturnAt(Duration.ofSeconds(45)), 3);
        final LoadReport report = syntheticReport("1000 nodes, steady every 1 s", new LoadReport.ChurnOutcome(plan, 10, 10, 150, null));

        assertEquals("Throughput and latency over time (grey lines: 10 nodes stop at 30 s, return at 45 s)",
            LatencyPlot.timelineChart(report).getTitle());
        LatencyPlot.write(report, Path.of("target", "latency-plot-churn.png"));
    }

    @Test
    void shouldLabelTheNinesAxisInPercent()
    {
        assertEquals("0%", LatencyPlot.percentileLabel(0));
        assertEquals("90%", LatencyPlot.percentileLabel(1));
        assertEquals("99%", LatencyPlot.percentileLabel(2));
        assertEquals("99.9%", LatencyPlot.percentileLabel(3));
        assertEquals(3.0, LatencyPlot.nines(99.9), 1e-9);
    }
}
