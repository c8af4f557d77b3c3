package io.fleetbridge.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.HdrHistogram.Histogram;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run as one PNG: on top the latency by percentile (log scale of {@code 1/(1-p)}, so the
 * tail from p90 to p99.99 gets the room it deserves), below the send and landing rates over time
 * with p50 and p99 latency per second on a second axis (and, with churn, where the nodes stopped
 * and returned).
 *
 * <p>Uses AWT headless; called once after a run.
 */
final class LatencyPlot
{
    static final int WIDTH = 1200;
    /** Left and right margin of the header text, and space above and below it. */
    static final int MARGIN = 16;
    static final int TEXT_WIDTH = WIDTH - 2 * MARGIN;
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font SUMMARY_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final int CHART_HEIGHT = 520;
    private static final int CURVE_POINTS = 400;
    private static final Color SENT = new Color(0x1F77B4);
    private static final Color LANDED = new Color(0x2CA02C);
    private static final Color P50 = new Color(0xFF7F0E);
    private static final Color P99 = new Color(0xD62728);

    private LatencyPlot()
    {
    }

    static void write(final LoadReport report, final Path file) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage top = BitmapEncoder.getBufferedImage(percentileChart(report));
        final BufferedImage bottom = BitmapEncoder.getBufferedImage(timelineChart(report));
        final List<String> title = wrap(TITLE_FONT, report.description(), TEXT_WIDTH);
        final List<String> summary = wrap(SUMMARY_FONT, summary(report), TEXT_WIDTH);
        final int titleLine = lineHeight(TITLE_FONT);
        final int summaryLine = lineHeight(SUMMARY_FONT);
        final int header = MARGIN + title.size() * titleLine + summary.size() * summaryLine + MARGIN;
        final BufferedImage image = new BufferedImage(WIDTH, header + top.getHeight() + bottom.getHeight(),
            BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int y = MARGIN;
        g.setColor(new Color(0x222222));
        g.setFont(TITLE_FONT);
        for (final String line : title)
        {
            y += titleLine;
            g.drawString(line, MARGIN, y - g.getFontMetrics().getDescent());
        }
        g.setFont(SUMMARY_FONT);
        g.setColor(report.passed() ? new Color(0x1B7F2A) : new Color(0xB00020));
        for (final String line : summary)
        {
            y += summaryLine;
            g.drawString(line, MARGIN, y - g.getFontMetrics().getDescent());
        }
        g.drawImage(top, 0, header, null);
        g.drawImage(bottom, 0, header + top.getHeight(), null);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * The text in lines no wider than {@code width} pixels in {@code font}, broken at spaces (a word
     * wider than a line at a character): the whole description is shown, never cut.
     */
    static List<String> wrap(final Font font, final String text, final int width)
    {
        final FontMetrics metrics = metrics(font);
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String word : text.split(" "))
        {
            final String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width)
            {
                line = new StringBuilder(candidate);
                continue;
            }
            if (line.length() > 0)
            {
                lines.add(line.toString());
            }
            line = new StringBuilder();
            for (final char c : word.toCharArray())
            {
                if (line.length() > 0 && metrics.stringWidth(line.toString() + c) > width)
                {
                    lines.add(line.toString());
                    line = new StringBuilder();
                }
                line.append(c);
            }
        }
        if (line.length() > 0 || lines.isEmpty())
        {
            lines.add(line.toString());
        }
        return lines;
    }

    static FontMetrics metrics(final Font font)
    {
        final Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try
        {
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return g.getFontMetrics(font);
        }
        finally
        {
            g.dispose();
        }
    }

    private static int lineHeight(final Font font)
    {
        return metrics(font).getHeight() + 2;
    }

    private static String summary(final LoadReport r)
    {
        return String.format(Locale.ROOT,
            "%s   sent %d  landed %d  missing %d  dup %d  corrupt %d  late %d   p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms",
            r.passed() ? "PASS" : "FAIL", r.sent(), r.landed(), r.missing(), r.duplicates(), r.corrupted(), r.late(),
            nz(r.percentileMs(50)), nz(r.percentileMs(99)), nz(r.percentileMs(99.9)), nz(r.maxMs()));
    }

    private static double nz(final double v)
    {
        return Double.isNaN(v) ? 0 : v;
    }

    static XYChart percentileChart(final LoadReport report)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(CHART_HEIGHT)
            .title("Latency by percentile (scheduled send -> read back from the stream)")
            .xAxisTitle("percentile").yAxisTitle("latency ms").build();
        final XYStyler styler = style(chart);
        // x is the number of nines, log10(1 / (1 - p)): 1 is p90, 2 is p99, 3 is p99.9
        styler.setXAxisMin(0.0);
        styler.setxAxisTickLabelsFormattingFunction(LatencyPlot::percentileLabel);
        styler.setLegendVisible(false);
        final Histogram h = report.latencyUs();
        final List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() > 0)
        {
            // sample the distribution evenly in nines, so the curve passes through the marked percentiles
            final double maxNines = Math.max(1, Math.log10(h.getTotalCount()));
            for (int i = 0; i <= CURVE_POINTS; i++)
            {
                final double x = maxNines * i / CURVE_POINTS;
                points.add(new double[] {x, h.getValueAtPercentile(100.0 - 100.0 * Math.pow(10, -x)) / 1000.0});
            }
            points.add(new double[] {maxNines, h.getMaxValue() / 1000.0});
        }
        else
        {
            points.add(new double[] {0, 0});
            points.add(new double[] {1, 0});
        }
        final XYSeries series = chart.addSeries("latency", column(points, 0), column(points, 1));
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(P99);
        series.setLineStyle(new BasicStroke(2.5f));
        if (h.getTotalCount() > 0)
        {
            // the numbers people ask for, marked on the curve
            final double[] marks = {50, 90, 99, 99.9};
            final List<double[]> dots = new ArrayList<>();
            for (final double p : marks)
            {
                if (nines(p) <= Math.log10(Math.max(10, h.getTotalCount())))
                {
                    final double y = h.getValueAtPercentile(p) / 1000.0;
                    dots.add(new double[] {nines(p), y});
                    chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "p%s %s ms",
                        p == Math.rint(p) ? String.valueOf((int)p) : String.valueOf(p), ms(y)), nines(p),
                        labelY(y, h.getMaxValue() / 1000.0), false));
                }
            }
            final XYSeries marked = chart.addSeries("percentiles", column(dots, 0), column(dots, 1));
            marked.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marked.setMarker(SeriesMarkers.CIRCLE);
            marked.setMarkerColor(new Color(0x222222));
        }
        return chart;
    }

    private static String ms(final double value)
    {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value);
    }

    /** Above the point, or below it near the top where the label would run into the title. */
    private static double labelY(final double y, final double maxY)
    {
        return y < 0.85 * maxY ? y + 0.06 * maxY : y - 0.06 * maxY;
    }

    static double nines(final double percentile)
    {
        return Math.log10(100.0 / (100.0 - percentile));
    }

    static String percentileLabel(final double nines)
    {
        if (Math.abs(nines - Math.rint(nines)) > 1e-9)
        {
            return " ";
        }
        final double p = 100.0 * (1.0 - Math.pow(10, -nines));
        final int decimals = Math.max(1, (int)Math.ceil(nines) - 1);
        String text = String.format(Locale.ROOT, "%." + decimals + "f", p);
        text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }

    static XYChart timelineChart(final LoadReport report)
    {
        final FleetChurn churn = report.churn();
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(CHART_HEIGHT)
            .title("Throughput and latency over time" + (churn == null ? "" : churnTitle(churn)))
            .xAxisTitle("seconds since start").yAxisTitle("msgs/s").build();
        final XYStyler styler = style(chart);
        if (churn != null)
        {
            // the churn window as grey lines: the dip in sent/s between them is the stopped nodes, not the system
            styler.setAnnotationLineColor(new Color(0x888888));
            styler.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {3f, 3f}, 0f));
            chart.addAnnotation(new AnnotationLine(churn.stopAt().toNanos() / 1e9, true, false));
            if (churn.returnAt() != null)
            {
                chart.addAnnotation(new AnnotationLine(churn.returnAt().toNanos() / 1e9, true, false));
            }
        }
        styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        styler.setYAxisMin(0, 0.0);
        styler.setYAxisMin(1, 0.0);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setXAxisDecimalPattern("#,##0.#");
        chart.setYAxisGroupTitle(0, "msgs/s");
        chart.setYAxisGroupTitle(1, "latency ms (of what landed that second)");
        final List<Timeline.Sample> samples = report.timeline();
        final List<double[]> sent = new ArrayList<>();
        final List<double[]> landed = new ArrayList<>();
        final List<double[]> p50 = new ArrayList<>();
        final List<double[]> p99 = new ArrayList<>();
        for (final Timeline.Sample s : samples)
        {
            sent.add(new double[] {s.elapsedS(), s.sentPerS()});
            landed.add(new double[] {s.elapsedS(), s.landedPerS()});
            if (!Double.isNaN(s.p99Ms()))
            {
                p50.add(new double[] {s.elapsedS(), s.p50Ms()});
                p99.add(new double[] {s.elapsedS(), s.p99Ms()});
            }
        }
        line(chart, "sent/s", sent, SENT, 0, false);
        line(chart, "landed/s", landed, LANDED, 0, false);
        line(chart, "p50 ms", p50, P50, 1, true);
        line(chart, "p99 ms", p99, P99, 1, true);
        return chart;
    }

    private static String churnTitle(final FleetChurn churn)
    {
        return String.format(Locale.ROOT, " (grey lines: %d nodes stop at %s%s)", churn.stoppedNodes(),
            DurationText.format(churn.stopAt()),
            churn.returnAt() == null ? "" : ", return at " + DurationText.format(churn.returnAt()));
    }

    private static void line(final XYChart chart, final String name, final List<double[]> points, final Color color,
        final int axis, final boolean dashed)
    {
        final List<double[]> data = points.isEmpty() ? List.of(new double[] {0, 0}) : points;
        final XYSeries series = chart.addSeries(name, column(data, 0), column(data, 1));
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(dashed
            ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 4f}, 0f)
            : new BasicStroke(2.5f));
        series.setYAxisGroup(axis);
    }

    private static XYStyler style(final XYChart chart)
    {
        final XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        // below the plot, in one row: inside it, the legend hid the rate lines where they run flat at the top
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(new Color(0xCCCCCC));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        return styler;
    }

    private static double[] column(final List<double[]> points, final int index)
    {
        final double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = points.get(i)[index];
        }
        return out;
    }
}
