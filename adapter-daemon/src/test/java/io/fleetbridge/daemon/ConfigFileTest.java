package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void shouldIgnoreALineWithAnEmptyValueAsChoriaDoes()
    {
        final Map<String, String> values = ConfigFile.parse(List.of("logfile = /var/log/x.log", "logfile =", "identity="), "t");

        assertEquals("/var/log/x.log", values.get("logfile"));
        assertFalse(values.containsKey("identity"));
    }

    @Test
    void shouldMergePluginDirectoryFilesAfterTheFileWithTheirPluginPrefix(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        Files.writeString(file, "loglevel = info\nplugin.choria.adapters = old\nplugin.choria.stats_port = 8222\n");
        final Path plugins = Files.createDirectory(dir.resolve("plugin.d"));
        Files.writeString(plugins.resolve("choria.cfg"), "adapters = discovery\nadapter.discovery.type = jetstream\nstats_port =\n");
        Files.writeString(plugins.resolve("nats.cfg"), "plugin_option = u\n");
        Files.writeString(plugins.resolve("ignored.conf"), "x = y\n");

        final Map<String, String> values = ConfigFile.read(file, "/nonexistent-home");

        assertEquals(Map.of("loglevel", "info", "plugin.choria.adapters", "discovery", "plugin.choria.stats_port", "8222",
            "plugin.choria.adapter.discovery.type", "jetstream", "plugin.nats.plugin_option", "u"), values);
        assertEquals(List.of(file, dir.resolve("plugin.d/choria.cfg"), dir.resolve("plugin.d/nats.cfg")),
            ConfigFile.files(file, "/nonexistent-home"));
    }

    @Test
    void shouldSkipChoriasOwnSettingsInPluginFilesOtherThanChoriaCfgAsTheBrokerDoes(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        Files.writeString(file, "plugin.security.provider = puppet\n");
        final Path plugins = Files.createDirectory(dir.resolve("plugin.d"));
        // the broker sets no field of its configuration from these: it would connect without the user and stay on puppet
        Files.writeString(plugins.resolve("nats.cfg"), "user = u\npass = p\n");
        Files.writeString(plugins.resolve("security.cfg"), "provider = file\n");
        // but it does from choria.cfg, and our own file is ours
        Files.writeString(plugins.resolve("choria.cfg"), "middleware_hosts = b1:4222\n");
        Files.writeString(plugins.resolve("fleetbridge.cfg"), "stats_port = 9100\n");
        final List<String> skipped = new ArrayList<>();

        final Map<String, String> values = ConfigFile.read(file, "/nonexistent-home", skipped);

        assertEquals(Map.of("plugin.security.provider", "puppet", "plugin.choria.middleware_hosts", "b1:4222",
            "plugin.fleetbridge.stats_port", "9100"), values);
        assertEquals(List.of(
            plugins.resolve("nats.cfg") + " sets plugin.nats.user, which is ignored: the Choria Broker reads its own settings only from "
                + "broker.conf and plugin.d/choria.cfg; set it in broker.conf",
            plugins.resolve("nats.cfg") + " sets plugin.nats.pass, which is ignored: the Choria Broker reads its own settings only from "
                + "broker.conf and plugin.d/choria.cfg; set it in broker.conf",
            plugins.resolve("security.cfg") + " sets plugin.security.provider, which is ignored: the Choria Broker reads its own settings "
                + "only from broker.conf and plugin.d/choria.cfg; set it in broker.conf"), skipped);
        // run and every command hear of it as a warning
        Files.writeString(file, String.join("\n", OneAdapterKeys.with().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        assertTrue(DaemonConfig.load(file).warnings().get(0).contains("sets plugin.nats.user, which is ignored"));
    }

    @Test
    void shouldLetTheLaterPluginFileWinInNameOrder(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        Files.writeString(file, "plugin.choria.adapter.d.type = main\n");
        final Path plugins = Files.createDirectory(dir.resolve("plugin.d"));
        // both name plugin.choria.adapter.d.type; "choria.adapter.cfg" sorts before "choria.cfg", so the latter wins
        Files.writeString(plugins.resolve("choria.cfg"), "adapter.d.type = last\n");
        Files.writeString(plugins.resolve("choria.adapter.cfg"), "d.type = middle\n");

        assertEquals(Map.of("plugin.choria.adapter.d.type", "last"), ConfigFile.read(file, "/nonexistent-home"));
    }

    @Test
    void shouldNotReadThePluginDirectoryOfAFileUnderHome(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("client.conf");
        Files.writeString(file, "identity = me\n");
        Files.writeString(Files.createDirectory(dir.resolve("plugin.d")).resolve("choria.cfg"), "adapters = x\n");

        assertEquals(Map.of("identity", "me"), ConfigFile.read(file, dir.toString()));
        // systemd gives a DynamicUser= service the home "/": that covers no file
        assertEquals("x", ConfigFile.read(file, "/").get("plugin.choria.adapters"));
        assertEquals("x", ConfigFile.read(file, dir + "-other").get("plugin.choria.adapters"));
    }

    @Test
    void shouldNameTheLineOfAPluginFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        Files.writeString(file, "identity = a\n");
        Files.writeString(Files.createDirectory(dir.resolve("plugin.d")).resolve("choria.cfg"), "# c\nbroken\n");

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigFile.read(file, "/nonexistent-home"));

        assertEquals(dir.resolve("plugin.d/choria.cfg") + " line 2: expected key = value, found no \"=\"", ex.getMessage());
    }

    @Test
    void shouldNameLineWithoutEqualsAndNotEchoIt()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> ConfigFile.parse(List.of("identity = a", "plugin.nats.pass hunter2"), "broker.conf"));

        assertEquals("broker.conf line 2: expected key = value, found no \"=\"", ex.getMessage());
    }

    /** A Latin-1 file was refused whole, with the decoder's words and no line; a Latin-1 comment stopped the daemon. */
    @Test
    void shouldNameTheLineThatIsNotUtf8AndReadCommentsThatAreNot(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        final byte[] latin1 = "# r\u00e9gion nord\r\nidentity = a\r\nplugin.choria.adapters = reg\nplugin.nats.pass = s\u00e9same\n"
            .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);

        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigFile.read(file, "/nonexistent-home"));
        assertEquals(file + " line 4 is not UTF-8 text (byte 0xE9 at column 21): save the file as UTF-8, e.g. with "
            + "iconv -f latin1 -t utf-8", ex.getMessage(), "the line named, its value not echoed");

        Files.write(file, Arrays.copyOf(latin1, latin1.length - "plugin.nats.pass = s\u00e9same\n".length()));
        assertEquals(Map.of("identity", "a", "plugin.choria.adapters", "reg"), ConfigFile.read(file, "/nonexistent-home"));

        // the column counts characters, as an editor does, not the bytes of those before it
        final byte[] utf8 = "identity = n\u0153ud-".getBytes(StandardCharsets.UTF_8);
        final byte[] mixed = Arrays.copyOf(utf8, utf8.length + 2);
        mixed[utf8.length] = (byte)0xE9;
        mixed[utf8.length + 1] = '\n';
        Files.write(file, mixed);
        final ConfigException mixedError = assertThrows(ConfigException.class, () -> ConfigFile.read(file, "/nonexistent-home"));
        assertTrue(mixedError.getMessage().contains("line 1 is not UTF-8 text (byte 0xE9 at column 17)"), mixedError.getMessage());
    }

    @Test
    void shouldSplitLinesAsTheJdkDoes()
    {
        assertEquals(List.of("a", "", "b", "c", "d"), ConfigFile.lines("a\n\nb\r\nc\rd".getBytes(StandardCharsets.UTF_8), "f"));
        assertEquals(List.of("a", ""), ConfigFile.lines("a\n\n".getBytes(StandardCharsets.UTF_8), "f"));
        assertEquals(List.of(), ConfigFile.lines(new byte[0], "f"));
        assertEquals(List.of("n\u0153ud = \u00e9"), ConfigFile.lines("n\u0153ud = \u00e9\n".getBytes(StandardCharsets.UTF_8), "f"));
    }
}
