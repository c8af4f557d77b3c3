package io.fleetbridge.daemon.reliability;

import io.fleetbridge.testsupport.Deadline;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real daemon as a child process ({@code java -cp <test classpath> io.fleetbridge.daemon.Main
 * --config FILE}), so a test can SIGKILL or SIGTERM it the way an operator or a crash would, and
 * read its counters over HTTP ({@code plugin.choria.stats_port}) and its last words from its log.
 * Drive it from one test thread; {@link #close()} kills it if it still runs.
 */
final class DaemonProcess implements AutoCloseable
{
    private static final Pattern STOPPED = Pattern.compile(
        "stopped; received (\\d+), published (\\d+) \\((\\d+) duplicates\\), dropped \\{([^}]*)\\}");
    // the last line of a class histogram: "Total   <instances>   <bytes>"
    private static final Pattern LIVE_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final Duration SCRAPE_WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int statsPort;
    private final Path log;
    private final Process process;

    private DaemonProcess(final String name, final int statsPort, final Path log, final Process process)
    {
        this.name = name;
        this.statsPort = statsPort;
        this.log = log;
        this.process = process;
    }

    /** Writes {@code keys} (plus a free stats port) to {@code dir/name.conf} and starts a daemon on it. */
    static DaemonProcess start(final Path dir, final String name, final AdapterKeys keys) throws IOException
    {
        return start(dir, name, keys, List.of("-Xmx256m"));
    }

    /** As {@link #start(Path, String, AdapterKeys)}, with {@code jvmOptions} (the heap size among them). */
    static DaemonProcess start(final Path dir, final String name, final AdapterKeys keys, final List<String> jvmOptions)
        throws IOException
    {
        final int port = freePort();
        keys.set("plugin.choria.stats_port", Integer.toString(port)).set("identity", name);
        final Path config = dir.resolve(name + ".conf");
        Files.writeString(config, keys.file());
        final Path log = dir.resolve(name + ".log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.fleetbridge.daemon.Main", "--config", config.toString()));
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new DaemonProcess(name, port, log, process);
    }

    boolean isReady()
    {
        return get("/readyz").map(r -> r.statusCode() == 200).orElse(false);
    }

    /**
     * Waits for {@code /readyz} to answer 200: readiness is re-checked by the daemon's monitor
     * once a second, so it follows a change (a stream created) by up to a second or so.
     *
     * @throws AssertionError with what {@code /readyz} last said and the log, if not ready in time
     */
    void awaitReady(final Duration timeout)
    {
        awaitValue(timeout, name + " ready", () -> isReady() ? Optional.of(Boolean.TRUE) : Optional.empty(),
            () -> "; /readyz: " + get("/readyz").map(HttpResponse::body).orElse("(no answer)"));
    }

    /**
     * Every sample of {@code /metrics}, keyed by name and label set as written. A daemon busy with a
     * flood or a collection may miss one request's timeout: asked again while it lives, for up to
     * {@link #SCRAPE_WAIT}.
     */
    Map<String, Double> scrape()
    {
        final String body = awaitValue(SCRAPE_WAIT, name + " answers /metrics", () -> {
            if (!isAlive())
            {
                throw new AssertionError(name + " exited");
            }
            return get("/metrics").map(HttpResponse::body);
        }, () -> "");
        final Map<String, Double> samples = new LinkedHashMap<>();
        for (final String line : body.split("\n"))
        {
            if (!line.isEmpty() && !line.startsWith("#"))
            {
                final int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code labelFragment}. */
    static long value(final Map<String, Double> samples, final String metric, final String labelFragment)
    {
        double sum = 0;
        for (final Map.Entry<String, Double> sample : samples.entrySet())
        {
            final String key = sample.getKey();
            if (key.startsWith(metric + "{") && key.contains(labelFragment))
            {
                sum += sample.getValue();
            }
        }
        return (long)sum;
    }

    static long received(final Map<String, Double> samples)
    {
        return value(samples, "choria_adapter_received_msgs", "role=\"input\"");
    }

    static long published(final Map<String, Double> samples)
    {
        return value(samples, "choria_adapter_published_msgs", "");
    }

    static long dropped(final Map<String, Double> samples)
    {
        return value(samples, "choria_adapter_dropped_msgs", "");
    }

    static Map<String, Long> droppedByReason(final Map<String, Double> samples)
    {
        final Map<String, Long> drops = new LinkedHashMap<>();
        final Pattern reason = Pattern.compile("reason=\"([a-z_]+)\"");
        samples.forEach((key, value) -> {
            final Matcher matcher = reason.matcher(key);
            if (key.startsWith("choria_adapter_dropped_msgs{") && matcher.find())
            {
                drops.merge(matcher.group(1), value.longValue(), Long::sum);
            }
        });
        return drops;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * The bytes of the daemon's live objects: what it holds, not what it has not collected yet. Asks the JVM itself
     * through {@code jcmd GC.class_histogram}, which collects the whole heap and counts what survived in one
     * safepoint, so nothing the daemon allocates after the collection is counted.
     */
    long liveHeapBytes() throws IOException, InterruptedException
    {
        final Matcher live = LIVE_TOTAL.matcher(jcmd("GC.class_histogram"));
        if (!live.find())
        {
            throw new AssertionError("no total from jcmd GC.class_histogram");
        }
        return Long.parseLong(live.group(1));
    }

    private String jcmd(final String command) throws IOException, InterruptedException
    {
        final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(process.pid()), command).redirectErrorStream(true).start();
        final String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0)
        {
            throw new AssertionError("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    /** SIGKILL, as a crash or the OOM killer would end it; returns once it is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits up to {@code timeout} for the exit; the exit code, or -1 if it still runs. */
    int terminate(final Duration timeout) throws InterruptedException
    {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** The counters the daemon logged when it stopped: received, published, duplicates, and drops by reason. */
    FinalCount finalCount()
    {
        final Matcher matcher = STOPPED.matcher(logText());
        if (!matcher.find())
        {
            throw new AssertionError(name + " logged no final count; log:\n" + logText());
        }
        final Map<String, Long> drops = new LinkedHashMap<>();
        for (final String pair : matcher.group(4).split(",\\s*"))
        {
            final String[] kv = pair.split("=");
            drops.put(kv[0], Long.parseLong(kv[1]));
        }
        return new FinalCount(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
            Long.parseLong(matcher.group(3)), drops);
    }

    /** What a daemon reports on its way out. */
    record FinalCount(long received, long published, long duplicates, Map<String, Long> dropped)
    {
        long droppedTotal()
        {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    String logText()
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    /** {@link Deadline#awaitValue}, whose failure (or the probe's) also says {@code detail} and shows the log. */
    private <T> T awaitValue(final Duration timeout, final String what, final Supplier<Optional<T>> probe,
        final Supplier<String> detail)
    {
        try
        {
            return Deadline.awaitValue(timeout, what, probe);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + detail.get() + "; log:\n" + logText(), ex);
        }
    }

    private Optional<HttpResponse<String>> get(final String path)
    {
        try
        {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
