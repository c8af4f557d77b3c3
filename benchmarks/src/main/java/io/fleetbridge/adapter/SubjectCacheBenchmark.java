package io.fleetbridge.adapter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One subject lookup of a fleet registering in rounds (every node once, the same order each
 * round), with the publisher's {@link SubjectCache} of 65,536 slots and, beside it, the
 * direct-mapped table it replaced ({@link DirectMapped}): the rig's 10,000 nodes, and a fleet as
 * large as the cache. Compare {@code gc.alloc.rate.norm}: a hit allocates nothing, a miss builds
 * the subject. Run:
 * {@code taskset -c 1 java -jar benchmarks/target/benchmarks.jar SubjectCacheBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
public class SubjectCacheBenchmark
{
    private static final String TOPIC = "choria.node_metadata.%s";
    private static final int SLOTS = 65_536;

    @Param({"10000", "65536"})
    public int nodes;

    private byte[][] senders;
    private int[] hashes;
    private SubjectCache cache;
    private DirectMapped direct;
    private int next;

    @Setup
    public void setUp()
    {
        senders = new byte[nodes][];
        hashes = new int[nodes];
        for (int k = 0; k < nodes; k++)
        {
            senders[k] = String.format("n%06d.fleet.example.net", k).getBytes(StandardCharsets.US_ASCII);
            hashes[k] = DecodedMessage.hash(senders[k], senders[k].length);
        }
        cache = new SubjectCache(TOPIC, SLOTS);
        direct = new DirectMapped(SLOTS);
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < nodes; k++)
            {
                cache.subjectFor(senders[k], senders[k].length, hashes[k]);
                direct.subjectFor(senders[k], senders[k].length, hashes[k]);
            }
        }
    }

    @Benchmark
    public String fourWays()
    {
        final int k = next();
        return cache.subjectFor(senders[k], senders[k].length, hashes[k]);
    }

    @Benchmark
    public String directMapped()
    {
        final int k = next();
        return direct.subjectFor(senders[k], senders[k].length, hashes[k]);
    }

    private int next()
    {
        final int k = next;
        next = k + 1 == nodes ? 0 : k + 1;
        return k;
    }

    /** The table {@link SubjectCache} replaced: one slot per hash, a miss evicts, for the template {@value #TOPIC}. */
    static final class DirectMapped
    {
        private final byte[][] senders;
        private final String[] subjects;
        private final int shift;

        DirectMapped(final int slots)
        {
            this.senders = new byte[slots][];
            this.subjects = new String[slots];
            this.shift = 32 - Integer.numberOfTrailingZeros(slots);
        }

        String subjectFor(final byte[] sender, final int length, final int senderHash)
        {
            final int slot = (senderHash * 0x9E3779B9) >>> shift;
            final byte[] cached = senders[slot];
            if (cached != null && Arrays.equals(cached, 0, cached.length, sender, 0, length))
            {
                return subjects[slot];
            }
            final String subject = new StringBuilder(64).append("choria.node_metadata.")
                .append(new String(sender, 0, length, StandardCharsets.UTF_8)).toString();
            senders[slot] = Arrays.copyOf(sender, length);
            subjects[slot] = subject;
            return subject;
        }
    }
}
