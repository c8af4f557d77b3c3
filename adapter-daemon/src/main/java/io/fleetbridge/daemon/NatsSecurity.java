package io.fleetbridge.daemon;

import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;

import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * How the daemon's NATS connections prove who they are and whom they trust: TLS (mutual when
 * the server asks for a client certificate, and checking that the server's certificate names
 * the host connected to) from Choria's {@code file} or {@code puppet} security provider, and
 * a user and password or a NATS 2.0 credentials file, per adapter and per side (ingest and
 * stream may live in different accounts).
 *
 * <p>Built once at start: the TLS files are read and checked here, so a bad file stops the
 * daemon with a message naming its key. A credentials file is read by the client at every
 * connect, so a rotated file takes effect at the next reconnect. Passwords and seeds go into
 * the client's options only; nothing here logs or prints them. Immutable and thread safe.
 */
final class NatsSecurity
{
    private final DaemonConfig config;
    private final SSLContext tls;

    private NatsSecurity(final DaemonConfig config, final SSLContext tls)
    {
        this.config = config;
        this.tls = tls;
    }

    /**
     * @throws ConfigException when a TLS or credentials file cannot be used
     */
    static NatsSecurity of(final DaemonConfig config)
    {
        config.checkFiles();
        return new NatsSecurity(config, config.tls().map(files -> TlsContext.build(files, config.checkHostname(), config.legacyCertificates())).orElse(null));
    }

    /** Settings of the ingest connections of adapter {@code name}. */
    UnaryOperator<Options.Builder> ingest(final String name)
    {
        return settings(config.ingestCredentials(name));
    }

    /** Settings of the stream connections of adapter {@code name}. */
    UnaryOperator<Options.Builder> stream(final String name)
    {
        return settings(config.streamCredentials(name));
    }

    /** Whether connections use TLS with the configured files. */
    boolean tls()
    {
        return tls != null;
    }

    UnaryOperator<Options.Builder> settings(final NatsCredentials credentials)
    {
        return builder ->
        {
            if (tls != null)
            {
                builder.sslContext(tls);
                if (config.checkHostname())
                {
                    // By default the client resolves a server's name itself and hands the TLS socket the
                    // IP address, which a certificate for the name does not match. In this mode it keeps
                    // the name to the socket (and, like Go's dialer, tries the name's addresses in turn).
                    builder.hostnameResolveMode(Options.HostnameResolveMode.HappyEyeballs);
                }
            }
            if (credentials.hasCredentialsFile())
            {
                builder.authHandler(Nats.credentials(credentials.credentialsFile()));
            }
            if (credentials.hasUserPassword())
            {
                builder.userInfo(credentials.user().toCharArray(), credentials.password().toCharArray());
            }
            return builder;
        };
    }

    /** What a connection of this side uses, without secrets, for logs and the check command. */
    static String describe(final NatsCredentials credentials, final boolean tls)
    {
        final StringBuilder text = new StringBuilder(tls ? "TLS" : "plain");
        if (credentials.hasCredentialsFile())
        {
            text.append(", credentials file ").append(credentials.credentialsFile());
        }
        if (credentials.hasUserPassword())
        {
            text.append(", user ").append(credentials.user());
        }
        if (!credentials.hasCredentialsFile() && !credentials.hasUserPassword())
        {
            text.append(", no credentials");
        }
        return text.toString();
    }
}
