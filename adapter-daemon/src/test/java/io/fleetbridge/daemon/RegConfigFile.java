package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A config file with one adapter, {@code reg}, on one server, for the command-line tests: the lines each needs, then its own. */
final class RegConfigFile
{
    private RegConfigFile()
    {
    }

    /** Writes {@code <dir>/<prefix>.conf}, the adapter publishing on {@code <prefix>.%s}, and returns its path. */
    static Path write(final Path dir, final String url, final String prefix, final String... extra) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        text.append("plugin.choria.adapters = reg\n")
            .append("plugin.choria.adapter.reg.type = jetstream\n")
            .append("plugin.choria.adapter.reg.stream.servers = ").append(url).append('\n')
            .append("plugin.choria.adapter.reg.stream.topic = ").append(prefix).append(".%s\n")
            .append("plugin.choria.adapter.reg.ingest.servers = ").append(url).append('\n')
            .append("plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration\n");
        for (final String line : extra)
        {
            text.append(line).append('\n');
        }
        final Path file = dir.resolve(prefix + ".conf");
        Files.writeString(file, text.toString());
        return file;
    }
}
