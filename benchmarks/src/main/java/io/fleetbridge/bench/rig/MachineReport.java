package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The facts about the machine a report's figures belong to: cores, CPU model, Java and
 * nats-server versions, the CPUs the JVM and the server may run on, and the server's GOMAXPROCS
 * and GOGC. Read once per run; anything unreadable reads as "unknown". Stateless.
 */
final class MachineReport
{
    private MachineReport()
    {
    }

    /**
     * @param serverVarz the server's {@code /varz} document, or null: its {@code gomaxprocs} shows how many
     *                   processors the Go runtime schedules on, which pinning after start would not change
     */
    static String describe(final long serverPid, final String natsServerBinary, final String serverVarz)
    {
        return "| | |\n| --- | --- |\n"
            // the JVM's own count is 1 when it is pinned, so ask for the machine's
            + "| cores (nproc --all) | " + command("nproc", "--all") + " |\n"
            + "| load average at start | " + loadAverage() + " |\n"
            + "| CPU | " + cpuModel() + " |\n"
            + "| Java | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " |\n"
            + "| nats-server | " + command(natsServerBinary, "--version") + " |\n"
            + "| JVM may run on CPUs | " + affinity(ProcessHandle.current().pid()) + " |\n"
            + "| nats-server may run on CPUs | " + affinity(serverPid) + " |\n"
            + "| nats-server GOMAXPROCS | " + jsonNumber(serverVarz, "gomaxprocs") + " |\n"
            // the server inherits this JVM's environment; GOGC sets how often its collector marks the id map
            + "| nats-server GOGC | " + Objects.requireNonNullElse(System.getenv("GOGC"), "100 (Go's default)") + " |\n";
    }

    /** The number after {@code "key":} in a flat JSON document, or "unknown". */
    static String jsonNumber(final String json, final String key)
    {
        final String quoted = "\"" + key + "\":";
        final int at = json == null ? -1 : json.indexOf(quoted);
        if (at < 0)
        {
            return "unknown";
        }
        int from = at + quoted.length();
        while (from < json.length() && json.charAt(from) == ' ')
        {
            from++;
        }
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to)))
        {
            to++;
        }
        return to > from ? json.substring(from, to) : "unknown";
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }

    static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8))
            {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException e)
        {
            return "unknown";
        }
        return "unknown";
    }

    /** The CPU list of a process as {@code taskset -cp} prints it, or "unknown". */
    static String affinity(final long pid)
    {
        final String out = command("taskset", "-cp", Long.toString(pid));
        final int colon = out.lastIndexOf(':');
        return colon >= 0 ? out.substring(colon + 1).trim() : out;
    }

    /** The first lines of a command's output, or "unknown" if it cannot run. */
    static String command(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return out.isEmpty() ? "unknown" : out.replace('\n', ' ');
        }
        catch (final IOException e)
        {
            return "unknown";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
