package io.fleetbridge.daemon;

/**
 * The PEM files of the Choria security provider in use: this daemon's certificate and private
 * key, and the authority that signed the servers' certificates. With the {@code file} provider
 * they are the three {@code plugin.security.file.*} keys; with {@code puppet} they are found in
 * Puppet's SSL directory ({@link PuppetSslDirectory}). {@code origin} names where each came from
 * in error messages, so that a missing file points at the setting to change; {@code hint}, when
 * not null, says how a provider that finds its files chose these paths, and which settings move
 * them. Paths only; nothing is read here. Immutable; {@link #toString()} shows paths, never key material.
 */
public record TlsFiles(String certificate, String key, String ca, String origin, String hint)
{
    /** The origin of files named by the {@code plugin.security.file.*} keys. */
    public static final String FILE_PROVIDER = "file";

    /** Files named by the {@code plugin.security.file.*} keys. */
    public TlsFiles(final String certificate, final String key, final String ca)
    {
        this(certificate, key, ca, FILE_PROVIDER, null);
    }

    /** What error messages call the certificate: its key, or where the provider looked for it. */
    String certificateLabel()
    {
        return label(ConfigKeys.TLS_CERTIFICATE, "certificate");
    }

    /** What error messages call the private key. */
    String keyLabel()
    {
        return label(ConfigKeys.TLS_KEY, "private key");
    }

    /** What error messages call the certificate authority. */
    String caLabel()
    {
        return label(ConfigKeys.TLS_CA, "CA");
    }

    private String label(final ConfigKey<String> fileKey, final String what)
    {
        return origin.equals(FILE_PROVIDER) ? fileKey.key(null) : origin + " " + what;
    }
}
