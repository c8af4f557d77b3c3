package io.fleetbridge.daemon;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager, less its fallback to the common name: a server reached by a host name
 * must list that name among its certificate's DNS subject alternative names.
 *
 * <p>Why: the JDK's {@code HTTPS} identification ({@link HostnameCheckingContext}) takes the
 * common name when a certificate lists no DNS names. Go, and so the Choria Broker, never does
 * with the {@code file} provider: {@code FileSecurity.ClientTLSConfig} (go-choria
 * {@code providers/security/filesec/file_security.go}) relaxes the check to the common name only
 * with {@code BackwardCompatVerification}, set by {@code plugin.security.support_legacy_certificates}
 * ({@code option.go}) or always by the {@code puppet} provider ({@code puppetsec/puppet_security.go}).
 * Without this, a certificate the broker refuses to connect to was trusted here.
 *
 * <p>A server reached by an IP address is left to the JDK, which matches only IP address
 * alternative names there, as Go does. Stateless past its delegate; thread safe as it is.
 */
final class AltNameOnlyTrustManager extends X509ExtendedTrustManager
{
    /** The type of a DNS name in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int DNS_NAME = 2;

    private final X509ExtendedTrustManager delegate;

    private AltNameOnlyTrustManager(final X509ExtendedTrustManager delegate)
    {
        this.delegate = delegate;
    }

    /** {@code managers}, each extended trust manager among them wrapped. */
    static TrustManager[] wrap(final TrustManager[] managers)
    {
        final TrustManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++)
        {
            if (wrapped[i] instanceof X509ExtendedTrustManager)
            {
                wrapped[i] = new AltNameOnlyTrustManager((X509ExtendedTrustManager)wrapped[i]);
            }
        }
        return wrapped;
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket) throws CertificateException
    {
        delegate.checkServerTrusted(chain, authType, socket);
        if (socket instanceof SSLSocket && ((SSLSocket)socket).getHandshakeSession() != null)
        {
            requireDnsName(chain[0], ((SSLSocket)socket).getHandshakeSession().getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine) throws CertificateException
    {
        delegate.checkServerTrusted(chain, authType, engine);
        if (engine != null)
        {
            requireDnsName(chain[0], engine.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException
    {
        // no connection, so no host to name: nothing beyond the chain to check
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket) throws CertificateException
    {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine) throws CertificateException
    {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException
    {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers()
    {
        return delegate.getAcceptedIssuers();
    }

    /**
     * After the JDK matched {@code host}: by a DNS name when the certificate lists any (it fails
     * otherwise), else by the common name, which is refused here.
     */
    private static void requireDnsName(final X509Certificate leaf, final String host) throws CertificateException
    {
        if (host == null || host.isEmpty() || isAddress(host))
        {
            return;
        }
        if (!hasDnsName(leaf))
        {
            throw new CertificateException("No subject alternative DNS name in the server's certificate: it names " + host
                + " only by its common name, which Choria accepts only with plugin.security.support_legacy_certificates = true"
                + " (or the puppet provider); reissue it with " + host + " as a DNS name");
        }
    }

    private static boolean hasDnsName(final X509Certificate leaf) throws CertificateParsingException
    {
        final Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        if (names == null)
        {
            return false;
        }
        for (final List<?> name : names)
        {
            if (name.get(0) instanceof Integer && (Integer)name.get(0) == DNS_NAME)
            {
                return true;
            }
        }
        return false;
    }

    /** An IPv4 literal, or IPv6 (only they hold a colon); a name is never all digits and dots. */
    private static boolean isAddress(final String host)
    {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
