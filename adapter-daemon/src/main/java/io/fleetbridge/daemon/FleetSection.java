package io.fleetbridge.daemon;

import static io.fleetbridge.daemon.ConfigKeys.FLEET_ADVISORY_SUBJECT;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_ENABLE;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_INSPECT_DURATION;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_MAX_NAME_BYTES;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_MAX_NODES;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_SCAN_INTERVAL;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_STATE_FILE;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_WARN_DURATION;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_TOPIC;

import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.fleetbridge.fleet.FleetSettings;

/**
 * Reads the {@code plugin.choria.adapter.<name>.fleet.} keys of one adapter into
 * {@link FleetSettings}. Stateless.
 */
final class FleetSection
{
    /** The table is sized for this many nodes at start and grows past it. */
    static final int EXPECTED_NODES = 1 << 14;
    /** What {@link #namesTheNode} asks of {@code stream.topic}, and why, for the messages that refuse a topic. */
    static final String TOPIC_RULE = "ending in .%s, and no other %s (such as choria.node_metadata.%s): the subject is how the view "
        + "knows which node registered, and a node's name has dots";

    private FleetSection()
    {
    }

    static boolean enabled(final Map<String, String> raw, final String name)
    {
        return FLEET_ENABLE.read(raw, name);
    }

    /** As {@link #read(Map, String, Path)} for values read from no file. */
    static FleetSettings read(final Map<String, String> raw, final String name)
    {
        return read(raw, name, null);
    }

    /**
     * The settings, whether or not the view is enabled (the {@code fleet} command reads them either way); a relative
     * {@code fleet.state_file} is taken from {@code directory}, the configuration file's, when there is one.
     */
    static FleetSettings read(final Map<String, String> raw, final String name, final Path directory)
    {
        final long inspectMs = FLEET_INSPECT_DURATION.read(raw, name);
        final Long warn = FLEET_WARN_DURATION.read(raw, name);
        // the replicator's default: warn at half the inspect duration
        final long warnMs = warn == null ? inspectMs / 2 : warn;
        if (warnMs >= inspectMs)
        {
            throw ConfigException.badValue(FLEET_WARN_DURATION.key(name), GoDuration.format(warnMs),
                "expected less than " + FLEET_INSPECT_DURATION.key(name) + " (" + GoDuration.format(inspectMs) + ")");
        }
        final String subject = FLEET_ADVISORY_SUBJECT.read(raw, name);
        if (subject != null)
        {
            FLEET_ADVISORY_SUBJECT.parse(FLEET_ADVISORY_SUBJECT.key(name), subject);
            try
            {
                ValueType.subject(false).parse(subject);
            }
            catch (final IllegalArgumentException ex)
            {
                throw ConfigException.badValue(FLEET_ADVISORY_SUBJECT.key(name), subject, ex.getMessage() + "; expected "
                    + FLEET_ADVISORY_SUBJECT.expected());
            }
        }
        if (enabled(raw, name))
        {
            if (!namesTheNode(STREAM_TOPIC.read(raw, name)))
            {
                throw new ConfigException(FLEET_ENABLE.key(name) + " = true needs " + STREAM_TOPIC.key(name) + " " + TOPIC_RULE);
            }
        }
        final int maxNodes = FLEET_MAX_NODES.read(raw, name);
        final Long maxNameBytes = FLEET_MAX_NAME_BYTES.read(raw, name);
        return new FleetSettings(warnMs, inspectMs, FLEET_SCAN_INTERVAL.read(raw, name), subject == null ? "" : subject,
            Math.min(EXPECTED_NODES, maxNodes), maxNodes,
            maxNameBytes == null ? FleetSettings.defaultMaxNameBytes(maxNodes) : maxNameBytes, stateFile(raw, name, directory));
    }

    private static Path stateFile(final Map<String, String> raw, final String name, final Path directory)
    {
        final String value = FLEET_STATE_FILE.read(raw, name);
        if (value == null || value.isBlank())
        {
            return null;
        }
        final Path path;
        try
        {
            path = Path.of(value.strip());
        }
        catch (final InvalidPathException ex)
        {
            throw ConfigException.badValue(FLEET_STATE_FILE.key(name), value, ex.getMessage() + "; expected " + FLEET_STATE_FILE.expected());
        }
        final Path resolved = path.isAbsolute() || directory == null ? path : directory.resolve(path).normalize();
        // a directory would be refused at every start and every write would fail, beside it rather than in it
        if (path.getFileName() == null || value.strip().endsWith("/") || Files.isDirectory(resolved))
        {
            throw ConfigException.badValue(FLEET_STATE_FILE.key(name), value, "it names a directory; expected a file in it, "
                + "such as /var/lib/fleetbridge/" + name + ".fleet");
        }
        return resolved;
    }

    /**
     * Whether a view can read every sender back from the subjects of {@code topic}: its {@code %s} last and once, since a
     * sender is a dotted host name and only a trailing {@code %s} reads back as one node, whole.
     */
    static boolean namesTheNode(final String topic)
    {
        return topic != null && topic.endsWith(".%s") && topic.indexOf("%s") == topic.length() - 2;
    }
}
