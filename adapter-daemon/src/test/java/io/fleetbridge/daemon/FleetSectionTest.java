package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fleetbridge.fleet.AdvisoryEvent;
import io.fleetbridge.fleet.FleetSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSectionTest
{
    private static Map<String, String> keys()
    {
        return OneAdapterKeys.with("plugin.choria.adapter.reg.stream.topic", "choria.node_metadata.%s");
    }

    @Test
    void shouldBeOffByDefaultWithTheReplicatorsDefaultDurations()
    {
        final DaemonConfig config = DaemonConfig.parse(keys(), "host");
        assertTrue(config.fleet("reg").isEmpty());
        final FleetSettings settings = config.fleetSettings("reg");
        assertEquals(3_600_000, settings.inspectMs());
        assertEquals(1_800_000, settings.warnMs(), "warn defaults to half the inspect duration, as in the replicator");
        assertEquals(10_000, settings.scanIntervalMs());
        assertEquals(false, settings.advises());
    }

    @Test
    void shouldReadEveryFleetKey()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.fleet.enable", "true");
        keys.put("plugin.choria.adapter.reg.fleet.inspect_duration", "20m");
        keys.put("plugin.choria.adapter.reg.fleet.warn_duration", "12m");
        keys.put("plugin.choria.adapter.reg.fleet.scan_interval", "5s");
        keys.put("plugin.choria.adapter.reg.fleet.advisory.subject", "choria.fleet.advisory.%s");
        final FleetSettings settings = DaemonConfig.parse(keys, "host").fleet("reg").orElseThrow();
        assertEquals(new FleetSettings(720_000, 1_200_000, 5_000, "choria.fleet.advisory.%s", FleetSection.EXPECTED_NODES), settings);
    }

    @Test
    void shouldRefuseAWarnDurationNotShorterThanTheInspectDuration()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.fleet.inspect_duration", "10m");
        keys.put("plugin.choria.adapter.reg.fleet.warn_duration", "10m");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("plugin.choria.adapter.reg.fleet.warn_duration"), ex.getMessage());
        assertTrue(ex.getMessage().contains("less than plugin.choria.adapter.reg.fleet.inspect_duration"), ex.getMessage());
    }

    @Test
    void shouldRefuseTheViewWhenTheTopicDoesNotNameTheNode()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.stream.topic", "choria.node_metadata");
        keys.put("plugin.choria.adapter.reg.fleet.enable", "true");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("fleet.enable = true needs plugin.choria.adapter.reg.stream.topic ending in .%s"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnAdvisorySubjectWithAWildcard()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.fleet.advisory.subject", "fleet.*.%s");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("plugin.choria.adapter.reg.fleet.advisory.subject"), ex.getMessage());
        assertTrue(ex.getMessage().contains("wildcards cannot be published to"), ex.getMessage());
    }

    @Test
    void shouldFilterTheAdvisoriesByEventAndNode()
    {
        assertEquals("fleet.*", FleetCheck.advisoryFilter("fleet.%s"));
        assertEquals("fleet.*.>", FleetCheck.advisoryFilter("fleet.%s.%v"));
        assertEquals("FLEET", FleetCheck.advisoryFilter("FLEET"));
    }

    /** A node's name has dots (web1.example.net): wherever %v stands, the advisory's subject has that many more tokens. */
    @Test
    void shouldFilterTheAdvisoriesWithEverythingFromTheNodeOnAsTheRest()
    {
        assertEquals("fleet.>", FleetCheck.advisoryFilter("fleet.%v.%s"));
        assertEquals("fleet.>", FleetCheck.advisoryFilter("fleet.node-%v.%s"));
        assertEquals("fleet.*.x.>", FleetCheck.advisoryFilter("fleet.%s.x.%v.y"));
        assertEquals(">", FleetCheck.advisoryFilter("%v.%s"));
    }

    /** The server lists a stream whose subjects merely overlap the filter: fleet.*.* overlaps fleet.> yet never holds fleet.web1.example.net.new. */
    @Test
    void shouldCountAnAdvisoryCapturedOnlyByAStreamSubjectThatHoldsItWhole()
    {
        assertEquals(List.of(AdvisoryEvent.values()), FleetCheck.uncaptured("fleet.%v.%s", List.of("fleet.*.*")));
        assertEquals(List.of(), FleetCheck.uncaptured("fleet.%v.%s", List.of("fleet.>")));
        assertEquals(List.of(), FleetCheck.uncaptured("fleet.%s", List.of("fleet.*")));
        assertEquals(List.of(AdvisoryEvent.RECOVER, AdvisoryEvent.EXPIRE),
            FleetCheck.uncaptured("fleet.%s.%v", List.of("fleet.new.>", "fleet.timeout.>", "fleet.recover")));
    }

    /** A sender is a dotted host name: with %s before the end, the view would read back only undotted names, or none. */
    @Test
    void shouldRefuseAFleetViewOverATopicWhoseSenderIsNotTheLastToken()
    {
        for (final String topic : new String[] {"choria.%s.node_metadata", "choria.node_metadata.%s.%s", "choria.node_metadata"})
        {
            final Map<String, String> keys = keys();
            keys.put("plugin.choria.adapter.reg.fleet.enable", "true");
            keys.put("plugin.choria.adapter.reg.stream.topic", topic);
            final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"), topic);
            assertTrue(ex.getMessage().contains("ending in .%s, and no other %s"), ex.getMessage());
        }
    }

    @Test
    void shouldReadTheNodeLimit()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.fleet.max_nodes", "5000");
        final FleetSettings settings = DaemonConfig.parse(keys, "host").fleetSettings("reg");
        assertEquals(5000, settings.maxNodes());
        assertEquals(5000, settings.expectedNodes(), "never sized past the limit");
        keys.put("plugin.choria.adapter.reg.fleet.max_nodes", "0");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("plugin.choria.adapter.reg.fleet.max_nodes = \"0\""), ex.getMessage());
    }

    @Test
    void shouldBudgetSixtyFourBytesOfNamesANodeUnlessTold()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapter.reg.fleet.max_nodes", "5000");
        assertEquals(320_000, DaemonConfig.parse(keys, "host").fleetSettings("reg").maxNameBytes());
        keys.put("plugin.choria.adapter.reg.fleet.max_name_bytes", "1m");
        assertEquals(1 << 20, DaemonConfig.parse(keys, "host").fleetSettings("reg").maxNameBytes());
        keys.put("plugin.choria.adapter.reg.fleet.max_name_bytes", "255");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("plugin.choria.adapter.reg.fleet.max_name_bytes = \"255\""), ex.getMessage());
    }

    @Test
    void shouldTakeARelativeStateFileFromTheConfigurationsDirectory()
    {
        final Map<String, String> keys = keys();
        assertEquals(null, DaemonConfig.parse(keys, "host").fleetSettings("reg").stateFile(), "none by default");
        keys.put("plugin.choria.adapter.reg.fleet.state_file", "state/reg.fleet");
        assertEquals(Path.of("/etc/choria/state/reg.fleet"),
            DaemonConfig.parse(keys, "host", Path.of("/etc/choria/broker.conf")).fleetSettings("reg").stateFile());
        keys.put("plugin.choria.adapter.reg.fleet.state_file", "/var/lib/fleetbridge/reg.fleet");
        assertEquals(Path.of("/var/lib/fleetbridge/reg.fleet"),
            DaemonConfig.parse(keys, "host", Path.of("/etc/choria/broker.conf")).fleetSettings("reg").stateFile());
    }

    /** A directory would be refused at every start, and every write would go beside it, where the unit may not write. */
    @Test
    void shouldRefuseAStateFileThatIsADirectory(@TempDir final Path dir)
    {
        final Map<String, String> keys = keys();
        for (final String directory : List.of("/var/lib/fleetbridge/", dir.toString()))
        {
            keys.put("plugin.choria.adapter.reg.fleet.state_file", directory);
            final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"), directory);
            assertTrue(ex.getMessage().contains("it names a directory; expected a file in it, such as /var/lib/fleetbridge/reg.fleet"),
                ex.getMessage());
        }
    }

    /** Two views writing one file would each restore the other's nodes. */
    @Test
    void shouldRefuseOneStateFileForTwoAdapters()
    {
        final Map<String, String> keys = keys();
        keys.put("plugin.choria.adapters", "reg,other");
        keys.put("plugin.choria.adapter.other.type", "jetstream");
        keys.put("plugin.choria.adapter.other.stream.servers", "stream1:4222");
        keys.put("plugin.choria.adapter.other.ingest.topic", "choria.broadcast.agent.other");
        keys.put("plugin.choria.adapter.reg.fleet.state_file", "/var/lib/fleetbridge/fleet");
        keys.put("plugin.choria.adapter.other.fleet.state_file", "/var/lib/fleetbridge/fleet");
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.parse(keys, "host"));
        assertTrue(ex.getMessage().contains("plugin.choria.adapter.other.fleet.state_file = /var/lib/fleetbridge/fleet is "
            + "plugin.choria.adapter.reg.fleet.state_file too"), ex.getMessage());
    }
}
