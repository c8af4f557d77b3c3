package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The default identity follows Choria's rule, so that a Puppet certificate named by the FQDN is found. */
class HostIdentityTest
{
    /** Answers lookups from a table, and records what was asked. */
    private static final class Table implements HostIdentity.Resolver
    {
        final Map<String, List<InetAddress>> forward;
        final Map<InetAddress, String> reverse;
        final List<String> asked = new ArrayList<>();

        Table(final Map<String, List<InetAddress>> forward, final Map<InetAddress, String> reverse)
        {
            this.forward = forward;
            this.reverse = reverse;
        }

        @Override
        public List<InetAddress> addresses(final String host) throws UnknownHostException
        {
            asked.add(host);
            final List<InetAddress> found = forward.get(host);
            if (found == null)
            {
                throw new UnknownHostException(host + ": Name or service not known");
            }
            return found;
        }

        @Override
        public String reverse(final InetAddress address)
        {
            return reverse.get(address);
        }
    }

    private static InetAddress ip(final String literal) throws UnknownHostException
    {
        return InetAddress.getByName(literal);
    }

    @Test
    void shouldTakeAKernelNameWithTwoDotsAsItIsWithoutAskingDns()
    {
        final Table dns = new Table(Map.of(), Map.of());
        assertEquals("broker1.example.net", HostIdentity.derive("broker1.example.net", dns));
        assertEquals(List.of(), dns.asked);
    }

    @Test
    void shouldTakeTheNameTheFirstIpv4AddressOfAShortNameResolvesBackTo() throws Exception
    {
        final Table dns = new Table(Map.of("broker1", List.of(ip("::1"), ip("10.0.0.7"), ip("10.0.0.8"))),
            Map.of(ip("10.0.0.7"), "broker1.example.net.", ip("10.0.0.8"), "other.example.net"));
        assertEquals("broker1.example.net", HostIdentity.derive("broker1", dns), "the trailing dot of DNS dropped");
        final Table oneDot = new Table(Map.of("broker1.lan", List.of(ip("10.0.0.7"))), Map.of(ip("10.0.0.7"), "broker1.example.net"));
        assertEquals("broker1.example.net", HostIdentity.derive("broker1.lan", oneDot), "one dot is still short");
    }

    @Test
    void shouldKeepTheKernelNameWhenDnsDoesNotKnowItOrAnswersLocalhost() throws Exception
    {
        assertEquals("broker1", HostIdentity.derive("broker1", new Table(Map.of(), Map.of())), "not resolvable");
        assertEquals("broker1", HostIdentity.derive("broker1",
            new Table(Map.of("broker1", List.of(ip("127.0.0.1"))), Map.of(ip("127.0.0.1"), "localhost"))), "localhost");
        assertEquals("broker1", HostIdentity.derive("broker1",
            new Table(Map.of("broker1", List.of(ip("10.0.0.7"))), Map.of())), "no reverse name");
        assertEquals("broker1", HostIdentity.derive("broker1",
            new Table(Map.of("broker1", List.of(ip("::1"))), Map.of(ip("::1"), "v6.example.net"))), "IPv6 only: Choria asks IPv4");
    }

    /** Deriving may wait on DNS: a configuration that does not need it (check, the file provider) must not ask. */
    @Test
    void shouldAskForTheDefaultIdentityOnlyWhenItIsFirstNeededAndOnce()
    {
        final Map<String, String> raw = OneAdapterKeys.with();
        final AtomicInteger asked = new AtomicInteger();
        final DaemonConfig config = DaemonConfig.parseDeferred(raw, () ->
        {
            asked.incrementAndGet();
            return "broker1.example.net";
        });
        assertEquals(0, asked.get(), "not asked to read the configuration");
        assertEquals("broker1.example.net", config.identity());
        assertEquals("broker1.example.net", config.identity());
        assertEquals(1, asked.get(), "asked once");

        raw.put("identity", "set.example.net");
        assertEquals("set.example.net", DaemonConfig.parseDeferred(raw, () ->
        {
            throw new AssertionError("identity is set");
        }).identity());
    }
}
