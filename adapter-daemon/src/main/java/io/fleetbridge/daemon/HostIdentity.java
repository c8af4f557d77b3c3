package io.fleetbridge.daemon;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The name {@code identity} defaults to, derived as Choria derives it
 * ({@code config/config.go}, {@code Config.normalize}, and {@code config/util.go},
 * {@code DNSFQDN}, in go-choria): the kernel's host name when it has more than one dot, else the
 * name the first IPv4 address of that host name resolves back to (neither empty nor
 * {@code localhost}), else the kernel's host name. It matters beyond the metrics' label: the
 * {@code puppet} security provider finds its certificate under this name, and Puppet names
 * certificates by the fully qualified name, so a short kernel host name must not be taken
 * as it is where Choria would have taken {@code broker1.example.net}.
 *
 * <p>Two differences: Choria's last resort before the short name, asking {@code facter fqdn}, is
 * not taken (it would run Ruby at every start); and the JDK takes a reverse name only when that
 * name resolves back to the address, where Go takes it as it comes, so a PTR record without a
 * matching A record leaves the kernel's name. A host in either case sets {@code identity}.
 *
 * <p>Stateless; {@link #derive} may block on DNS, so it is asked only when {@code identity} is unset
 * and first needed (not by {@code check} with the {@code file} provider).
 */
final class HostIdentity
{
    /** Name lookups, apart so that tests can answer them. */
    interface Resolver
    {
        /** The addresses {@code host} resolves to. */
        List<InetAddress> addresses(String host) throws UnknownHostException;

        /** The name {@code address} resolves back to, or null when it does not. */
        String reverse(InetAddress address);
    }

    /** The system's resolver. */
    static final Resolver SYSTEM = new Resolver()
    {
        @Override
        public List<InetAddress> addresses(final String host) throws UnknownHostException
        {
            return List.of(InetAddress.getAllByName(host));
        }

        @Override
        public String reverse(final InetAddress address)
        {
            final String name = address.getCanonicalHostName();
            // the JDK answers a failed reverse lookup with the address itself
            return name.equals(address.getHostAddress()) ? null : name;
        }
    };

    private HostIdentity()
    {
    }

    /** This host's default identity. */
    static String local()
    {
        return derive(kernelHostName(), SYSTEM);
    }

    static String derive(final String kernelName, final Resolver resolver)
    {
        if (kernelName.chars().filter(c -> c == '.').count() > 1)
        {
            return kernelName;
        }
        final String fqdn = dnsName(kernelName, resolver);
        return fqdn == null || fqdn.isEmpty() || fqdn.equals("localhost") ? kernelName : fqdn;
    }

    private static String dnsName(final String kernelName, final Resolver resolver)
    {
        try
        {
            for (final InetAddress address : resolver.addresses(kernelName))
            {
                if (address instanceof Inet4Address)
                {
                    // only the first IPv4 address is asked, as Choria does
                    final String name = resolver.reverse(address);
                    return name == null ? null : name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                }
            }
        }
        catch (final UnknownHostException | RuntimeException ex)
        {
            // no name from DNS: the kernel's name stands
        }
        return null;
    }

    /** What {@code hostname} prints: the kernel's name, without a lookup where the kernel tells it. */
    private static String kernelHostName()
    {
        try
        {
            final String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty())
            {
                return name;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux, or no procfs: ask the JDK
        }
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            // a host without a resolvable name still has one the kernel knows
            final String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
        }
    }
}
