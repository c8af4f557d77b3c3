package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/configuration.md} to what the key table generates. With
 * {@code -Dfleetbridge.regenerateDocs=true} it writes the file instead.
 */
class ConfigurationDocTest
{
    private static final Path DOC =
        Path.of(System.getProperty("fleetbridge.configurationDoc", "../docs/configuration.md")).toAbsolutePath().normalize();

    @Test
    void shouldMatchTheCommittedDocumentation() throws IOException
    {
        final String generated = ConfigurationDoc.render();
        if (Boolean.getBoolean("fleetbridge.regenerateDocs"))
        {
            Files.createDirectories(DOC.toAbsolutePath().getParent());
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), () -> DOC.toAbsolutePath() + " is missing; generate it with: " + ConfigurationDoc.REGENERATE_COMMAND);
        assertEquals(generated, Files.readString(DOC, StandardCharsets.UTF_8),
            () -> DOC + " is out of date with ConfigKeys; regenerate it with: " + ConfigurationDoc.REGENERATE_COMMAND);
    }

    @Test
    void shouldDocumentEveryKey()
    {
        final String doc = ConfigurationDoc.render();
        for (final ConfigKey<?> key : ConfigKeys.GLOBAL)
        {
            assertTrue(doc.contains("| `" + key.pattern() + "` |"), key::pattern);
        }
        for (final ConfigKey<?> key : ConfigKeys.ADAPTER)
        {
            assertTrue(doc.contains("| `" + key.pattern() + "` |"), key::pattern);
        }
        assertTrue(doc.contains("| `plugin.choria.adapter.<name>.stream.ack_timeout` | `2s` |"), "durations shown as written");
    }
}
