package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Which TLS files each {@code plugin.security.provider} value leads to, and the providers that are
 * refused; no files are read and no server is contacted (SecureConnectionTest connects with them).
 */
class SecurityProviderTest
{
    @Test
    void shouldRefuseEveryProviderWhoseFilesItCannotRead()
    {
        for (final String provider : List.of("choria", "certmanager", "pkcs11", "Puppets"))
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> DaemonConfig.parse(OneAdapterKeys.with("plugin.security.provider", provider), "h", Map.of(), false),
                () -> provider + " was taken to mean plain connections");
            assertTrue(error.getMessage().startsWith("plugin.security.provider = \"" + provider.toLowerCase() + "\": this daemon " +
                "reads its TLS files from the file or puppet provider only; set plugin.security.provider = file with " +
                "plugin.security.file.certificate, plugin.security.file.key and plugin.security.file.ca"), error.getMessage());
        }
    }

    @Test
    void shouldUsePlainConnectionsOnlyWhenNoProviderIsSet()
    {
        final DaemonConfig config = DaemonConfig.parse(OneAdapterKeys.with(), "h", Map.of(), false);
        assertTrue(config.tls().isEmpty());
    }

    @Test
    void shouldFindThePuppetFilesOfTheIdentityInTheConfiguredSslDirectory()
    {
        final DaemonConfig config = DaemonConfig.parse(OneAdapterKeys.with("plugin.security.provider", "puppet",
            "plugin.choria.ssldir", "/srv/ssl", "identity", "broker1.example.net"), "h", Map.of("HOME", "/home/bridge"), true);
        final TlsFiles files = config.tls().orElseThrow();
        assertEquals(List.of("/srv/ssl/certs/broker1.example.net.pem", "/srv/ssl/private_keys/broker1.example.net.pem",
            "/srv/ssl/certs/ca.pem", "puppet"), List.of(files.certificate(), files.key(), files.ca(), files.origin()));
        assertEquals("the puppet provider looks in the SSL directory /srv/ssl (set by plugin.choria.ssldir) for the certname "
            + "broker1.example.net (identity; set identity or MCOLLECTIVE_CERTNAME to change it); "
            + "puppet config print ssldir certname shows Puppet's own", files.hint());
    }

    @Test
    void shouldDefaultToPuppetsSslDirectoryOfTheUserAndTheHostName()
    {
        final Map<String, String> raw = OneAdapterKeys.with("plugin.security.provider", "puppet");
        final TlsFiles forRoot = DaemonConfig.parse(raw, "host1.example.net", Map.of(), true).tls().orElseThrow();
        assertEquals("/etc/puppetlabs/puppet/ssl/certs/host1.example.net.pem", forRoot.certificate());
        assertTrue(forRoot.hint().contains("(Puppet's default for root; set plugin.choria.ssldir to change it) for the certname "
            + "host1.example.net (identity, derived from the host's name;"), forRoot.hint());
        assertEquals("/home/bridge/.puppetlabs/etc/puppet/ssl/private_keys/host1.example.net.pem",
            DaemonConfig.parse(raw, "host1.example.net", Map.of("HOME", "/home/bridge"), false).tls().orElseThrow().key());
    }

    @Test
    void shouldTakeTheCertnameFromTheEnvironmentAsChoriaDoes()
    {
        final Map<String, String> raw = OneAdapterKeys.with("plugin.security.provider", "puppet", "plugin.choria.ssldir", "/srv/ssl");
        final TlsFiles files = DaemonConfig.parse(raw, "h", Map.of("MCOLLECTIVE_CERTNAME", "broker.mcollective"), false).tls().orElseThrow();
        assertEquals("/srv/ssl/certs/broker.mcollective.pem", files.certificate());
        assertTrue(files.hint().contains("for the certname broker.mcollective (from MCOLLECTIVE_CERTNAME)"), files.hint());
    }

    @Test
    void shouldAskForTheSslDirectoryWhenAUserHasNoHome()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> DaemonConfig.parse(OneAdapterKeys.with("plugin.security.provider", "puppet"), "h", Map.of(), false));
        assertTrue(error.getMessage().startsWith("plugin.choria.ssldir is not set and neither is HOME"), error.getMessage());
    }

    @Test
    void shouldCheckServerHostnamesUnlessExplicitlyTurnedOff()
    {
        assertTrue(DaemonConfig.parse(OneAdapterKeys.with(), "h", Map.of(), false).checkHostname());
        assertFalse(DaemonConfig.parse(OneAdapterKeys.with("plugin.security.insecure_skip_verify_hostname", "true"), "h", Map.of(), false)
            .checkHostname());
    }
}
