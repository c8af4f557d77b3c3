package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped with SIGTERM (what Ctrl-C is passed on as by the quickstart, and what a supervisor
 * sends) still reports, and exits with its verdict: 1 here, as nothing lands without an adapter.
 * The JVM's own exit status after a signal would be 143 whatever the report said.
 */
class StopSignalTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    void shouldExitWithTheVerdictWhenStoppedBySigterm(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process run = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "--servers", NATS.url(), "--subject", "in.stop", "--stream-servers", NATS.url(), "--stream", "STOP",
            "--topic", "out.stop.%s", "--create-stream", "--nodes", "1000", "--schedule", "rate", "--rate", "200",
            "--duration", "120s"))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try
        {
            Deadline.await(Duration.ofSeconds(60), "the run sending (its progress line)", () -> read(err).contains("sent "));
            run.destroy();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "the report within the grace");
        }
        finally
        {
            run.destroyForcibly();
        }
        final String report = read(out);
        assertTrue(report.contains("(stopped early)"), report);
        assertTrue(report.contains("result:          FAIL"), report);
        assertEquals(1, run.exitValue(), "the verdict, not the signal's 143: " + report);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            return "";
        }
    }
}
