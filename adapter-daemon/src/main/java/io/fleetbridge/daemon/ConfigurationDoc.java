package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates {@code docs/configuration.md} from the key table in {@link ConfigKeys}, so that the
 * documentation says exactly what validation does. A unit test fails when the committed file
 * differs from {@link #render()}; regenerate with {@link #REGENERATE_COMMAND}, or run this
 * class's {@code main} with the path of the file. Stateless.
 */
public final class ConfigurationDoc
{
    /** The command a developer runs after changing the table. */
    public static final String REGENERATE_COMMAND =
        "mvn -B -pl adapter-core,adapter-daemon -am test -Dtest=ConfigurationDocTest " +
        "-Dsurefire.failIfNoSpecifiedTests=false -Dfleetbridge.regenerateDocs=true";

    /** A configuration that {@link DaemonConfig} accepts; a test holds it to that. */
    public static final String EXAMPLE = String.join("\n",
        "# The Choria Broker's own file works as it is: keys fleetbridge does not read are ignored.",
        "# There, logfile and plugin.choria.stats_port are the broker's: give fleetbridge its own.",
        "identity = broker1.example.net",
        "loglevel = info",
        "plugin.fleetbridge.logfile = /var/log/fleetbridge/fleetbridge.log",
        "plugin.choria.stats_address = 0.0.0.0",
        "plugin.fleetbridge.stats_port = 8223",
        "plugin.choria.middleware_hosts = broker1.example.net:4222, broker2.example.net:4222",
        "",
        "plugin.nats.user = fleetbridge",
        "plugin.nats.pass = s3cret",
        "plugin.security.provider = file",
        "plugin.security.file.certificate = /etc/fleetbridge/ssl/cert.pem",
        "plugin.security.file.key = /etc/fleetbridge/ssl/key.pem",
        "plugin.security.file.ca = /etc/fleetbridge/ssl/ca.pem",
        "",
        "plugin.choria.adapters = discovery",
        "plugin.choria.adapter.discovery.type = jetstream",
        "plugin.choria.adapter.discovery.queue_len = 50000",
        "plugin.choria.adapter.discovery.stream.servers = nats://stream1.example.net:4222, nats://stream2.example.net:4222",
        "plugin.choria.adapter.discovery.stream.topic = choria.node_metadata.%s",
        "plugin.choria.adapter.discovery.stream.workers = 4",
        "plugin.choria.adapter.discovery.stream.retry_for = 2m",
        "plugin.choria.adapter.discovery.ingest.topic = choria.broadcast.agent.registration",
        "plugin.choria.adapter.discovery.ingest.protocol = request",
        "plugin.choria.adapter.discovery.ingest.workers = 4",
        "");

    /** What the ids cost the server, for operators; prose, kept here so that the whole file is generated. */
    private static final String STREAM_SERVER = """

        ## The stream's server

        Every message carries a `Nats-Msg-Id`, its request id (with `ingest.protocol = reply`, its sender and
        request id, `web1.example.net:<id>`: every node's reply to one request carries that request's id),
        and the server remembers each id for the stream's duplicate window, so that a re-send after a lost
        acknowledgement is not stored twice. The daemon
        and `check` warn when that window is shorter than `stream.retry_for`, naming the `nats` command
        that lengthens it; a longer window buys nothing and costs the server memory.

        At registration rates (100,000 nodes every 5 minutes is 333 messages a second) the ids cost the
        server nothing to speak of. At tens of thousands a second they are most of the latency tail
        (`docs/benchmarks-method.md`, "What the server costs"): the server's Go collector keeps marking the map of
        ids. Two settings of the server's process moved that tail in our measurements:

        - give it a `GOMAXPROCS` no larger than the CPUs it really has: Go sizes its runtime once, at
          start, from the CPUs it may run on then, and a server moved onto fewer CPUs later, or (before
          Go 1.25) held to a container's CPU limit, schedules more processors than it has, and its
          collector's worker competes with the work;
        - a larger `GOGC` (400 in our runs, against Go's 100) makes the collector mark less often, for a
          heap up to five times the live data rather than twice.
        """;

    private ConfigurationDoc()
    {
    }

    /** Writes the document to the path given, by default {@code docs/configuration.md}. */
    public static void main(final String[] args) throws IOException
    {
        final Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }

    /** The whole document. */
    public static String render()
    {
        final StringBuilder out = new StringBuilder(16 * 1024);
        out.append("# Configuration\n\n");
        out.append("<!-- Generated from ConfigKeys by io.fleetbridge.daemon.ConfigurationDoc: do not edit by hand.\n");
        out.append("     Regenerate with: ").append(REGENERATE_COMMAND).append(" -->\n\n");
        out.append("fleetbridge reads the configuration file of the Choria Broker, with the same keys for the same\n");
        out.append("things, so that it can replace the broker's adapters without a new file.\n\n");
        out.append("## Format\n\n");
        out.append("- One `key = value` per line; the spaces around `=` are optional.\n");
        out.append("- Lines starting with `#` are comments; blank lines and surrounding whitespace are ignored.\n");
        out.append("- A key given twice takes its later value; a line `key =` with nothing after it is ignored, as Choria\n");
        out.append("  ignores it (an earlier value stays).\n");
        out.append("- Then every `plugin.d/<plugin>.cfg` beside the file is read, in name order, each line as\n");
        out.append("  `plugin.<plugin>.key = value` (`plugin.d/choria.cfg` holds `adapter.<name>.type = ...`); its values win.\n");
        out.append("  As in Choria, `plugin.d` is not read for a file under `$HOME`, and the daemon's settings of the table below\n");
        out.append("  that are Choria's own (`plugin.nats.*`, `plugin.security.*`, ...) count only in the file and `choria.cfg`:\n");
        out.append("  set in another `plugin.d` file they are skipped with a warning. `check` lists the files read.\n");
        out.append("- Choria's environment variables `MCOLLECTIVE_NATS_USERNAME`, `_PASSWORD` and `_CREDENTIALS` replace\n");
        out.append("  `plugin.nats.user`, `pass` and `credentials` where the file sets them; a leading `~` in a path is `$HOME`.\n");
        out.append("- Booleans are `true`/`false`, `yes`/`no`, `y`/`n`, `t`/`f` or `1`/`0`; Choria reads any other word as false,\n");
        out.append("  so fleetbridge refuses it.\n");
        out.append("- Keys outside `plugin.choria.adapter.` and `plugin.fleetbridge.` that fleetbridge does not read are ignored.\n");
        out.append("  Under those two, an unknown key (a typo, or an adapter missing from `plugin.choria.adapters`)\n");
        out.append("  stops the daemon with an error naming it.\n");
        out.append("- Server lists are comma separated `host:port`, `nats://host:port` or `tls://host:port`.\n");
        out.append("- Durations are written as in Go (`500ms`, `2s`, `1m30s`, `1h`); a plain number is seconds; as in Choria,\n");
        out.append("  one number may end in `d`, `w`, `M` (30 days) or `y` (365 days), counted in whole hours.\n");
        out.append("- Problems stop the daemon (exit 2) with every one of them listed, one line each naming the key, the value\n");
        out.append("  and what is allowed.\n\n");
        out.append("## Daemon\n\n");
        table(out, ConfigKeys.GLOBAL);
        out.append("\n## Adapters\n\n");
        out.append("Each adapter listed in `plugin.choria.adapters` reads the keys below, with `<name>` replaced by its name.\n\n");
        table(out, ConfigKeys.ADAPTER);
        out.append("\n## Example\n\n```\n").append(EXAMPLE).append("```\n");
        out.append(STREAM_SERVER);
        return out.toString();
    }

    private static void table(final StringBuilder out, final List<ConfigKey<?>> keys)
    {
        out.append("| key | default | allowed | meaning |\n");
        out.append("| --- | --- | --- | --- |\n");
        for (final ConfigKey<?> key : keys)
        {
            out.append("| `").append(key.pattern()).append("` | ")
                .append(defaultCell(key)).append(" | ")
                .append(cell(key.expected())).append(" | ")
                .append(cell(key.meaning())).append(" |\n");
        }
    }

    private static String defaultCell(final ConfigKey<?> key)
    {
        if (key.required())
        {
            return "**required**";
        }
        return key.literalDefault() ? "`" + key.defaultText() + "`" : cell(key.defaultText());
    }

    /** Escapes a table cell: pipes everywhere, angle brackets outside code spans (inside, they are literal). */
    private static String cell(final String text)
    {
        final String[] parts = text.replace("|", "\\|").split("`", -1);
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < parts.length; i++)
        {
            if (i > 0)
            {
                out.append('`');
            }
            out.append(i % 2 == 1 ? parts[i] : parts[i].replace("<", "&lt;").replace(">", "&gt;"));
        }
        return out.toString();
    }
}
