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

import io.fleetbridge.adapter.AdapterConfig;

/**
 * Holds the files under {@code dist/} to the code: the example configuration parses, the dashboard names real metrics,
 * and the launcher starts a JVM that accepts its options.
 */
class DistributionTest
{
    private static final Path DIST = Path.of(System.getProperty("fleetbridge.configurationDoc", "../docs/configuration.md"))
        .toAbsolutePath().normalize().getParent().resolveSibling("dist");

    /** The file the unit, the README and the examples all run from: the Choria Broker's own. */
    private static final String BROKER_CONF = "/etc/choria/broker.conf";

    @Test
    void shouldShipAnExampleConfigurationTheDaemonAccepts()
    {
        final Path example = DIST.resolve("config/broker.conf.example");
        // read as on a broker host: the example beside plugin.d/fleetbridge.cfg (a home that covers neither)
        final DaemonConfig config = DaemonConfig.parse(ConfigFile.read(example, "/nonexistent-home"), "h", example);
        assertEquals("discovery", config.adapters().get(0).name());
        assertTrue(config.tls().isPresent());
        // fleetbridge's own log file and port, not the broker's: the broker's file names the broker's
        assertEquals(8223, config.statsPort());
        assertEquals("/var/log/fleetbridge/fleetbridge.log", config.logFile());
    }

    @Test
    void shouldTellOneStoryOfWhereTheConfigurationIs() throws IOException
    {
        final String unit = Files.readString(DIST.resolve("systemd/fleetbridge.service"), StandardCharsets.UTF_8);
        final String readme = Files.readString(DIST.resolveSibling("README.md"), StandardCharsets.UTF_8);
        final String plugin = Files.readString(DIST.resolve("config/plugin.d/fleetbridge.cfg"), StandardCharsets.UTF_8);

        assertTrue(unit.contains("Environment=FLEETBRIDGE_CONFIG=" + BROKER_CONF + "\n"), unit);
        assertTrue(unit.contains("ExecStart=/opt/fleetbridge/bin/fleetbridge run --config ${FLEETBRIDGE_CONFIG}\n"), unit);
        assertTrue(unit.contains("ExecStartPre=/opt/fleetbridge/bin/fleetbridge check --offline --config ${FLEETBRIDGE_CONFIG}\n"), unit);
        assertTrue(readme.contains("--config " + BROKER_CONF), "the README runs from the broker's file");
        assertTrue(plugin.contains("/etc/choria/plugin.d/fleetbridge.cfg"), plugin);
        assertTrue(unit.contains("config/plugin.d/fleetbridge.cfg to /etc/choria/plugin.d/"), unit);
        // the unit may write only its LogsDirectory: the shipped log file must lie there
        assertTrue(unit.contains("LogsDirectory=fleetbridge\n") && plugin.contains("logfile = /var/log/fleetbridge/"), plugin);
        for (final Path file : List.of(DIST.resolve("systemd/fleetbridge.service"), DIST.resolve("config/broker.conf.example"),
            DIST.resolve("config/plugin.d/fleetbridge.cfg"), DIST.resolve("bin/fleetbridge"), DIST.resolveSibling("README.md")))
        {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            assertFalse(text.contains("/etc/fleetbridge/fleetbridge.conf"), () -> file + " tells the other story");
        }
    }

    /** ProtectSystem=strict leaves the unit its state directory alone to write: where fleet.state_file is told to go. */
    @Test
    void shouldLetTheShippedUnitWriteTheStateFileWhereTheKeySaysToPutIt() throws IOException
    {
        final String unit = Files.readString(DIST.resolve("systemd/fleetbridge.service"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("\nStateDirectory=fleetbridge\n") && unit.contains("\nProtectSystem=strict\n"), unit);
        assertTrue(ConfigKeys.FLEET_STATE_FILE.meaning().contains("`/var/lib/fleetbridge/<adapter>.fleet`"),
            ConfigKeys.FLEET_STATE_FILE.meaning());
    }

    @Test
    void shouldGiveEveryShippedDrainTheTimeTheShippedUnitAllowsAStop() throws IOException
    {
        final String unit = Files.readString(DIST.resolve("systemd/fleetbridge.service"), StandardCharsets.UTF_8);
        final Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
        assertTrue(stop.find(), "the unit sets TimeoutStopSec");
        assertEquals(StopTimeout.SHIPPED_UNIT_MS / 1000, Long.parseLong(stop.group(1)),
            "check warns against the TimeoutStopSec of the shipped unit: keep StopTimeout.SHIPPED_UNIT_MS equal to it");
        final DaemonConfig config = DaemonConfig.load(DIST.resolve("config/broker.conf.example"));
        for (final AdapterConfig adapter : config.adapters())
        {
            assertEquals(null, StopTimeout.warning(adapter), "the shipped configuration drains within the shipped unit's stop timeout");
        }
        assertEquals(null, StopTimeout.warning(AdapterConfig.builder("default").streamServers(List.of("nats://s:4222"))
            .ingestServers(List.of("nats://i:4222")).ingestTopic("t").build()), "the default drain_timeout fits");
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
        assertTrue(args.contains("-XX:+ExitOnOutOfMemoryError"), () -> "an OutOfMemoryError ends the daemon: " + args);
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

    @Test
    void shouldRestartTheDaemonAfterItExitsOnAnOutOfMemoryError() throws IOException
    {
        final String unit = Files.readString(DIST.resolve("systemd/fleetbridge.service"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("ExecStart=/opt/fleetbridge/bin/fleetbridge run"), "the unit starts the daemon through the launcher");
        assertTrue(unit.contains("\nRestart=on-failure\n"), "and restarts it when it exits non-zero");
    }

    /** An older runtime would only say UnsupportedClassVersionError; the launcher names the version and the fix. */
    @Test
    void shouldRefuseAJavaOlderThan17ByName(@TempDir final Path dir) throws Exception
    {
        // read from the runtime's release file, without starting it
        final Path jdk11 = dir.resolve("jdk11");
        stubJava(jdk11, "echo started");
        Files.writeString(jdk11.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.21\"\n", StandardCharsets.US_ASCII);
        assertRefused(jdk11, "Java 11.0.21");
        // without a release file, from what the runtime says
        final Path jdk8 = dir.resolve("jdk8");
        stubJava(jdk8, "echo 'java version \"1.8.0_292\"' >&2");
        assertRefused(jdk8, "Java 1.8.0_292");
    }

    private static void stubJava(final Path jdk, final String body) throws IOException
    {
        final Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void shouldFindItsReleaseWhenRunThroughASymbolicLink(@TempDir final Path dir) throws Exception
    {
        // an operator links it onto PATH: the jar is where the link points, not beside the link
        stubJava(dir.resolve("jdk"), "for a in \"$@\"; do echo \"$a\"; done");
        final Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("usr/local/bin")).resolve("fleetbridge"),
            DIST.resolve("bin/fleetbridge").toAbsolutePath());
        final Launched launched = run(link, dir.resolve("jdk"), null);
        assertEquals(0, launched.exit(), launched.out());
        final List<String> args = List.of(launched.out().split("\n"));
        assertEquals(DIST.toRealPath().resolve("lib/adapter-daemon.jar").toString(), args.get(args.indexOf("-jar") + 1), launched.out());
    }

    /** Runs {@code bin/fleetbridge version} with {@code jdk} as JAVA_HOME and {@code javaOpts} (or none) as JAVA_OPTS. */
    private static Launched run(final Path jdk, final String javaOpts) throws Exception
    {
        return run(DIST.resolve("bin/fleetbridge"), jdk, javaOpts);
    }

    private static Launched run(final Path launcher, final Path jdk, final String javaOpts) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "version")
            .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null)
        {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Launched(process.exitValue(), out);
    }

    private record Launched(int exit, String out)
    {
    }

    private static void assertRefused(final Path jdk, final String version) throws Exception
    {
        final Launched launched = run(jdk, null);
        assertEquals(1, launched.exit(), launched.out());
        assertTrue(launched.out().contains("is " + version + "; Java 17 or newer is needed: install it, or set JAVA_HOME to it"),
            launched.out());
        assertFalse(launched.out().contains("started"), "the old runtime is not run: " + launched.out());
    }

    /** Runs bin/fleetbridge with a stand-in java that prints its arguments, one per line. */
    private static List<String> launch(final Path dir, final String javaOpts) throws Exception
    {
        stubJava(dir.resolve("jdk"), "for a in \"$@\"; do echo \"$a\"; done");
        final Launched launched = run(dir.resolve("jdk"), javaOpts);
        assertEquals(0, launched.exit(), launched.out());
        return List.of(launched.out().split("\n"));
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
