package io.fleetbridge.bench.rig;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * The operator page's plot: for every variant fed open loop, above the msgs/s stored against the
 * msgs/s offered (with the offered rate itself as the line a variant that keeps up lies on), below
 * its p99 ingest-to-ack latency against the same offered rate, on a log scale so that a tail that
 * grows tenfold near saturation and one that stays under a millisecond both read. One PNG, written
 * once at the end of a run; AWT headless; allocates freely.
 */
final class LoadPlot
{
    static final int WIDTH = 1000;
    static final int CHART_HEIGHT = 420;
    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0xD62728), new Color(0x2CA02C)};
    /** A log axis cannot show 0: a p99 below this (an empty histogram) is drawn at it. */
    private static final double MIN_MS = 0.01;

    private LoadPlot()
    {
    }

    static void write(final Headline headline, final String serverVersion, final Path file) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage top = BitmapEncoder.getBufferedImage(throughput(headline, serverVersion));
        final BufferedImage bottom = BitmapEncoder.getBufferedImage(latency(headline, serverVersion));
        final BufferedImage image = new BufferedImage(WIDTH, top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.drawImage(top, 0, 0, null);
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static XYChart throughput(final Headline headline, final String serverVersion)
    {
        final XYChart chart = chart("Stored against offered (1 KiB, file storage, nats-server " + serverVersion + ")", "stored msgs/s");
        addSeries(chart, headline, LatencyPoint::achievedPerSecond);
        final DoubleSummaryStatistics offered = stats(headline, LatencyPoint::targetPerSecond);
        if (offered.getCount() > 0 && offered.getMax() > 0)
        {
            final double maxOffered = offered.getMax();
            final XYSeries line = chart.addSeries("offered", new double[] {0, maxOffered}, new double[] {0, maxOffered});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.GRAY);
            line.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        }
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static XYChart latency(final Headline headline, final String serverVersion)
    {
        final XYChart chart = chart("p99 ingest to ack against offered load (log scale)", "p99 ms");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        final ToDoubleFunction<LatencyPoint> p99 = point -> Math.max(MIN_MS, point.ingestToAck().p99Ns() / 1e6);
        addSeries(chart, headline, p99);
        final DoubleSummaryStatistics range = stats(headline, p99);
        if (range.getCount() > 0)
        {
            // whole decades at both ends, so that the axis labels at least two of them
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(range.getMin()))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(range.getMax()) + 1e-9)));
        }
        return chart;
    }

    /** One series per row that ran open loop: the offered rate across, {@code y} of each point up. */
    private static void addSeries(final XYChart chart, final Headline headline, final ToDoubleFunction<LatencyPoint> y)
    {
        int color = 0;
        for (final Headline.Row row : headline.rows())
        {
            final List<LatencyPoint> points = row.openLoop();
            if (points.isEmpty())
            {
                continue;
            }
            final double[] xs = points.stream().mapToDouble(LatencyPoint::targetPerSecond).toArray();
            final double[] ys = points.stream().mapToDouble(y).toArray();
            style(chart.addSeries(plain(row.label()), xs, ys), COLORS[color++ % COLORS.length]);
        }
    }

    private static DoubleSummaryStatistics stats(final Headline headline, final ToDoubleFunction<LatencyPoint> value)
    {
        return headline.rows().stream().flatMap(row -> row.openLoop().stream()).mapToDouble(value).summaryStatistics();
    }

    private static XYChart chart(final String title, final String yTitle)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(CHART_HEIGHT).title(title)
            .xAxisTitle("offered msgs/s (open loop)").yAxisTitle(yTitle).build();
        final XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        return chart;
    }

    private static void style(final XYSeries series, final Color color)
    {
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(new BasicStroke(2f));
    }

    /** A markdown label without its emphasis and code marks, for the legend. */
    static String plain(final String label)
    {
        return label.replace("**", "").replace("`", "");
    }
}
