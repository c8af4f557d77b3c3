package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigFileTest
{
    @Test
    void shouldReadKeysAndValuesIgnoringCommentsBlanksAndWhitespace()
    {
        final Map<String, String> values = ConfigFile.parse(List.of(
            "# a comment",
            "",
            "   loglevel   =   debug   ",
            "identity=node1",
            "\t# indented comment",
            "plugin.choria.stats_port= 8222",
            "url = nats://a:4222?x=y"), "t");

        assertEquals(Map.of("loglevel", "debug", "identity", "node1", "plugin.choria.stats_port", "8222",
            "url", "nats://a:4222?x=y"), values);
    }

    @Test
    void shouldLetTheLaterDuplicateWin()
    {
        final Map<String, String> values = ConfigFile.parse(List.of("loglevel = debug", "identity = a", "loglevel = warn"), "t");

        assertEquals("warn", values.get("loglevel"));
        assertEquals(List.of("identity", "loglevel"), List.copyOf(values.keySet()));
    }

    @Test
    void shouldTreatEmptyValueAsNotSet()
    {
        final Map<String, String> values = ConfigFile.parse(List.of("logfile = /var/log/x.log", "logfile ="), "t");

        assertFalse(values.containsKey("logfile"));
    }

    @Test
    void shouldNameLineWithoutEqualsAndNotEchoIt()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> ConfigFile.parse(List.of("identity = a", "plugin.nats.pass hunter2"), "broker.conf"));

        assertEquals("broker.conf line 2: expected key = value, found no \"=\"", ex.getMessage());
    }
}
