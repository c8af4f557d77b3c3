package io.fleetbridge.daemon;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Choria's {@code puppet} security provider finds a host's TLS files, resolved to the same
 * three PEM files the {@code file} provider names: {@code certs/<certname>.pem},
 * {@code private_keys/<certname>.pem} and {@code certs/ca.pem} under Puppet's SSL directory.
 *
 * <p>The rules are go-choria's ({@code providers/security/puppetsec}): the directory is
 * {@code plugin.choria.ssldir} when set ({@code WithChoriaConfig} in {@code option.go}), else
 * Puppet's default for the user ({@code userSSlDir} in {@code util.go}: root asks Puppet, whose
 * AIO default is {@code /etc/puppetlabs/puppet/ssl}; other users get
 * {@code $HOME/.puppetlabs/etc/puppet/ssl}); the certname of a daemon is the
 * {@code MCOLLECTIVE_CERTNAME} environment variable when set, else {@code identity}
 * ({@code WithChoriaConfig} with {@code InitiatedByServer}, as the broker runs); the paths are
 * {@code caPath}, {@code privateKeyPath} and {@code publicCertPath} in
 * {@code puppet_security.go}. This daemon does not run Puppet, so a root process whose Puppet
 * keeps its SSL directory elsewhere must set {@code plugin.choria.ssldir}. Nothing is read here.
 * Stateless.
 */
final class PuppetSslDirectory
{
    /** The origin of {@link TlsFiles} found here, as error messages name it. */
    static final String ORIGIN = "puppet";
    /** Puppet's SSL directory for root in its all-in-one packages. */
    static final String ROOT_SSL_DIR = "/etc/puppetlabs/puppet/ssl";
    /** The environment variable that overrides the certname, as for every Choria process. */
    static final String CERTNAME_VARIABLE = "MCOLLECTIVE_CERTNAME";

    private PuppetSslDirectory()
    {
    }

    /**
     * @param identity the daemon's {@code identity}, the certname unless the environment names another
     * @param environment the process environment ({@code HOME}, {@code MCOLLECTIVE_CERTNAME})
     * @param root whether the daemon runs as root
     * @throws ConfigException when no directory can be found: {@code plugin.choria.ssldir} unset and no {@code HOME}
     */
    static TlsFiles files(final Map<String, String> raw, final String identity, final Map<String, String> environment,
        final boolean root)
    {
        final Path dir = Path.of(directory(raw, environment, root));
        final String fromEnvironment = environment.get(CERTNAME_VARIABLE);
        final boolean fromIdentity = fromEnvironment == null || fromEnvironment.isBlank();
        final String certname = fromIdentity ? identity : fromEnvironment;
        final String dirSource = ConfigKeys.SSL_DIR.read(raw, null) != null ? "set by " + ConfigKeys.SSL_DIR.key(null)
            : "Puppet's default for " + (root ? "root" : "this user") + "; set " + ConfigKeys.SSL_DIR.key(null) + " to change it";
        final String nameSource = fromIdentity
            ? "identity" + (raw.get(ConfigKeys.IDENTITY.key(null)) != null ? "" : ", derived from the host's name")
                + "; set identity or " + CERTNAME_VARIABLE + " to change it"
            : "from " + CERTNAME_VARIABLE;
        return new TlsFiles(
            dir.resolve("certs").resolve(certname + ".pem").toString(),
            dir.resolve("private_keys").resolve(certname + ".pem").toString(),
            dir.resolve("certs").resolve("ca.pem").toString(),
            ORIGIN,
            "the puppet provider looks in the SSL directory " + dir + " (" + dirSource + ") for the certname " + certname
                + " (" + nameSource + "); puppet config print ssldir certname shows Puppet's own");
    }

    private static String directory(final Map<String, String> raw, final Map<String, String> environment, final boolean root)
    {
        final String configured = ConfigKeys.SSL_DIR.read(raw, null);
        if (configured != null)
        {
            return configured;
        }
        if (root)
        {
            return ROOT_SSL_DIR;
        }
        final String home = environment.get("HOME");
        if (home == null || home.isBlank())
        {
            throw new ConfigException(ConfigKeys.SSL_DIR.key(null) + " is not set and neither is HOME, where a user's Puppet keeps " +
                "its certificates: set " + ConfigKeys.SSL_DIR.key(null) + " to Puppet's SSL directory (puppet config print ssldir)");
        }
        return Path.of(home, ".puppetlabs", "etc", "puppet", "ssl").toString();
    }
}
