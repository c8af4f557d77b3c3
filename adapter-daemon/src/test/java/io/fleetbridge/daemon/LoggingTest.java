package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;

class LoggingTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Logger LOG = LoggerFactory.getLogger("io.fleetbridge.test");

    @AfterEach
    void backToStandardOutput()
    {
        Logging.configure("info", "");
    }

    @Test
    void shouldWriteIsoTimeLevelThreadLoggerAndMessageToTheFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("daemon.log");
        Logging.configure("warn", file.toString());

        LOG.info("not written at warn");
        LOG.warn("written at warn");
        Logging.configure("info", "");

        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), lines::toString);
        final String pattern = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  \\[" +
            Thread.currentThread().getName() + "\\] io\\.fleetbridge\\.test - written at warn";
        assertTrue(lines.get(0).matches(pattern), lines.get(0));
    }

    @Test
    void shouldAppendToAnExistingFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("daemon.log");
        Files.writeString(file, "earlier line\n");
        Logging.configure("info", file.toString());

        LOG.info("later line");
        Logging.configure("info", "");

        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("earlier line", lines.get(0));
        assertTrue(lines.get(1).endsWith(" - later line"), lines.get(1));
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenAsked(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("daemon.json");
        Logging.configure("info", file.toString(), "json");

        LOG.info("hello \"json\"\nsecond line");
        LOG.warn("careful");
        LOG.error("failed", new IllegalStateException("broken"));
        Logging.configure("info", "");

        // the Choria Broker's log file lines (logrus' JSONFormatter): keys sorted, level, msg and time as logrus writes them
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), lines::toString);
        final String time = "\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)\"";
        assertTrue(lines.get(0).matches("\\{\"component\":\"test\",\"level\":\"info\",\"msg\":\"hello \\\\\"json\\\\\"\\\\nsecond line\","
            + "\"thread\":\"[^\"]+\"," + time + "}"), lines.get(0));
        assertTrue(lines.get(1).contains("\"level\":\"warning\",\"msg\":\"careful\""), lines.get(1));
        assertTrue(lines.get(2).startsWith("{\"component\":\"test\",\"error\":\"java.lang.IllegalStateException: broken\","
            + "\"level\":\"error\",\"msg\":\"failed\",\"stack\":\"java.lang.IllegalStateException: broken\\n\\tat "), lines.get(2));
        assertTrue(lines.get(2).contains("\",\"thread\":\""), lines.get(2));
    }

    @Test
    void shouldMapChoriaLevels()
    {
        Logging.configure("debug", "");
        assertTrue(LOG.isDebugEnabled());
        Logging.configure("info", "");
        assertFalse(LOG.isDebugEnabled());
        assertTrue(LOG.isInfoEnabled());
        Logging.configure("fatal", "");
        assertFalse(LOG.isWarnEnabled());
        assertTrue(LOG.isErrorEnabled());
    }

    @Test
    void shouldRefuseAFileItCannotWrite(@TempDir final Path dir)
    {
        final String path = dir.resolve("missing-dir").resolve("daemon.log").toString();

        final ConfigException ex = assertThrows(ConfigException.class, () -> Logging.configure("info", path));
        assertTrue(ex.getMessage().startsWith("logfile = \"" + path + "\": cannot write to it"), ex.getMessage());
    }

    /** In the broker's own file {@code logfile} is the broker's: a failure must name the key the path came from. */
    @Test
    void shouldNameTheKeyTheUnwritableFileCameFrom(@TempDir final Path dir)
    {
        final String path = dir.resolve("missing-dir").resolve("daemon.log").toString();
        final DaemonConfig config = DaemonConfig.parse(java.util.Map.of(
            "logfile", dir.resolve("broker.log").toString(),
            "plugin.fleetbridge.logfile", path,
            "plugin.choria.adapters", "reg",
            "plugin.choria.adapter.reg.type", "jetstream",
            "plugin.choria.adapter.reg.stream.servers", "s:4222",
            "plugin.choria.adapter.reg.ingest.topic", "x",
            "plugin.choria.middleware_hosts", "b:4222"), "h");

        final ConfigException ex = assertThrows(ConfigException.class, () -> Logging.configure(config));
        assertTrue(ex.getMessage().startsWith("plugin.fleetbridge.logfile = \"" + path + "\": cannot write to it"), ex.getMessage());
        assertTrue(ex.getMessage().contains("or set plugin.fleetbridge.logfile to a file it may write"), ex.getMessage());
    }

    /** As Choria's CommonLogOpener: stdout, stderr and discard (any case) are where the log goes, not files beside the config. */
    @Test
    void shouldTakeChoriasLogfileWordsAsDestinationsNotFiles(@TempDir final Path dir) throws Exception
    {
        for (final String[] word : new String[][] {{"stdout", ""}, {"STDERR", "stderr"}, {"Discard", "discard"}})
        {
            final Path conf = dir.resolve("broker.conf");
            Files.writeString(conf, String.join("\n", "logfile = " + word[0], "plugin.choria.adapters = reg",
                "plugin.choria.adapter.reg.type = jetstream", "plugin.choria.adapter.reg.stream.servers = s:4222",
                "plugin.choria.adapter.reg.ingest.topic = x", "plugin.choria.middleware_hosts = b:4222"));
            assertEquals(word[1], DaemonConfig.load(conf).logFile(), word[0]);
        }
        final java.io.PrintStream saved = System.err;
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            Logging.configure("info", "stderr");
            LOG.info("to standard error");
            Logging.configure("info", "discard");
            LOG.error("to nowhere");
        }
        finally
        {
            System.setErr(saved);
            Logging.configure("info", "");
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(" - to standard error"), err.toString(StandardCharsets.UTF_8));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("to nowhere"));
        try (var files = Files.list(dir))
        {
            assertEquals(List.of(dir.resolve("broker.conf")), files.toList(), "no file named after a word");
        }
    }

    @Test
    void shouldConfigureFromDaemonConfig(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("d.log");
        final DaemonConfig config = DaemonConfig.parse(java.util.Map.of(
            "loglevel", "error",
            "logfile", file.toString(),
            "plugin.choria.adapters", "reg",
            "plugin.choria.adapter.reg.type", "jetstream",
            "plugin.choria.adapter.reg.stream.servers", "s:4222",
            "plugin.choria.adapter.reg.ingest.topic", "x",
            "plugin.choria.middleware_hosts", "b:4222"), "h");
        Logging.configure(config);

        LOG.warn("dropped");
        LOG.error("kept");
        Logging.configure("info", "");

        final String text = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(text.contains("dropped"));
        // a log file gets the broker's JSON unless logformat says otherwise
        assertTrue(text.contains("\"level\":\"error\",\"msg\":\"kept\""), text);
    }

    @Test
    @SuppressWarnings("try")
    void shouldLogTheSideTheServerAndTheCauseOfAnIngestConnectionThatCannotConnect(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("d.log");
        final String unreachable = "nats://127.0.0.1:" + unusedPort();
        final DaemonConfig config = DaemonConfig.parse(java.util.Map.of(
            "logfile", file.toString(),
            "plugin.choria.adapters", "reg",
            "plugin.choria.adapter.reg.type", "jetstream",
            "plugin.choria.adapter.reg.stream.servers", NATS.url(),
            "plugin.choria.adapter.reg.stream.topic", "logging.%s",
            "plugin.choria.adapter.reg.ingest.topic", "x",
            "plugin.choria.adapter.reg.ingest.servers", unreachable), "h");
        Logging.configure(config);
        try (Daemon daemon = Daemon.start(config))
        {
            final String expected = "adapter reg ingest 0: cannot connect to [" + unreachable
                + "]: nothing accepts connections at the address (connection refused)";
            // each line comes from its connection's own client thread, in either order
            final String connected = "adapter reg stream 0: connected to " + NATS.url();
            Deadline.await(java.time.Duration.ofSeconds(30), "the ingest failure and the stream connection in the log",
                () -> read(file).contains(expected) && read(file).contains(connected));
        }
        finally
        {
            Logging.configure("info", "");
        }
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

    private static int unusedPort() throws Exception
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
