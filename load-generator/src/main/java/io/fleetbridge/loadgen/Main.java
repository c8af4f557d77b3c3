package io.fleetbridge.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar load-generator.jar [options]}: plays a Choria fleet against the ingest subject,
 * checks what lands in the stream, prints the report, and exits 0 (pass), 1 (a duplicate, or loss beyond
 * {@code --allow-loss}, or nothing sent) or 2 (bad options, or the run could not start), stopped by
 * Ctrl-C or SIGTERM as well.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, subcommands = CreateStreamCommand.class, sortOptions = false, usageHelpWidth = 110,
    version = "fleetbridge load-generator 0.1.0",
    description = {
        "Plays a fleet of virtual Choria nodes against the adapter's ingest subject on an open-loop schedule,",
        "reads the output stream back and checks every envelope: missing, duplicated, corrupted, late.",
        "Latency counts from each message's scheduled send time (no coordinated omission).",
        "Exit status: 0 pass, 1 lost or corrupted beyond --allow-loss, any stored twice, or nothing sent; 2 bad options or cannot run;",
        "stopped by Ctrl-C or SIGTERM, it waits up to 3 s for what is in flight, reports, and exits the same way.",
        "Subcommand: 'create-stream' makes the output stream for a quick start (see create-stream --help).", ""})
public final class Main implements Callable<Integer>
{
    /**
     * How long Ctrl-C waits for the report: once stopped, a run flushes for at most 1 s a connection, waits at most
     * 3 s for what is in flight, and scrapes the daemon once, which a stuck daemon can hold for its 5 s connect and
     * 10 s request timeouts.
     */
    private static final long REPORT_GRACE_S = 25;

    @Mixin
    private LoadOptions options = new LoadOptions();

    public static void main(final String[] args)
    {
        System.setProperty("java.awt.headless", "true");
        final CommandLine cli = new CommandLine(new Main());
        // scripts/scenario passes a scenario's options first and the user's after: the last one wins
        cli.setOverwrittenOptionsAllowed(true);
        // a mistyped option: its message and where help is, not seventy lines of usage
        cli.setParameterExceptionHandler((ex, given) ->
        {
            ex.getCommandLine().getErr().println("load-generator: " + ex.getMessage());
            ex.getCommandLine().getErr().println("See: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            commandLine.getErr().println("load-generator: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        try
        {
            options.validate();
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("load-generator: " + e.getMessage());
            return 2;
        }
        // Ctrl-C ends the run early but still prints the report of what was sent until then
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch reported = new CountDownLatch(1);
        final AtomicInteger exitCode = new AtomicInteger(2);
        final Thread hook = new Thread(() ->
        {
            stop.set(true);
            try
            {
                if (reported.await(REPORT_GRACE_S, TimeUnit.SECONDS))
                {
                    // the JVM would exit with the signal's 130 or 143, and System.exit waits for this hook: a
                    // script could not tell a stopped run that passed from one that failed
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(exitCode.get());
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }, "loadgen-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            exitCode.set(report(LoadRun.run(options, stop)));
            return exitCode.get();
        }
        finally
        {
            reported.countDown();
        }
    }

    private int report(final LoadReport report) throws IOException
    {
        System.out.print(report.format());
        if (options.hgrm() != null)
        {
            writeHgrm(report);
            System.out.println("  latency histogram: " + options.hgrm());
        }
        if (options.plot() != null)
        {
            LatencyPlot.write(report, options.plot());
            System.out.println("  plot: " + options.plot());
        }
        System.out.flush();
        return report.exitCode();
    }

    private void writeHgrm(final LoadReport report) throws IOException
    {
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(options.hgrm()), false,
            StandardCharsets.UTF_8))
        {
            // microseconds recorded, milliseconds printed
            report.latencyUs().outputPercentileDistribution(out, 5, 1000.0);
        }
    }
}
