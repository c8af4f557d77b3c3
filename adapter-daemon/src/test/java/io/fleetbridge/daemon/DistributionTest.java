package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the files under {@code dist/} to the code: the example configuration parses, the dashboard names real metrics,
 * and the launcher starts a JVM that accepts its options.
 */
class DistributionTest
{
    private static final Path DIST = Path.of(System.getProperty("fleetbridge.configurationDoc", "../docs/configuration.md"))
        .toAbsolutePath().normalize().getParent().resolveSibling("dist");

    @Test
    void shouldShipAnExampleConfigurationTheDaemonAccepts()
    {
        final DaemonConfig config = DaemonConfig.load(DIST.resolve("config/fleetbridge.conf"));
        assertEquals("discovery", config.adapters().get(0).name());
        assertTrue(config.tls().isPresent());
    }

    @Test
    void shouldChartOnlyMetricsTheDaemonExports() throws IOException
    {
        final String dashboard = Files.readString(DIST.resolve("grafana/fleetbridge-dashboard.json"), StandardCharsets.UTF_8);
        final String exported = PrometheusText.render(java.util.List.of(new io.fleetbridge.adapter.AdapterMetrics("a")), "i")
            + FleetMetricsText.render(java.util.List.of(new FleetView("a", "t.%s", java.util.List.of(), new io.fleetbridge.fleet.FleetSettings(
                1_000, 2_000, 1_000, "", 16), "i", b -> b)), "i");
        final Matcher metric = Pattern.compile("choria_adapter_[a-z_]+").matcher(dashboard);
        int found = 0;
        while (metric.find())
        {
            found++;
            final String name = metric.group();
            assertTrue(exported.contains("\n" + name + "{") || exported.contains("# TYPE " + name.replaceAll("_bucket$", "") + " "),
                () -> "the dashboard charts " + name + ", which the daemon does not export");
        }
        assertTrue(found > 10, "the dashboard charts the adapter metrics");
    }

    @Test
    void shouldLaunchWithG1AndAShortPauseGoalByDefault(@TempDir final Path dir) throws Exception
    {
        final List<String> args = launch(dir, null);
        assertTrue(args.contains("-XX:+UseG1GC") && args.contains("-XX:MaxGCPauseMillis=5"), () -> "launched with " + args);
        assertEquals(args.size() - 3, args.indexOf("-jar"), () -> "the jar and its command last: " + args);
        assertEquals("version", args.get(args.size() - 1));
        assertJvmAccepts(args);
    }

    @Test
    void shouldLeaveTheCollectorToJavaOptsWhenTheyNameOne(@TempDir final Path dir) throws Exception
    {
        final List<String> args = launch(dir, "-XX:+UseSerialGC -Xmn64m");
        assertTrue(args.contains("-XX:+UseSerialGC") && args.contains("-Xmn64m"), () -> "launched with " + args);
        assertFalse(args.contains("-XX:+UseG1GC"), () -> "launched with two collectors, which the JVM refuses: " + args);
        assertJvmAccepts(args);
    }

    /** Runs bin/fleetbridge with a stand-in java that prints its arguments, one per line. */
    private static List<String> launch(final Path dir, final String javaOpts) throws Exception
    {
        final Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        final Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        final ProcessBuilder builder = new ProcessBuilder("sh", DIST.resolve("bin/fleetbridge").toString(), "version")
            .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null)
        {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return List.of(out.split("\n"));
    }

    /** The JVM options the launcher chose, before -jar, given to this test's own java with -version. */
    private static void assertJvmAccepts(final List<String> args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args.subList(0, args.indexOf("-jar")));
        command.add("-version");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + ": " + out);
    }
}
