package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyPlotTest
{
    /** A report of a minute at 10k msgs/s with a stall at 30 s, built without any server. */
    static LoadReport syntheticReport()
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
        return new LoadReport("100000 nodes, steady every 5 m, v1-request, payload 1024-4096 B, 1 connection", sent,
            sent, 0, sent, 0, 0, 0, 0, 0, 60, 61, h, samples, List.of(), List.of(), null, null, LossAllowance.NONE, null);
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
    void shouldLabelTheNinesAxisInPercent()
    {
        assertEquals("0%", LatencyPlot.percentileLabel(0));
        assertEquals("90%", LatencyPlot.percentileLabel(1));
        assertEquals("99%", LatencyPlot.percentileLabel(2));
        assertEquals("99.9%", LatencyPlot.percentileLabel(3));
        assertEquals(3.0, LatencyPlot.nines(99.9), 1e-9);
    }
}
