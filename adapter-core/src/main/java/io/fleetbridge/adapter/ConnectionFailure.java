package io.fleetbridge.adapter;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;

/**
 * Says in one line why a NATS connection failed, naming the cause an operator can act on
 * (untrusted server certificate, refused client certificate, refused credentials, nothing
 * listening) instead of the bare exception a TLS or NATS client throws. Never includes
 * credentials: it sees exceptions and server error lines, which hold none. Stateless.
 */
public final class ConnectionFailure
{
    private ConnectionFailure()
    {
    }

    /** The cause of a failed connection attempt, from the client's exception. */
    public static String describe(final Throwable failure)
    {
        final String all = messages(failure).toLowerCase(Locale.ROOT);
        if (has(failure, CertificateExpiredException.class) || all.contains("certificateexpired") || all.contains("validity check failed"))
        {
            return "TLS: a certificate has expired (the server's, or this daemon's as the server reports): " + rootMessage(failure);
        }
        if (has(failure, CertPathValidatorException.class) || all.contains("pkix path") || all.contains("unable to find valid certification path"))
        {
            return "TLS: the server's certificate is not trusted: it does not chain to the configured CA (plugin.security.file.ca)";
        }
        if (all.contains("no subject alternative") || all.contains("no name matching"))
        {
            return "TLS: the server's certificate does not name the host connected to (use a server URL with a name or address " +
                "the certificate lists, or see plugin.security.insecure_skip_verify_hostname): " + rootMessage(failure);
        }
        if (all.contains("bad_certificate") || all.contains("certificate_required") || all.contains("unknown_ca")
            || all.contains("certificate_unknown"))
        {
            return "TLS: the server refused this daemon's client certificate (mutual TLS; is it signed by the CA the server trusts?): "
                + rootMessage(failure);
        }
        if (all.contains("tls required") || all.contains("ssl required") || all.contains("secure connection"))
        {
            return "TLS: the server and this daemon disagree on TLS (set plugin.security.provider = file, or use a plain server): "
                + rootMessage(failure);
        }
        if (all.contains("authorization violation") || all.contains("authentication"))
        {
            return serverError(rootMessage(failure));
        }
        if (has(failure, ConnectException.class) || all.contains("connection refused"))
        {
            return "nothing accepts connections at the address (connection refused)";
        }
        if (has(failure, UnknownHostException.class))
        {
            return "unknown host: " + rootMessage(failure);
        }
        return failure.toString();
    }

    /** The cause of an error line the server sent ({@code -ERR ...}). */
    public static String serverError(final String error)
    {
        final String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("authorization violation"))
        {
            return "the server refused the credentials (plugin.nats.user/pass or the credentials file, or none were given): " + error;
        }
        if (lower.contains("authentication expired"))
        {
            return "the server refused the credentials: the user JWT has expired: " + error;
        }
        if (lower.contains("authentication timeout"))
        {
            return "the server expected credentials that did not arrive in time: " + error;
        }
        if (refusal(error))
        {
            return "the server refused: " + error.strip() + "; give the user that permission (the subscription is sent again at "
                + "the next reconnect)";
        }
        return "server error: " + error;
    }

    /** Whether an error line the server sent refuses a subscription or a publish (a permissions violation); it keeps the connection. */
    static boolean refusal(final String error)
    {
        return error.toLowerCase(Locale.ROOT).contains("permissions violation");
    }

    private static boolean has(final Throwable failure, final Class<? extends Throwable> type)
    {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (type.isInstance(t))
            {
                return true;
            }
        }
        return false;
    }

    private static String messages(final Throwable failure)
    {
        final StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static String rootMessage(final Throwable failure)
    {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
