package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.testsupport.CertificateAuthority;

/** The keys that tie a verified request to its signer and bound its age. */
class VerifyConfigTest
{
    @TempDir
    Path dir;

    private AdapterConfig parse(final String... extra)
    {
        final Path ca = CertificateAuthority.create("fleet CA").writeCertificate(dir.resolve("ca.pem"));
        final String[] lines = {
            "plugin.choria.adapters = reg",
            "plugin.choria.adapter.reg.type = jetstream",
            "plugin.choria.adapter.reg.stream.servers = stream1:4222",
            "plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration",
            "plugin.choria.adapter.reg.ingest.verify = true",
            "plugin.choria.middleware_hosts = broker1:4222",
            "plugin.security.file.ca = " + ca,
        };
        final String text = String.join("\n", lines) + "\n" + String.join("\n", extra);
        return DaemonConfig.parse(ConfigFile.parse(Arrays.asList(text.split("\n")), "test.conf"), "host1").adapters().get(0);
    }

    private static List<String> sources(final List<Pattern> patterns)
    {
        return patterns.stream().map(Pattern::pattern).toList();
    }

    @Test
    void shouldDefaultToChoriasPrivilegedUsersAndHalfAMinuteOfSkew()
    {
        final AdapterConfig config = parse();
        assertEquals(List.of("\\.privileged.mcollective$", "\\.privileged.choria$"), sources(config.privilegedUsers()));
        assertEquals(30_000, config.verifyClockSkewMs());
    }

    @Test
    void shouldReadPrivilegedUsersAsChoriaSplitsThem()
    {
        final AdapterConfig config = parse("plugin.choria.security.privileged_users = ^admin\\.example\\.net$ , /\\.ops$/",
            "plugin.choria.adapter.reg.ingest.verify_clock_skew = 2m");
        assertEquals(List.of("^admin\\.example\\.net$", "\\.ops$"), sources(config.privilegedUsers()));
        assertEquals(120_000, config.verifyClockSkewMs());
    }

    @Test
    void shouldNameTheEntryThatIsNotARegularExpression()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> parse("plugin.choria.security.privileged_users = \\.ok$,(unclosed"));
        assertTrue(ex.getMessage().contains("plugin.choria.security.privileged_users"), ex.getMessage());
        assertTrue(ex.getMessage().contains("\"(unclosed\" is not a regular expression"), ex.getMessage());
    }

    @Test
    void shouldReportABadPatternEvenWhenVerificationIsOff()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> parse("plugin.choria.adapter.reg.ingest.verify = false", "plugin.choria.security.privileged_users = [a-"));
        assertTrue(ex.getMessage().contains("is not a regular expression"), ex.getMessage());
    }

    @Test
    void shouldRefuseSkewOutOfBounds()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> parse("plugin.choria.adapter.reg.ingest.verify_clock_skew = 2h"));
        assertTrue(ex.getMessage().contains("ingest.verify_clock_skew"), ex.getMessage());
        assertTrue(ex.getMessage().contains("from 0s to 1h"), ex.getMessage());
    }
}
