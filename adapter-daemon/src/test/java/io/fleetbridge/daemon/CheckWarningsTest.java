package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} and {@code run} say about settings that would silently weaken a rollout:
 * a security provider whose files the daemon cannot read, and a drain that systemd would cut
 * short. Offline: no server is contacted.
 */
class CheckWarningsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseToCheckOrRunWithASecurityProviderItCannotUse() throws Exception
    {
        final Path file = config("plugin.security.provider = choria");
        final Result checked = check(file);
        assertEquals(2, checked.code, checked.out);
        assertTrue(checked.out.contains("configuration error: plugin.security.provider = \"choria\": this daemon reads its TLS " +
            "files from the file or puppet provider only; set plugin.security.provider = file"), checked.out);

        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, Main.commandLine().execute("run", "--config", file.toString()));
        }
        finally
        {
            System.setErr(stderr);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("plugin.security.provider = \"choria\""), captured::toString);
    }

    @Test
    void shouldWarnWhenADrainCanOutlastTheStopTimeoutOfTheShippedUnit() throws Exception
    {
        final Result result = check(config("plugin.choria.adapter.reg.drain_timeout = 45s"));
        assertEquals(0, result.code, result.out);
        assertTrue(result.out.contains("WARNING: adapter reg: plugin.choria.adapter.reg.drain_timeout = 45s, plus up to 20s to " +
            "close, is longer than the shipped systemd unit allows a stop (TimeoutStopSec=60)") &&
            result.out.contains("set TimeoutStopSec=65 or more in the unit"), result.out);
    }

    @Test
    void shouldNotWarnWhenTheDrainFitsTheStopTimeout() throws Exception
    {
        final Result result = check(config("plugin.choria.adapter.reg.drain_timeout = 40s"));
        assertEquals(0, result.code, result.out);
        assertFalse(result.out.contains("WARNING"), result.out);
    }

    /** run would stop on an unwritable log file; check (the unit's ExecStartPre) must too, and create nothing. */
    @Test
    void shouldRefuseALogFileTheDaemonCannotWriteAndCreateNone() throws Exception
    {
        final Path missing = dir.resolve("no-such-dir").resolve("fleetbridge.log");
        final Result refused = check(config("logfile = " + dir.resolve("broker.log"), "plugin.fleetbridge.logfile = " + missing));
        assertEquals(2, refused.code, refused.out);
        assertTrue(refused.out.startsWith("configuration error: plugin.fleetbridge.logfile = \"" + missing + "\": cannot write to it"),
            refused.out);

        final Path writable = dir.resolve("fleetbridge.log");
        final Result accepted = check(config("plugin.fleetbridge.logfile = " + writable));
        assertEquals(0, accepted.code, accepted.out);
        assertFalse(Files.exists(writable), "check leaves no file behind");
    }

    /** The daemon would fail every write of the fleet view's state, and keep nothing across a restart: check says so first. */
    @Test
    void shouldWarnWhenTheFleetStateFileCannotBeWrittenWhereItIsNamed() throws Exception
    {
        final String fleet = "plugin.choria.adapter.reg.stream.topic = choria.node_metadata.%s\nplugin.choria.adapter.reg.fleet.enable = true\n";
        final Path missing = dir.resolve("no-such-dir");
        final Result warned = check(config(fleet + "plugin.choria.adapter.reg.fleet.state_file = " + missing.resolve("reg.fleet")));
        assertEquals(0, warned.code, warned.out);
        assertTrue(warned.out.contains("WARNING: plugin.choria.adapter.reg.fleet.state_file = " + missing.resolve("reg.fleet") + ": "
            + missing + " does not exist, so the view will not be kept across a restart"), warned.out);

        final Result fine = check(config(fleet + "plugin.choria.adapter.reg.fleet.state_file = " + dir.resolve("reg.fleet")));
        assertFalse(fine.out.contains("WARNING: plugin.choria.adapter.reg.fleet.state_file"), fine.out);
    }

    private Path config(final String... extra) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        text.append("plugin.choria.adapters = reg\n")
            .append("plugin.choria.adapter.reg.type = jetstream\n")
            .append("plugin.choria.adapter.reg.stream.servers = nats://127.0.0.1:1\n")
            .append("plugin.choria.adapter.reg.ingest.servers = nats://127.0.0.1:1\n")
            .append("plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration\n");
        for (final String line : extra)
        {
            text.append(line).append('\n');
        }
        final Path file = Files.createTempFile(dir, "check", ".conf");
        Files.writeString(file, text.toString());
        return file;
    }

    private static Result check(final Path file) throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = CheckCommand.check(file, true, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out)
    {
    }
}
