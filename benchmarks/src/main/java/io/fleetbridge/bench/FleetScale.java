package io.fleetbridge.bench;

import io.fleetbridge.fleet.FleetCounters;
import io.fleetbridge.fleet.FleetReader;
import io.fleetbridge.fleet.FleetSettings;
import io.fleetbridge.fleet.FleetTracker;
import io.fleetbridge.testsupport.NatsServer;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet view at scale: heap per tracked node with a million nodes, and how fast the view is
 * rebuilt from a stream holding a million nodes, against two baselines measured in the same run on
 * the same stream: the same headers-only, last-per-subject ordered consumer counting messages and
 * tracking nothing (what jnats and the server cost), and that consumer fetching whole messages
 * (what headers only saves).
 *
 * <p>Run (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * <pre>
 *   java -Xmx4g -cp benchmarks/target/benchmarks.jar io.fleetbridge.bench.FleetScale [nodes] [data-bytes] [rounds]
 * </pre>
 * defaults 1000000 nodes, 512 bytes of registration data, 3 rounds. It starts its own nats-server
 * ({@code NATS_SERVER} or {@code nats-server} on the path) on CPU 0 with a file-storage stream in a
 * temporary directory, and removes it at the end. It also reads the server's CPU time from
 * {@code /proc} (Linux): per node while rebuilding, and per stored registration with a tracker
 * following the stream and without. Single threaded apart from jnats' and the reader's threads.
 */
@SuppressWarnings("try")
public final class FleetScale
{
    private static final String PREFIX = "scale.node_metadata";

    private FleetScale()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int dataBytes = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "fleet scale: %,d nodes, %d B of data each, %d rounds; %d processors, JDK %s%n", nodes, dataBytes,
            rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        heapPerNode(nodes);
        try (NatsServer server = NatsServer.builder().name("fleet-scale").cpus("0").build())
        {
            server.start();
            try (Connection nc = Nats.connect(new Options.Builder().server(server.url()).build()))
            {
                fill(nc, nodes, dataBytes);
                final double[] tracker = new double[rounds];
                final double[] counting = new double[rounds];
                final double[] bodies = new double[rounds];
                for (int round = 0; round < rounds; round++)
                {
                    final long cpuBefore = serverCpuMs(server);
                    tracker[round] = rebuild(nc, nodes);
                    System.out.printf(Locale.ROOT, "  rebuild: server CPU %.1f us per node%n", (serverCpuMs(server) - cpuBefore) * 1000.0 / nodes);
                    counting[round] = consume(nc, nodes, true);
                    bodies[round] = consume(nc, nodes, false);
                    System.out.printf(Locale.ROOT, "round %d: rebuild %,.0f nodes/s; baselines: counting headers-only %,.0f/s, "
                        + "counting whole messages %,.0f/s%n", round + 1, tracker[round], counting[round], bodies[round]);
                }
                System.out.printf(Locale.ROOT, "median: rebuild %,.0f nodes/s = %.2f of the headers-only baseline; "
                    + "whole messages %.2f of it%n", median(tracker), median(tracker) / median(counting), median(bodies) / median(counting));
                liveCost(server, nc, nodes, dataBytes);
            }
        }
    }

    /** Fills a tracker with {@code nodes} nodes and reports the heap it holds, measured after full collections. */
    private static void heapPerNode(final int nodes)
    {
        final long before = usedAfterGc();
        final long startNs = System.nanoTime();
        final FleetTracker tracker = new FleetTracker(16_384, 60_000, 120_000, a -> true);
        final long now = System.currentTimeMillis();
        for (int i = 0; i < nodes; i++)
        {
            final String id = id(i);
            tracker.seen(id, 0, id.length(), now - (i % 60_000), 1024, false, now);
        }
        final long insertNs = System.nanoTime() - startNs;
        final long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "heap: %,d nodes tracked (ids of %d to %d chars) in %,d ms: %,.1f B per node measured "
            + "(used heap after full GC), %,.1f B per node in the table's arrays%n", tracker.size(), id(0).length(),
            id(nodes - 1).length(), insertNs / 1_000_000, (after - before) / (double)nodes, tracker.footprintBytes() / (double)nodes);
        if (tracker.size() != nodes)
        {
            throw new IllegalStateException("tracked " + tracker.size());
        }
    }

    private static long usedAfterGc()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void fill(final Connection nc, final int nodes, final int dataBytes) throws Exception
    {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("SCALE").subjects(PREFIX + ".>")
            .storageType(StorageType.File).maxMessagesPerSubject(5).build());
        final long startNs = System.nanoTime();
        publish(nc, nodes, dataBytes, nodes);
        System.out.printf(Locale.ROOT, "stream filled: %,d registrations in %,d ms%n", nodes, (System.nanoTime() - startNs) / 1_000_000);
    }

    private static long requests;

    /** Stores {@code count} registrations, one per node of the first {@code count} of {@code nodes}, acknowledged. */
    private static void publish(final Connection nc, final int count, final int dataBytes, final int nodes) throws Exception
    {
        final JetStream js = nc.jetStream();
        final ArrayDeque<CompletableFuture<PublishAck>> acks = new ArrayDeque<>();
        final String data = "x".repeat(dataBytes);
        for (int i = 0; i < count; i++)
        {
            final String id = id(i % nodes);
            final String requestId = String.format("%032x", requests++);
            final byte[] body = ("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"" + data + "\",\"sender\":\"" + id
                + "\",\"time\":\"2026-12-05T10:00:00Z\",\"requestid\":\"" + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
            acks.add(js.publishAsync(PREFIX + "." + id, body, PublishOptions.builder().messageId(requestId).build()));
            while (acks.size() >= 5_000)
            {
                acks.poll().get();
            }
        }
        while (!acks.isEmpty())
        {
            acks.poll().get();
        }
    }

    /** Nodes per second the fleet reader rebuilds at, from its start to its first snapshot. */
    private static double rebuild(final Connection nc, final int nodes) throws Exception
    {
        final FleetSettings settings = new FleetSettings(600_000, 1_200_000, 10_000, "", 16_384);
        final long startNs = System.nanoTime();
        try (FleetReader reader = new FleetReader("scale", nc, PREFIX + ".%s", settings, a -> true, new FleetCounters(),
            System::currentTimeMillis).start())
        {
            while (!reader.rebuilt())
            {
                Thread.sleep(1);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            if (reader.snapshot().known() != nodes)
            {
                throw new IllegalStateException("rebuilt " + reader.snapshot().known() + " of " + nodes);
            }
            return nodes / (elapsedNs / 1e9);
        }
    }

    /** The same consumer with nothing tracked: messages per second until the last one. */
    private static double consume(final Connection nc, final int nodes, final boolean headersOnly) throws Exception
    {
        final long startNs = System.nanoTime();
        final IterableConsumer consumer = nc.getStreamContext("SCALE", JetStreamOptions.builder().requestTimeout(Duration.ofMinutes(5))
            .build()).createOrderedConsumer(new OrderedConsumerConfiguration()
            .filterSubject(PREFIX + ".>").deliverPolicy(DeliverPolicy.LastPerSubject).headersOnly(headersOnly))
            .iterate(ConsumeOptions.builder().batchSize(FleetReaderBatch.SIZE).build());
        try
        {
            long bytes = 0;
            long firstNs = 0;
            for (int read = 0; read < nodes; )
            {
                final Message message = consumer.nextMessage(Duration.ofMinutes(5));
                if (firstNs == 0)
                {
                    firstNs = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %s consumer: first message after %,d ms%n", headersOnly ? "headers-only" : "whole-message",
                        (firstNs - startNs) / 1_000_000);
                }
                if (message == null)
                {
                    throw new IllegalStateException("stalled after " + read);
                }
                bytes += message.getSubject().length() + (message.getData() == null ? 0 : message.getData().length);
                read++;
            }
            if (bytes == 0)
            {
                throw new IllegalStateException("read nothing");
            }
            return nodes / ((System.nanoTime() - startNs) / 1e9);
        }
        finally
        {
            consumer.stop();
            consumer.close();
        }
    }

    /** CPU time the server process has used, in milliseconds (utime + stime of /proc/<pid>/stat, at 100 ticks a second). */
    private static long serverCpuMs(final NatsServer server) throws java.io.IOException
    {
        final String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + server.pid() + "/stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /**
     * The server's CPU per stored registration with a tracker following the stream and without:
     * the difference is what one tracker costs the server per registration.
     */
    private static void liveCost(final NatsServer server, final Connection nc, final int nodes, final int dataBytes) throws Exception
    {
        final int registrations = Math.min(nodes, 200_000);
        final FleetSettings settings = new FleetSettings(600_000, 1_200_000, 10_000, "", 16_384);
        final FleetCounters counters = new FleetCounters();
        final double with;
        try (FleetReader reader = new FleetReader("scale", nc, PREFIX + ".%s", settings, a -> true, counters,
            System::currentTimeMillis).start())
        {
            while (!reader.rebuilt())
            {
                Thread.sleep(1);
            }
            final long before = serverCpuMs(server);
            final long read = counters.read.sum();
            publish(nc, registrations, dataBytes, nodes);
            while (counters.read.sum() - read < registrations)
            {
                Thread.sleep(1);
            }
            with = (serverCpuMs(server) - before) * 1000.0 / registrations;
        }
        final long before = serverCpuMs(server);
        publish(nc, registrations, dataBytes, nodes);
        final double without = (serverCpuMs(server) - before) * 1000.0 / registrations;
        System.out.printf(Locale.ROOT, "live: server CPU per stored registration %.1f us with a tracker following, %.1f us without: "
            + "%.1f us per registration for the tracker (%,d registrations each)%n", with, without, with - without, registrations);
    }

    private static String id(final int i)
    {
        return "node-" + i + ".dc" + (i % 16) + ".example.net";
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The reader's pull batch, so that the baseline asks the server the same way. */
    private static final class FleetReaderBatch
    {
        static final int SIZE = 2_000;
    }
}
