package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import picocli.CommandLine;

/** The subcommands, against a real nats-server where they connect. */
@SuppressWarnings("try")
class CommandLineTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @TempDir
    Path dir;

    @Test
    void shouldOfferHelpOnEveryCommand()
    {
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        for (final String command : new String[] {"run", "check", "create-stream", "fleet", "version"})
        {
            final StringWriter text = new StringWriter();
            final CommandLine commandLine = Main.commandLine();
            commandLine.setOut(new PrintWriter(text));
            // picocli reports a help text it cannot format on System.err, and prints it raw
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            try
            {
                assertEquals(0, commandLine.execute(command, "--help"), command);
            }
            finally
            {
                System.setErr(stderr);
            }
            assertTrue(text.toString().contains("Usage: adapter-daemon " + command), text::toString);
            assertEquals("", warnings.toString(StandardCharsets.UTF_8), command + " --help formats without a warning");
        }
        final StringWriter top = new StringWriter();
        final CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(top));
        assertEquals(0, commandLine.execute("--help"));
        assertTrue(top.toString().contains("check") && top.toString().contains("version"), top::toString);
    }

    @Test
    void shouldStillTakeConfigWithoutACommandAsRun()
    {
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, Main.commandLine().execute("--config", dir.resolve("missing.conf").toString()));
        }
        finally
        {
            System.setErr(stderr);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("configuration error"), captured::toString);
    }

    @Test
    void shouldReportTheStreamThatCapturesTheOutputAndExitZero() throws Exception
    {
        final String prefix = "check" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(prefix.toUpperCase())
                .subjects(prefix + ".>").storageType(StorageType.Memory).build());
            final Result result = check(config(prefix, "plugin.nats.user = ignored-by-this-server", "plugin.nats.pass = s3cret"));
            assertEquals(0, result.code, result.out);
            assertTrue(result.out.contains("is captured by stream " + prefix.toUpperCase()), result.out);
            // the server's default duplicate window (2 min) is shorter than the default stream.retry_for (5 min):
            // a warning with the fix, not a problem
            assertTrue(result.out.contains("WARNING: adapter reg: stream " + prefix.toUpperCase() + " forgets a Nats-Msg-Id after 120s")
                && result.out.contains("--dupe-window 300s"), result.out);
            assertTrue(result.out.contains("ok: ingest connected"), result.out);
            assertTrue(result.out.contains("plugin.choria.adapter.reg.queue_len = 16384   # default"), result.out);
            assertTrue(result.out.contains("plugin.nats.pass = (set, hidden)"), result.out);
            assertFalse(result.out.contains("s3cret"), "passwords are never printed");
        }
    }

    @Test
    void shouldExitOneWhenNoStreamCapturesTheOutput() throws Exception
    {
        final Path file = config("nostream" + UUID.randomUUID().toString().substring(0, 8));
        final Result result = check(file);
        assertEquals(1, result.code, result.out);
        assertTrue(result.out.contains("PROBLEM: no JetStream stream captures"), result.out);
        assertTrue(result.out.contains("Create it with: fleetbridge create-stream --config " + file + " --adapter reg"), result.out);
    }

    @Test
    void shouldExitOneAndNameTheServerThatCannotBeReached() throws Exception
    {
        final Path file = config("unreachable").resolveSibling("unreachable.conf");
        Files.writeString(file, Files.readString(config("unreachable")).replace(NATS.url(), "nats://127.0.0.1:1"));
        final Result result = check(file);
        assertEquals(1, result.code, result.out);
        assertTrue(result.out.contains("PROBLEM: ingest cannot connect to nats://127.0.0.1:1 ("), result.out);
    }

    /** The client would fail over past a bad second server in silence until the first one fails; check names it now. */
    @Test
    void shouldProbeEachServerOfAList() throws Exception
    {
        final Path good = config("list");
        final Path file = good.resolveSibling("list.conf");
        Files.writeString(file, Files.readString(good).replace("stream.servers = " + NATS.url(),
            "stream.servers = " + NATS.url() + ", nats://127.0.0.1:1"));
        final Result result = check(file);
        assertTrue(result.out.contains("ok: stream connected to " + NATS.url()), result.out);
        assertTrue(result.out.contains("PROBLEM: stream cannot connect to nats://127.0.0.1:1 ("), result.out);
        assertEquals(1, result.out.split("PROBLEM: no JetStream stream", -1).length - 1, "the stream checked once: " + result.out);
        assertEquals(1, result.code, result.out);
    }

    @Test
    void shouldExitTwoNamingAnUnknownKey() throws Exception
    {
        final Result result = check(config("typo", "plugin.choria.adapter.reg.stream.wokers = 2"));
        assertEquals(2, result.code, result.out);
        assertTrue(result.out.contains("plugin.choria.adapter.reg.stream.wokers"), result.out);
        assertTrue(result.out.contains("did you mean plugin.choria.adapter.reg.stream.workers"), result.out);
    }

    @Test
    void shouldExitTwoNamingEveryMistakeOfTheFile() throws Exception
    {
        final Result result = check(config("three", "plugin.choria.adapter.reg.stream.wokers = 2",
            "plugin.choria.adapter.reg.queue_len = many", "logformat = xml"));
        assertEquals(2, result.code, result.out);
        assertEquals(3, result.out.lines().filter(line -> line.startsWith("configuration error: ")).count(), result.out);
        assertTrue(result.out.contains("stream.wokers") && result.out.contains("queue_len") && result.out.contains("logformat"),
            result.out);
    }

    @Test
    void shouldPrintWhereARelativeLogFileIsWritten() throws Exception
    {
        final Result result = check(config("relative", "logfile = fleetbridge.log"), true);
        assertEquals(0, result.code, result.out);
        assertTrue(result.out.contains("logfile = fleetbridge.log   # written to " + dir.toAbsolutePath().resolve("fleetbridge.log")),
            result.out);
    }

    @Test
    void shouldPrintTheVersions()
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, Main.commandLine().execute("version"));
        }
        finally
        {
            System.setOut(stdout);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).startsWith("fleetbridge adapter-daemon "), captured::toString);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("jnats "), captured::toString);
    }

    /** fleet reports configuration errors as the other commands do: one line each, and the adapters there are. */
    @Test
    void shouldReportFleetConfigurationErrorsOneALineAndNameTheAdaptersThereAre() throws Exception
    {
        final ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertEquals(2, FleetCommand.print(config("fleetbad", "loglevel = loud", "plugin.choria.adapter.reg.queue_len = many"),
            null, 5, Duration.ofSeconds(5), new PrintStream(bad, true, StandardCharsets.UTF_8)));
        final List<String> lines = bad.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("configuration error: ") && !line.contains("problems:")), lines::toString);

        final ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        assertEquals(2, FleetCommand.print(config("fleetname"), "nope", 5, Duration.ofSeconds(5),
            new PrintStream(unknown, true, StandardCharsets.UTF_8)));
        assertTrue(unknown.toString(StandardCharsets.UTF_8).contains("no adapter named nope in ")
            && unknown.toString(StandardCharsets.UTF_8).contains("; it has [reg]"), unknown::toString);
    }

    /**
     * A sender is a dotted host name: with %s before the end, the filter's one token never matches one, and fleet
     * printed a fleet of none with exit 0 over a stream full of registrations.
     */
    @Test
    void shouldRefuseToReadAFleetWhoseTopicDoesNotEndInTheSender() throws Exception
    {
        final String prefix = "fl" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(prefix.toUpperCase(Locale.ROOT))
                .subjects(prefix + ".>").storageType(StorageType.Memory).build());
            nc.jetStream().publish(prefix + ".web1.example.net.node_metadata", new byte[] {'{', '}'});
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, FleetCommand.print(config(prefix, "plugin.choria.adapter.reg.stream.topic = " + prefix + ".%s.node_metadata"),
            null, 5, Duration.ofSeconds(5), new PrintStream(out, true, StandardCharsets.UTF_8)));
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("configuration error: the fleet command needs plugin.choria.adapter.reg.stream.topic ending in .%s"),
            printed);
        assertTrue(printed.contains("; it is " + prefix + ".%s.node_metadata"), printed);
    }

    private Path config(final String prefix, final String... extra) throws Exception
    {
        return RegConfigFile.write(dir, NATS.url(), prefix, extra);
    }

    private static Result check(final Path file) throws InterruptedException
    {
        return check(file, false);
    }

    private static Result check(final Path file, final boolean offline) throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = CheckCommand.check(file, offline, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out)
    {
    }
}
