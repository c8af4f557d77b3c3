package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The values the broker would use, read from the same file and environment as the broker reads them. */
class ChoriaFieldValuesTest
{
    private static DaemonConfig parse(final Map<String, String> raw, final Map<String, String> environment)
    {
        return DaemonConfig.parse(raw, "host1.example.net", environment, false);
    }

    @Test
    void shouldTakeTheNatsCredentialsFromChoriasEnvironmentVariablesForTheKeysTheFileSets()
    {
        final DaemonConfig config = parse(
            OneAdapterKeys.with("plugin.nats.user", "placeholder", "plugin.nats.pass", "placeholder"),
            Map.of("MCOLLECTIVE_NATS_USERNAME", "fleet", "MCOLLECTIVE_NATS_PASSWORD", "s3cret"));

        assertEquals(new NatsCredentials("fleet", "s3cret", null), config.natsCredentials());
        // adapters inherit them, as the broker's adapters use the broker's connection
        assertEquals(config.natsCredentials(), config.streamCredentials("reg"));
        assertEquals("replaced by the environment variable MCOLLECTIVE_NATS_PASSWORD, as Choria does", config.notes().get("plugin.nats.pass"));
        assertFalse(config.notes().toString().contains("s3cret"), "a password is never shown: " + config.notes());
    }

    @Test
    void shouldTakeTheCredentialsFileFromTheEnvironmentOnlyWhenTheFileSetsTheKey()
    {
        final Map<String, String> environment = Map.of("MCOLLECTIVE_NATS_CREDENTIALS", "/etc/fleet.creds");

        assertEquals("/etc/fleet.creds",
            parse(OneAdapterKeys.with("plugin.nats.credentials", "/etc/old.creds"), environment).natsCredentials().credentialsFile());
        // go-choria looks a variable up only for a key it sets from the file
        assertEquals(NatsCredentials.NONE, parse(OneAdapterKeys.with(), environment).natsCredentials());
    }

    @Test
    void shouldExpandALeadingTildeInThePathsChoriaExpands()
    {
        final DaemonConfig config = parse(OneAdapterKeys.with(
            "plugin.security.provider", "file",
            "plugin.security.file.certificate", "~/ssl/cert.pem",
            "plugin.security.file.key", "~/ssl/key.pem",
            "plugin.security.file.ca", "~/ssl/ca.pem",
            "logfile", "~/log/fleetbridge.log"), Map.of("HOME", "/home/bridge"));

        final TlsFiles tls = config.tls().orElseThrow();
        assertEquals("/home/bridge/ssl/cert.pem", tls.certificate());
        assertEquals("/home/bridge/ssl/key.pem", tls.key());
        assertEquals("/home/bridge/ssl/ca.pem", tls.ca());
        assertEquals("/home/bridge/log/fleetbridge.log", config.logFile());
        assertEquals("~ is HOME: /home/bridge/ssl/ca.pem", config.notes().get("plugin.security.file.ca"));
    }

    @Test
    void shouldExpandTheSslDirectoryOfThePuppetProvider()
    {
        final DaemonConfig config = parse(OneAdapterKeys.with(
            "plugin.security.provider", "puppet", "plugin.choria.ssldir", "~/.puppetlabs/ssl", "identity", "web1.example.net"),
            Map.of("HOME", "/home/bridge"));

        assertEquals("/home/bridge/.puppetlabs/ssl/certs/web1.example.net.pem", config.tls().orElseThrow().certificate());
    }

    @Test
    void shouldNameTheKeyAndTheVariableWhenATildeCannotBeExpanded()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> parse(OneAdapterKeys.with("logfile", "~/fleetbridge.log"), Map.of()));

        assertTrue(ex.getMessage().startsWith("logfile = \"~/fleetbridge.log\": it starts with ~, the home directory, and HOME is not set;"),
            ex.getMessage());
    }
}
