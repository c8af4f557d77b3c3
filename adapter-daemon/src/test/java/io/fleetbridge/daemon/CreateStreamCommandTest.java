package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.adapter.AdapterStream;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/** {@code create-stream} against a real nats-server: what it makes, that it is idempotent, and what it says of a different stream. */
@SuppressWarnings("try")
class CreateStreamCommandTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @TempDir
    Path dir;

    @Test
    void shouldCreateTheStreamCheckAsksForThenSayItMatchesAndCheckPasses() throws Exception
    {
        final String prefix = "made" + UUID.randomUUID().toString().substring(0, 8);
        final Path file = config(prefix, "plugin.choria.adapter.reg.stream.retry_for = 10m");

        final Result first = create(file, null, null);
        assertEquals(0, first.code, first.out);
        assertTrue(first.out.contains("adapter reg: created stream REG (subjects " + prefix + ".>, file storage, 1 replica, "
            + "duplicate window 600s, max messages per subject 5, max age 168h)"), first.out);

        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamConfiguration made = nc.jetStreamManagement().getStreamInfo("REG").getConfiguration();
            assertEquals(List.of(prefix + ".>"), made.getSubjects());
            assertEquals(StorageType.File, made.getStorageType());
            assertEquals(Duration.ofMinutes(10), made.getDuplicateWindow());
            assertEquals(5, made.getMaxMsgsPerSubject());
            assertEquals(Duration.ofDays(7), made.getMaxAge());
            assertEquals(1, made.getReplicas());
        }

        final Result again = create(file, null, null);
        assertEquals(0, again.code, again.out);
        assertTrue(again.out.contains("adapter reg: stream REG exists and matches"), again.out);

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int checked = CheckCommand.check(file, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, checked, out::toString);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("WARNING"), out::toString);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().deleteStream("REG");
        }
    }

    /** Without stream.servers the broker publishes to the fleet's servers; so do we, but not without saying so first. */
    @Test
    void shouldSayWhereTheStreamGoesWhenStreamServersIsUnset() throws Exception
    {
        final String prefix = "fleet" + UUID.randomUUID().toString().substring(0, 8);
        final Path file = dir.resolve(prefix + ".conf");
        Files.writeString(file, String.join("\n",
            "plugin.choria.adapters = reg",
            "plugin.choria.adapter.reg.type = jetstream",
            "plugin.choria.adapter.reg.stream.topic = " + prefix + ".%s",
            "plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration",
            "plugin.choria.middleware_hosts = " + NATS.url(), ""));
        try
        {
            final Result made = create(file, null, null);
            assertEquals(0, made.code, made.out);
            assertTrue(made.out.startsWith("WARNING: plugin.choria.adapter.reg.stream.servers is not set, so adapter reg publishes to "
                + "plugin.choria.middleware_hosts (" + NATS.url() + "), as the Choria Broker does: set it to the JetStream servers\n"),
                made.out);
            assertTrue(made.out.contains("adapter reg: created stream REG (subjects " + prefix + ".>"), made.out);
        }
        finally
        {
            try (Connection nc = Nats.connect(NATS.url()))
            {
                if (nc.jetStreamManagement().getStreamNames().contains("REG"))
                {
                    nc.jetStreamManagement().deleteStream("REG");
                }
            }
        }
    }

    @Test
    void shouldLeaveADifferentStreamAloneAndSayWhatDiffers() throws Exception
    {
        final String prefix = "other" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(prefix.toUpperCase()).subjects(prefix + ".>")
                .storageType(StorageType.Memory).duplicateWindow(Duration.ofMinutes(1)).build());
        }
        final Result result = create(config(prefix), null, "--max-msgs-per-subject=3");
        assertEquals(1, result.code, result.out);
        assertTrue(result.out.contains("adapter reg: stream " + prefix.toUpperCase() + " exists (left unchanged) and differs"), result.out);
        assertTrue(result.out.contains("  storage memory, expected file"), result.out);
        assertTrue(result.out.contains("  duplicate window 60s, expected 300s (shorter than stream.retry_for"), result.out);
        assertTrue(result.out.contains("  max messages per subject unlimited, expected 3"), result.out);
        assertTrue(result.out.contains("  max age unlimited, expected 168h"), result.out);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamConfiguration kept = nc.jetStreamManagement().getStreamInfo(prefix.toUpperCase()).getConfiguration();
            assertEquals(StorageType.Memory, kept.getStorageType(), "never changed");
        }
    }

    @Test
    void shouldRefuseAStreamNameForSeveralAdaptersAndAnUnknownAdapter() throws Exception
    {
        final Path file = config("two", "plugin.choria.adapters = reg, more",
            "plugin.choria.adapter.more.type = jetstream", "plugin.choria.adapter.more.stream.servers = " + NATS.url(),
            "plugin.choria.adapter.more.ingest.topic = x");
        assertEquals(2, create(file, "--stream=X", null).code);
        assertEquals(2, create(file, "--adapter=nope", null).code);
        assertEquals(2, create(file, "--max-age=soon", null).code);
    }

    @Test
    void shouldOfferTheDefaultsItDocuments()
    {
        assertEquals(5, AdapterStream.DEFAULT_MAX_MSGS_PER_SUBJECT);
        assertEquals("168h", GoDuration.format(AdapterStream.DEFAULT_MAX_AGE.toMillis()));
    }

    private Path config(final String prefix, final String... extra) throws Exception
    {
        return RegConfigFile.write(dir, NATS.url(), prefix, extra);
    }

    /** Through the command line, as a user runs it. */
    private static Result create(final Path file, final String option, final String another)
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int code;
        try
        {
            final List<String> args = new java.util.ArrayList<>(List.of("create-stream", "--config", file.toString()));
            if (option != null)
            {
                args.add(option);
            }
            if (another != null)
            {
                args.add(another);
            }
            code = Main.commandLine().execute(args.toArray(new String[0]));
        }
        finally
        {
            System.setOut(stdout);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out)
    {
    }
}
