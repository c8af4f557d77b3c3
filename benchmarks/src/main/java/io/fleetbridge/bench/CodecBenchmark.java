package io.fleetbridge.bench;

import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DecodedMessage;
import io.fleetbridge.adapter.EnvelopeEncoder;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.TransportDecoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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

/**
 * The Choria codec against the straightforward way ({@link BaselineCodec}), per message:
 * decode alone and decode plus envelope encoding, for v1 registrations of about 1 KiB and
 * 8 KiB and a v2 registration of about 1 KiB. Our decode should allocate nothing and our
 * encode only the body it returns; compare {@code gc.alloc.rate.norm}.
 *
 * <p>Run: {@code mvn -B -pl benchmarks -am package -DskipTests} then
 * {@code taskset -c 1 java -jar benchmarks/target/benchmarks.jar CodecBenchmark -prof gc} (pinned to one CPU)
 * (quick look: add {@code -f 1 -wi 3 -w 1 -i 5 -r 1}). Compare only numbers from one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class CodecBenchmark
{
    @Param({"V1_1K", "V1_8K", "V1_14K", "V2_1K"})
    public String payload;

    private byte[] input;
    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final DecodedMessage message = new DecodedMessage();
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private final BaselineCodec baseline = new BaselineCodec();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        switch (payload)
        {
            case "V1_1K":
                input = RegistrationMessages.v1Sample(1024);
                break;
            case "V1_8K":
                input = RegistrationMessages.v1Sample(8192);
                break;
            case "V1_14K":
                // a typical registration with its facts
                input = RegistrationMessages.v1Sample(14 * 1024);
                break;
            default:
                input = RegistrationMessages.v2Sample(1024);
                break;
        }
        // refuse to measure a path that does not succeed
        if (decoder.decode(input, 0, input.length, message) != DecodeResult.OK || baseline.decode(input).sender == null)
        {
            throw new IllegalStateException("benchmark input does not decode: " + payload);
        }
    }

    @Benchmark
    public DecodeResult decode()
    {
        return decoder.decode(input, 0, input.length, message);
    }

    @Benchmark
    public byte[] decodeAndEncode()
    {
        decoder.decode(input, 0, input.length, message);
        return encoder.encode(message);
    }

    @Benchmark
    public BaselineCodec.Decoded baselineDecode() throws IOException
    {
        return baseline.decode(input);
    }

    @Benchmark
    public byte[] baselineDecodeAndEncode() throws IOException
    {
        return baseline.encode(baseline.decode(input));
    }
}
