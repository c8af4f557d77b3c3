package io.fleetbridge.daemon;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NATS server as the Choria configuration names it ({@code host:port},
 * {@code nats://host:port} or {@code tls://host:port}), normalised to the URL jnats takes.
 * A bare {@code host:port} becomes {@code nats://}; {@code tls://} is kept, since it asks for TLS.
 * IPv6 addresses go in brackets: {@code [::1]:4222}. Stateless.
 */
final class ServerAddress
{
    private static final Pattern HOST_PORT = Pattern.compile(
        "(?<host>[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\\[[0-9A-Fa-f:.]+\\]):(?<port>[0-9]{1,5})");

    private ServerAddress()
    {
    }

    /** @throws IllegalArgumentException naming the entry and what is wrong with it */
    static String normalise(final String entry)
    {
        String scheme = "nats";
        String rest = entry;
        final int separator = entry.indexOf("://");
        if (separator >= 0)
        {
            scheme = entry.substring(0, separator).toLowerCase(Locale.ROOT);
            rest = entry.substring(separator + 3);
            if (!scheme.equals("nats") && !scheme.equals("tls"))
            {
                throw bad(entry, "has scheme " + scheme + "://");
            }
        }
        if (rest.endsWith("/"))
        {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty())
        {
            throw bad(entry, "is empty");
        }
        if (rest.indexOf('@') >= 0)
        {
            // credentials in a URL would end up in logs and metrics; they have keys of their own
            throw bad(entry, "holds credentials (use plugin.nats.user and plugin.nats.pass)");
        }
        final Matcher matcher = HOST_PORT.matcher(rest);
        if (!matcher.matches())
        {
            throw bad(entry, rest.lastIndexOf(':') < 0 || rest.endsWith("]") ? "has no port" : "is not host:port");
        }
        final int port = Integer.parseInt(matcher.group("port"));
        if (port < 1 || port > 65535)
        {
            throw bad(entry, "has port " + port + " outside 1 to 65535");
        }
        return scheme + "://" + matcher.group("host") + ':' + port;
    }

    private static IllegalArgumentException bad(final String entry, final String why)
    {
        return new IllegalArgumentException("entry " + ConfigException.quote(entry) + " " + why);
    }
}
