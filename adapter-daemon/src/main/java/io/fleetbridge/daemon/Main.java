package io.fleetbridge.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The command line: {@code adapter-daemon [run] --config FILE}, {@code adapter-daemon check
 * --config FILE}, {@code adapter-daemon create-stream --config FILE} and
 * {@code adapter-daemon version}; {@code --help} on each.
 *
 * <p>{@code --config FILE} without a subcommand runs the daemon, so that
 * {@code java -jar adapter-daemon.jar --config FILE} keeps working.
 */
@Command(
    name = "adapter-daemon",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    subcommands = {RunCommand.class, CheckCommand.class, CreateStreamCommand.class, FleetCommand.class, VersionCommand.class},
    description = {
        "Moves Choria registration (or reply) traffic from a NATS subject into NATS JetStream, acknowledged, "
            + "de-duplicated by Nats-Msg-Id, and accounted for.",
        "",
        "Reads the Choria Broker's adapter keys (plugin.choria.adapters, plugin.choria.adapter.<name>.*); see "
            + "docs/configuration.md for every key. Without a command, --config FILE runs the daemon."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by a signal after draining", "2:bad command line or configuration", "1:failed to start"})
public final class Main implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Choria broker configuration file (key = value lines); runs the daemon")
    private Path config;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The parser with every subcommand, for main and tests. */
    static CommandLine commandLine()
    {
        return new CommandLine(new Main());
    }

    @Override
    public Integer call() throws Exception
    {
        if (config == null)
        {
            spec.commandLine().usage(System.err);
            return 2;
        }
        return RunCommand.run(config);
    }

    /** Prints the version from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"fleetbridge adapter-daemon " + Version.current()};
        }
    }
}
