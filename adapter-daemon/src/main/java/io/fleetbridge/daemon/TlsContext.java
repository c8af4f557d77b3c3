package io.fleetbridge.daemon;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of every NATS connection from the PEM files of Choria's
 * {@code file} or {@code puppet} security provider: this daemon's certificate and key are offered
 * to servers that ask for a client certificate (mutual TLS), and servers are trusted only when
 * their certificate chains to the CA and names the host connected to
 * ({@link HostnameCheckingContext}; {@link #build(TlsFiles, boolean)} leaves that check out only
 * when the configuration says so).
 *
 * <p>Checked at start, so that a wrong file stops the daemon with a message naming the key
 * rather than failing every connection attempt later: the files must parse, the key must
 * belong to the certificate, and the certificate must be valid now. Stateless; the context it
 * returns is thread safe.
 */
final class TlsContext
{
    private static final char[] IN_MEMORY = new char[0];

    private TlsContext()
    {
    }

    /**
     * @param checkHostname whether servers must present a certificate that names the host connected to
     * @param legacyCertificates whether a common name may name it when the certificate lists no DNS names
     */
    static SSLContext build(final TlsFiles files, final boolean checkHostname, final boolean legacyCertificates)
    {
        try
        {
            return context(files, checkHostname, legacyCertificates);
        }
        catch (final ConfigException ex)
        {
            // a path the provider chose: say how, so that the fix is a setting rather than a search
            throw files.hint() == null ? ex : new ConfigException(ex.getMessage() + "; " + files.hint(), ex);
        }
    }

    private static SSLContext context(final TlsFiles files, final boolean checkHostname, final boolean legacyCertificates)
    {
        final List<X509Certificate> chain = PemFile.certificates(files.certificateLabel(), files.certificate());
        final PrivateKey key = PemFile.privateKey(files.keyLabel(), files.key());
        final List<X509Certificate> authorities = PemFile.certificates(files.caLabel(), files.ca());
        checkValidNow(files.certificateLabel(), files.certificate(), chain.get(0));
        checkKeyMatches(files, chain.get(0), key);
        try
        {
            final KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("fleetbridge", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
            final KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, IN_MEMORY);

            final TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore(authorities));

            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), checkHostname && !legacyCertificates
                ? AltNameOnlyTrustManager.wrap(trustManagers.getTrustManagers()) : trustManagers.getTrustManagers(), null);
            return checkHostname ? HostnameCheckingContext.wrap(context) : context;
        }
        catch (final GeneralSecurityException | java.io.IOException ex)
        {
            throw new ConfigException("cannot set up TLS from " + files.certificateLabel() + ", " +
                files.keyLabel() + " and " + files.caLabel() + ": " + ex.getMessage(), ex);
        }
    }

    /** A key store holding {@code authorities} as trusted certificates, for trust managers and path validation. */
    static KeyStore trustStore(final List<X509Certificate> authorities) throws GeneralSecurityException, java.io.IOException
    {
        final KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < authorities.size(); i++)
        {
            trusted.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        return trusted;
    }

    private static void checkValidNow(final String key, final String file, final X509Certificate certificate)
    {
        try
        {
            certificate.checkValidity();
        }
        catch (final CertificateExpiredException ex)
        {
            throw ConfigException.badValue(key, file, "the certificate expired on " + certificate.getNotAfter().toInstant());
        }
        catch (final CertificateNotYetValidException ex)
        {
            throw ConfigException.badValue(key, file, "the certificate is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    private static void checkKeyMatches(final TlsFiles files, final X509Certificate certificate, final PrivateKey key)
    {
        final String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        final byte[] probe = {'f', 'l', 'e', 'e', 't'};
        boolean matches;
        try
        {
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        }
        catch (final GeneralSecurityException ex)
        {
            matches = false;
        }
        if (!matches)
        {
            throw ConfigException.badValue(files.keyLabel(), files.key(),
                "the key does not belong to the certificate in " + files.certificate());
        }
    }
}
