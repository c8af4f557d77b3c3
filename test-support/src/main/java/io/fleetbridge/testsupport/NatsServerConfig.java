package io.fleetbridge.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the configuration file of one test {@code nats-server}: everything bound to
 * 127.0.0.1, JetStream with file storage in the server's own store directory, optional cluster
 * block, then the caller's extra fragment verbatim (TLS, authorization, accounts), so a later
 * key in the fragment can add what the harness does not know about. Immutable; no threads.
 */
record NatsServerConfig(
    String serverName,
    ServerPorts ports,
    Path storeDir,
    int maxPayloadBytes,
    String clusterName,
    List<Integer> routePorts,
    String extraConfig)
{
    String render()
    {
        final StringBuilder conf = new StringBuilder(512);
        conf.append("# generated for one test run; rewritten on every start\n");
        conf.append("server_name: ").append(quote(serverName)).append('\n');
        conf.append("listen: \"127.0.0.1:").append(ports.client()).append("\"\n");
        conf.append("http: \"127.0.0.1:").append(ports.monitor()).append("\"\n");
        if (maxPayloadBytes > 0)
        {
            conf.append("max_payload: ").append(maxPayloadBytes).append('\n');
        }
        conf.append("jetstream {\n  store_dir: ").append(quote(storeDir.toString())).append("\n}\n");
        if (ports.cluster() > 0)
        {
            final String routes = routePorts.stream()
                .map(port -> "\"nats-route://127.0.0.1:" + port + "\"")
                .collect(Collectors.joining(", "));
            conf.append("cluster {\n")
                .append("  name: ").append(quote(clusterName)).append('\n')
                .append("  listen: \"127.0.0.1:").append(ports.cluster()).append("\"\n")
                .append("  routes: [").append(routes).append("]\n")
                .append("}\n");
        }
        if (extraConfig != null && !extraConfig.isBlank())
        {
            conf.append("# extra configuration from the test\n").append(extraConfig).append('\n');
        }
        return conf.toString();
    }

    private static String quote(final String value)
    {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
