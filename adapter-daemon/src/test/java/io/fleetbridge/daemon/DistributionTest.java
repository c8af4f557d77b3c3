package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Holds the files under {@code dist/} to the code: the example configuration parses, the dashboard names real metrics. */
class DistributionTest
{
    private static final Path DIST = Path.of(System.getProperty("fleetbridge.configurationDoc", "../docs/configuration.md"))
        .toAbsolutePath().normalize().getParent().resolveSibling("dist");

    @Test
    void shouldShipAnExampleConfigurationTheDaemonAccepts()
    {
        final DaemonConfig config = DaemonConfig.load(DIST.resolve("config/fleetbridge.conf"));
        assertEquals("discovery", config.adapters().get(0).name());
        assertTrue(config.tls().isPresent());
    }

    @Test
    void shouldChartOnlyMetricsTheDaemonExports() throws IOException
    {
        final String dashboard = Files.readString(DIST.resolve("grafana/fleetbridge-dashboard.json"), StandardCharsets.UTF_8);
        final String exported = PrometheusText.render(java.util.List.of(new io.fleetbridge.adapter.AdapterMetrics("a")), "i");
        final Matcher metric = Pattern.compile("choria_adapter_[a-z_]+").matcher(dashboard);
        int found = 0;
        while (metric.find())
        {
            found++;
            final String name = metric.group();
            assertTrue(exported.contains("\n" + name + "{") || exported.contains("# TYPE " + name.replaceAll("_bucket$", "") + " "),
                () -> "the dashboard charts " + name + ", which the daemon does not export");
        }
        assertTrue(found > 10, "the dashboard charts the adapter metrics");
    }
}
