package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorPageTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final Footprint BASELINE = new Footprint(50_000_000, 400_000_000);
    private static final OperatorPage.Context CONTEXT = new OperatorPage.Context("scripts/bench --quick", "2026-12-05T12:00:00Z",
        "2.15.1", "2 cores (test CPU)", "closed loop one round.");

    /** One second measured: {@code landed} stored, the JVM at {@code jvmCores} of which the source {@code sourceCores}. */
    static CellResult cell(final String name, final CellResult.Kind kind, final long landed, final double jvmCores,
        final double sourceCores, final double serverCores, final String note)
    {
        return new CellResult(name, kind, landed, new CpuMeter.Window(SECOND_NS, (long)(jvmCores * SECOND_NS),
            (long)(sourceCores * SECOND_NS), (long)(serverCores * SECOND_NS), 0, 0, 0, 0, 0), 1024, landed * 2, landed * 2, 0, note,
            new Footprint(BASELINE.heapLiveBytes() + 70_000_000, 900_000_000));
    }

    private static LatencyPoint point(final String name, final double fraction, final long target, final long achieved,
        final long p99Ns, final Map<DropReason, Long> drops)
    {
        final LatencySummary latency = new LatencySummary(achieved, p99Ns / 4, p99Ns, p99Ns * 2, p99Ns * 3);
        final long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
        return new LatencyPoint(name, fraction, target, achieved, target, new CpuMeter.Window(SECOND_NS, 0, 0, 0, 0, 0, 0, 0, 0),
            latency, latency, LatencySummary.EMPTY, drops, target * 2, target * 2 - dropped, "");
    }

    private static List<LatencyPoint> points(final String name, final long p99At90Ns, final Map<DropReason, Long> dropsAt90)
    {
        return List.of(point(name, 0.25, 20_000, 20_000, 1_000_000, Map.of()),
            point(name, 0.5, 40_000, 40_000, 2_500_000, Map.of()),
            point(name, 0.9, 72_000, dropsAt90.isEmpty() ? 72_000 : 60_000, p99At90Ns, dropsAt90));
    }

    /** (b) 100k, the same-work bridge 80k, the adapter 76k, go-core 40k msgs/s; the adapter dropped at 90%. */
    static Headline headline()
    {
        return new Headline(List.of(
            new Headline.Row("b", "(b) minimal bridge", cell("b", CellResult.Kind.BRIDGE_CEILING, 100_000, 0.8, 0.1, 0.95, ""),
                points("b", 4_000_000, Map.of())),
            new Headline.Row("b-envelopes", "same-work bridge (`b-envelopes`)",
                cell("b-envelopes", CellResult.Kind.MEASURED, 80_000, 0.6, 0.1, 0.96, ""), points("b-envelopes", 5_000_000, Map.of())),
            new Headline.Row("adapter", "**adapter (ours)**", cell("adapter", CellResult.Kind.MEASURED, 76_000, 0.86, 0.1, 0.95, ""),
                points("adapter", 12_340_000, Map.of(DropReason.QUEUE_FULL, 1234L))),
            new Headline.Row("go-core", "Go design, core publish (`go-core`)",
                cell("go-core", CellResult.Kind.MEASURED, 40_000, 1.0, 0.1, 0.9, "dropped queue_full=9"), List.of())),
            80_000, 1, BASELINE, 3412);
    }

    @Test
    void shouldOpenWithOneTableOfEveryVariantAgainstBothBridges()
    {
        final String page = OperatorPage.render(headline(), CONTEXT, "benchmarks-load.png", null, null, List.of(), "Run took 150 s.");

        assertTrue(page.startsWith("# Benchmarks\n"), page);
        assertTrue(page.contains("**nats-server 2.15.1** · `scripts/bench --quick`"), page);
        assertTrue(page.contains("| nats-server 2.15.1 | stored msgs/s | ÷ same-work bridge | ÷ (b) | JVM µs/msg | server µs/msg"
            + " | p99 ms at 25% | at 50% | at 90% | heap MB | RSS MB |"), page);
        // CPU per message without the source: (0.86 - 0.10) cores / 76,000 msgs/s = 10.0 µs; server 0.95 / 76,000 = 12.5 µs
        assertTrue(page.contains("| **adapter (ours)** | 76,000 | 0.95 | 0.76 | 10.0 | 12.5 | 1.00 | 2.50 | 12.34 ⚠ | 70 | 900 |"),
            page);
        assertTrue(page.contains("| (b) minimal bridge | 100,000 | 1.25 | 1.00 | 7.0 | 9.5 | 1.00 | 2.50 | 4.00 | 70 | 900 |"), page);
        assertTrue(page.contains("| same-work bridge (`b-envelopes`) | 80,000 | 1.00 | 0.80 |"), page);
        // the Go design acknowledges nothing, so it has no latency to show
        assertTrue(page.contains("| Go design, core publish (`go-core`) | 40,000 | 0.50 | 0.40 | 22.5 | 22.5 | – | – | – |"), page);
        assertTrue(page.contains("⚠ **adapter (ours)** at 90%: stored 60,000 of 72,000 msgs/s offered, dropped queue_full 1,234"), page);
        assertTrue(page.contains("Go design, core publish (`go-core`), closed loop: dropped queue_full=9"), page);
        assertTrue(page.contains("![Stored msgs/s and p99 against offered load, nats-server 2.15.1](benchmarks-load.png)"), page);
        assertTrue(page.contains("[benchmarks-method.md](benchmarks-method.md)"), page);
        assertFalse(page.contains("## Other sizes"), "a quick page has the headline alone");
        assertFalse(page.contains("## Scaling"), "a quick page has the headline alone");
        assertFalse(page.contains("## 14 KiB"), "a quick page has the headline alone");
    }

    @Test
    void shouldStayUnderOneHundredAndFiftyLinesWithEveryTableOfAFullRun()
    {
        final List<String> tables = new ArrayList<>();
        for (final RigOptions.Group group : RigOptions.parse().plan())
        {
            final List<CellResult> rows = new ArrayList<>();
            for (final String name : RigOptions.parse().variantsFor(group))
            {
                rows.add(cell(name, ThroughputRig.kind(name), 50_000, 0.9, 0.1, 0.95, "JIT compiling in the window (0.06 cores)"));
            }
            tables.add(ResultTable.render(group.title() + ", nats-server 2.15.1", rows));
        }

        final String page = OperatorPage.render(headline(), CONTEXT, "benchmarks-load.png",
            LargeRegistrationsTest.large().render("2.15.1"), ScalingTest.scaling().render("2.15.1"),
            tables, "Run took 800 s.");

        final long lines = page.lines().count();
        assertTrue(lines < OperatorPage.MAX_LINES, lines + " lines:\n" + page);
        assertTrue(page.contains("## Scaling: publishers and adapters in one daemon"), page);
        assertTrue(page.indexOf("## 14 KiB registrations") > page.indexOf("benchmarks-load.png")
            && page.indexOf("## 14 KiB registrations") < page.indexOf("## Scaling"), "the second size right under the headline");
        assertTrue(page.indexOf("## Scaling") < page.indexOf("## Other sizes"), "the broker's sizing before the detail tables");
        assertTrue(page.contains("## Other sizes, storage and connections"), page);
        assertTrue(page.contains("### 4096 B envelopes, file storage, 1 publisher connection, nats-server 2.15.1"), page);
    }

    @Test
    void shouldTakeTheVersionFromTheServersVersionLine()
    {
        assertEquals("2.15.1", OperatorPage.serverVersion("nats-server: v2.15.1"));
        assertEquals("2.9.10", OperatorPage.serverVersion("nats-server: v2.9.10\n"));
        assertEquals("unknown", OperatorPage.serverVersion("unknown"));
    }

    @Test
    void shouldDrawThePlotOfStoredAndP99AgainstOfferedLoad(@TempDir final Path dir) throws Exception
    {
        final Path png = dir.resolve("benchmarks-load.png");

        LoadPlot.write(headline(), "2.15.1", png);

        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG");
        assertEquals(LoadPlot.WIDTH, image.getWidth());
        assertEquals(2 * LoadPlot.CHART_HEIGHT, image.getHeight(), "throughput above, p99 below");
    }

    @Test
    void shouldReadTheResidentSetFromProcStatus()
    {
        assertEquals(123_456L * 1024, Footprint.vmRssBytes("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads: 40\n"));
        assertEquals(-1, Footprint.vmRssBytes("Name:\tjava\n"));
        assertEquals(70.0, new Footprint(120_000_000, 0).heapAboveMb(BASELINE), 1e-9);
    }
}
