package io.fleetbridge.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose client sockets and engines check that the server's certificate
 * names the host connected to, the way Go's TLS client does for every NATS connection of a
 * Choria broker (go-choria {@code providers/security/filesec/file_security.go},
 * {@code FileSecurity.TLSConfig}: a {@code tls.Config} that leaves {@code InsecureSkipVerify}
 * off, so Go checks the server name; {@code ClientTLSConfig} only relaxes it to the common name
 * for legacy certificates without subject alternative names).
 *
 * <p>Why it exists: the NATS client (jnats 2.26, {@code SocketDataPort.upgradeToSecure}) opens
 * its TLS socket from the context's socket factory and never turns endpoint identification on,
 * so any certificate of the fleet's CA, which every node holds, would pass for the broker and
 * receive the daemon's credentials and traffic. This wraps the context so that every socket it
 * makes carries the JDK's {@code HTTPS} identification algorithm (RFC 2818 / RFC 6125): the
 * host of the server URL must match a DNS subject alternative name (or, when the certificate lists
 * no DNS names, its common name, which {@link AltNameOnlyTrustManager} refuses unless Choria's legacy
 * verification is on), and an IP literal must
 * match an IP address alternative name. The client must hand the socket that host rather than the
 * address it resolved ({@link NatsSecurity} sets the resolve mode that does). The JDK's trust manager then fails the handshake with
 * "No subject alternative names matching ..." otherwise.
 *
 * <p>Adds no thread and no per-message work: the parameters are set once per connection
 * attempt. Thread safe as the wrapped context is; it cannot be re-initialised.
 */
final class HostnameCheckingContext extends SSLContext
{
    /** The JDK's name for RFC 2818 host name checking, the one that applies to TLS clients in general. */
    static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private HostnameCheckingContext(final SSLContext context)
    {
        super(new Spi(context), context.getProvider(), context.getProtocol());
    }

    /** {@code context}, with host name checking on every client socket and engine it makes. */
    static SSLContext wrap(final SSLContext context)
    {
        return new HostnameCheckingContext(context);
    }

    private static SSLParameters checking(final SSLParameters parameters)
    {
        parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        return parameters;
    }

    private static Socket checking(final Socket socket)
    {
        if (socket instanceof SSLSocket)
        {
            final SSLSocket tls = (SSLSocket)socket;
            tls.setSSLParameters(checking(tls.getSSLParameters()));
        }
        return socket;
    }

    private static final class Spi extends SSLContextSpi
    {
        private final SSLContext context;
        private final SSLSocketFactory sockets;

        Spi(final SSLContext context)
        {
            this.context = context;
            this.sockets = new Sockets(context.getSocketFactory());
        }

        @Override
        protected void engineInit(final KeyManager[] keys, final TrustManager[] trust, final SecureRandom random)
            throws KeyManagementException
        {
            throw new KeyManagementException("already initialised: the wrapped context carries the keys and trust");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory()
        {
            return sockets;
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory()
        {
            return context.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine()
        {
            return checked(context.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(final String host, final int port)
        {
            return checked(context.createSSLEngine(host, port));
        }

        private SSLEngine checked(final SSLEngine engine)
        {
            engine.setSSLParameters(checking(engine.getSSLParameters()));
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext()
        {
            return context.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext()
        {
            return context.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters()
        {
            return checking(context.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters()
        {
            return context.getSupportedSSLParameters();
        }
    }

    /** Every socket made, layered or not, carries the identification algorithm before its handshake. */
    private static final class Sockets extends SSLSocketFactory
    {
        private final SSLSocketFactory sockets;

        Sockets(final SSLSocketFactory sockets)
        {
            this.sockets = sockets;
        }

        @Override
        public String[] getDefaultCipherSuites()
        {
            return sockets.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites()
        {
            return sockets.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException
        {
            return checking(sockets.createSocket());
        }

        @Override
        public Socket createSocket(final Socket socket, final String host, final int port, final boolean autoClose) throws IOException
        {
            return checking(sockets.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(final Socket socket, final InputStream consumed, final boolean autoClose) throws IOException
        {
            // the server side of a layered socket; a server does not identify its clients by host name
            return sockets.createSocket(socket, consumed, autoClose);
        }

        @Override
        public Socket createSocket(final String host, final int port) throws IOException
        {
            return checking(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
            throws IOException
        {
            return checking(sockets.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(final InetAddress host, final int port) throws IOException
        {
            return checking(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(final InetAddress address, final int port, final InetAddress localAddress, final int localPort)
            throws IOException
        {
            return checking(sockets.createSocket(address, port, localAddress, localPort));
        }
    }
}
