package io.fleetbridge.adapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where Choria's published JSON schemas are, when the project sits beside the shared reference
 * data ({@code shared/choria-schemas} in this folder or one above). Tests that check documents
 * against them skip when it is absent; the schemas are reference data, not part of the project.
 */
public final class SharedSchemas
{
    private SharedSchemas()
    {
    }

    /** The schemas' folder, or null when none is found above the working directory. */
    public static Path directory()
    {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("shared").resolve("choria-schemas");
            if (Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
