package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.adapter.StreamContents;
import io.fleetbridge.adapter.TestMessages;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /fleet} page in a real headless browser (Debian's {@code chromium}, or the one named
 * by {@code CHROMIUM}): the DOM the browser built shows the counts, the chart and the silent
 * nodes, and a screenshot is left at {@code target/fleet-page.png} and named in the output.
 * Skipped, saying why, where no chromium is installed.
 */
@SuppressWarnings("try")
class FleetPageBrowserTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOT = Paths.get("target", "fleet-page.png").toAbsolutePath();

    @Test
    void shouldShowTheCountsTheChartAndTheSilentNodesInABrowser(@TempDir final Path dir) throws Exception
    {
        final Optional<Path> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(),
            "no chromium found (CHROMIUM, or chromium on the PATH): install Debian's chromium package (apt-get install chromium) "
                + "to test the /fleet page in a browser");
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final int statsPort = freePort();
        // expired only after a minute: the ten silent nodes stay late however long chromium takes to start; late
        // after 8 s, so that the thirty registering every 500 ms stay alive through a stall while chromium takes the CPU
        final Map<String, String> keys = DaemonFleetTest.fleetKeys(NATS.url(), "browser-test", id, statsPort, "60s");
        keys.put("plugin.choria.adapter.reg.fleet.warn_duration", "8s");
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, "REG_" + id, "out." + id + ".>");
            try (Daemon daemon = Daemon.start(DaemonConfig.parse(keys)))
            {
                final FleetView view = daemon.fleetViews().get(0);
                Deadline.await(WAIT, "ready and rebuilt", () -> daemon.problems().isEmpty() && view.snapshot().rebuilt());
                register(nc, id, 0, 40);
                Deadline.await(WAIT, "40 nodes late", () -> view.snapshot().late() == 40);
                // the thirty keep registering, as a live fleet does, so that they are still alive when the browser asks
                final ScheduledExecutorService fleet = Executors.newSingleThreadScheduledExecutor();
                fleet.scheduleWithFixedDelay(() -> register(nc, id, 0, 30), 0, 500, TimeUnit.MILLISECONDS);
                try
                {
                    Deadline.await(WAIT, "30 alive again, 10 late", () -> view.snapshot().alive() == 30 && view.snapshot().late() == 10);
                    checkPage(dir, chromium.get(), "http://127.0.0.1:" + statsPort + "/fleet");
                }
                finally
                {
                    fleet.shutdownNow();
                }
            }
        }
    }

    /** The page as headless chromium builds it: the counts, a bar per age bucket and the ten silent nodes; then a screenshot. */
    private static void checkPage(final Path dir, final Path chromium, final String url) throws Exception
    {
        final String dom = run(dir, chromium, "--dump-dom", url);
        assertTrue(dom.contains("<td class=\"n\" id=\"known\">40</td>"), dom);
        assertTrue(dom.contains("<td class=\"n alive\" id=\"alive\">30</td>"), dom);
        assertTrue(dom.contains("<td class=\"n late\" id=\"late\">10</td>"), dom);
        final Matcher svg = Pattern.compile("<svg id=\"ages\"[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(svg.find(), dom);
        assertEquals(FleetPage.buckets(), count(svg.group(1), "<rect "), "one bar per age bucket");
        final Matcher silent = Pattern.compile("<td>n(3[0-9])\\.example\\.net</td><td class=\"late\">late</td>").matcher(dom);
        int rows = 0;
        while (silent.find())
        {
            rows++;
        }
        assertEquals(10, rows, "the ten silent nodes are listed: " + dom);

        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        run(dir, chromium, "--screenshot=" + SCREENSHOT, url);
        assertTrue(Files.size(SCREENSHOT) > 5_000, "a screenshot with something in it");
        assertEquals(1000, pngWidth(SCREENSHOT));
        System.out.println("screenshot of the /fleet page: " + SCREENSHOT);
    }

    private static void register(final Connection nc, final String id, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            nc.publish("in." + id, TestMessages.v1Request("n" + i + ".example.net", UUID.randomUUID().toString().replace("-", ""),
                ("{\"i\":" + i + ",\"facts\":\"" + "x".repeat(i * 10) + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Runs headless chromium on {@code url} and returns what it printed. */
    private static String run(final Path dir, final Path chromium, final String what, final String url) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--window-size=1000,900", what, url));
        final Process process = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        final byte[] out;
        try (InputStream in = process.getInputStream())
        {
            out = in.readAllBytes();
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + log(dir));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String log(final Path dir)
    {
        try
        {
            return Files.readString(dir.resolve("chromium.log"));
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    static Optional<Path> chromium()
    {
        final String named = System.getenv("CHROMIUM");
        if (named != null && !named.isBlank())
        {
            // a CHROMIUM that names nothing runnable skips the test rather than looking elsewhere
            return Files.isExecutable(Paths.get(named)) ? Optional.of(Paths.get(named)) : Optional.empty();
        }
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            for (final String name : new String[] {"chromium", "chromium-browser"})
            {
                final Path candidate = Paths.get(dir, name);
                if (Files.isExecutable(candidate))
                {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static int count(final String text, final String needle)
    {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        {
            n++;
        }
        return n;
    }

    private static int pngWidth(final Path png) throws IOException
    {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(png)))
        {
            in.skipNBytes(16);
            return in.readInt();
        }
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
