package io.fleetbridge.bench;

import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DecodedMessage;
import io.fleetbridge.adapter.EnvelopeEncoder;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.TransportDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the ring's size would cost the codec in cache misses if each slot of the ring kept its own
 * {@link DecodedMessage}, as it did before ingest workers encoded in place: an ingest worker then
 * overwrote a slot's buffers only when the ring came round to it again, so with 32,768 slots every
 * decode wrote into memory last touched 32,767 messages earlier (about 70 MB of buffers cycle, far
 * beyond the caches). This decodes and encodes a v1
 * registration of about 1 KiB into one of {@code slots} decoded messages in turn: 1 is the
 * baseline, always in cache; 128 about what is in flight at half of (b); 32,768 the tuned
 * adapter's ring. The turn is a fixed shuffle, not allocation order, so that the hardware
 * prefetcher cannot guess the next message's memory, as it could not in a ring whose messages
 * the collector has moved.
 *
 * <p>Run: {@code mvn -B -pl benchmarks -am package -DskipTests} then
 * {@code taskset -c 1 java -jar benchmarks/target/benchmarks.jar RingFootprintBenchmark} (pinned to one CPU).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class RingFootprintBenchmark
{
    @Param({"1", "128", "32768"})
    public int slots;

    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private byte[] input;
    private DecodedMessage[] messages;
    private int[] order;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        input = RegistrationMessages.v1Sample(1024);
        messages = new DecodedMessage[slots];
        for (int i = 0; i < slots; i++)
        {
            messages[i] = new DecodedMessage();
            // grows every message's buffers to size, as the ring's first pass does; and refuses to measure a failing path
            if (decoder.decode(input, 0, input.length, messages[i]) != DecodeResult.OK)
            {
                throw new IllegalStateException("benchmark input does not decode");
            }
        }
        order = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            order[i] = i;
        }
        final Random random = new Random(42);
        for (int i = slots - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    @Benchmark
    public byte[] decodeAndEncode()
    {
        final DecodedMessage message = messages[order[next]];
        next = next + 1 == slots ? 0 : next + 1;
        decoder.decode(input, 0, input.length, message);
        return encoder.encode(message);
    }
}
