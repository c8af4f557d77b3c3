package io.fleetbridge.testsupport;

/**
 * The loopback ports one {@code nats-server} listens on: clients, HTTP monitoring and, for a
 * cluster node, routes ({@code 0} when not clustered). Immutable.
 */
record ServerPorts(int client, int monitor, int cluster)
{
    static ServerPorts pickStandalone()
    {
        return new ServerPorts(FreePort.pick(), FreePort.pick(), 0);
    }

    static ServerPorts pickClustered()
    {
        return new ServerPorts(FreePort.pick(), FreePort.pick(), FreePort.pick());
    }
}
