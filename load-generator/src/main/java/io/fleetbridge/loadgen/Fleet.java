package io.fleetbridge.loadgen;

/**
 * The simulated fleet: how many nodes, and each node's identity derived from its index
 * ({@code node-000123.dc2.example.net}). Nothing is stored per node, so a million nodes cost
 * nothing until a message is built.
 *
 * <p>Immutable and thread safe.
 */
final class Fleet
{
    static final int DATACENTERS = 4;
    private static final String DOMAIN = ".example.net";

    private final int digits;

    Fleet(final int nodes)
    {
        if (nodes < 1)
        {
            throw new IllegalArgumentException("a fleet needs at least one node, not " + nodes);
        }
        this.digits = Math.max(6, ByteSink.digits(nodes - 1L));
    }

    /** The node's data centre, 1..{@link #DATACENTERS}. */
    static int datacenter(final int node)
    {
        return node % DATACENTERS + 1;
    }

    /** Appends the short host name, {@code node-000123}. */
    void hostname(final int node, final ByteSink sink)
    {
        sink.ascii("node-").zeroPadded(node, digits);
    }

    /** Appends the domain, {@code dc2.example.net}. */
    static void domain(final int node, final ByteSink sink)
    {
        sink.ascii("dc").decimal(datacenter(node)).ascii(DOMAIN);
    }

    /** Appends the identity (sender id), {@code node-000123.dc2.example.net}. */
    void identity(final int node, final ByteSink sink)
    {
        hostname(node, sink);
        sink.append((byte)'.');
        domain(node, sink);
    }

    String identity(final int node)
    {
        final ByteSink sink = new ByteSink(40);
        identity(node, sink);
        return sink.toString();
    }
}
