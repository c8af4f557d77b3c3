package io.fleetbridge.adapter;

import io.fleetbridge.bench.RegistrationMessages;
import io.nats.client.impl.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Everything our publisher does for one message before jnats takes it, without NATS: encode
 * the envelope, build the node's subject, take a window position and an attempt id, build or
 * reuse the reply subject and the {@code Nats-Msg-Id} header, settle the attempt as acknowledged;
 * and the header's serialisation, which jnats' writer thread asks of it later. Beside it, the
 * same with the header as a plain jnats {@link Headers} and the read-only copy jnats makes of
 * such a header on publish: what the publisher did before {@link MsgIdHeader}. Both label the
 * attempt alike ({@link AttemptLabels}), so the plain variant also pays for filling the reusable
 * header it then does not send: a few nanoseconds, and no allocation.
 *
 * <p>The allocation contract is that ours allocates only the envelope body it returns; compare
 * {@code gc.alloc.rate.norm}. Lives in the core's package because the publisher's parts are
 * package-private. Run:
 * {@code taskset -c 1 java -jar benchmarks/target/benchmarks.jar PublishPrepareBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class PublishPrepareBenchmark
{
    private final DecodedMessage message = new DecodedMessage();
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private final SubjectTemplate subjects = new SubjectTemplate("choria.node_metadata.%s");
    private final AckWindow window = new AckWindow(1024);
    private final AttemptLabels labels = new AttemptLabels("_INBOX.bench.0.", window.capacity());
    private final byte[] wire = new byte[4096];
    private long sequence;

    @Setup(Level.Trial)
    public void setUp()
    {
        final byte[] input = RegistrationMessages.v1Sample(1024);
        if (new TransportDecoder(IngestProtocol.REQUEST).decode(input, 0, input.length, message) != DecodeResult.OK)
        {
            throw new IllegalStateException("benchmark input does not decode");
        }
    }

    @Benchmark
    public byte[] prepare(final Blackhole hole)
    {
        return prepare(hole, true);
    }

    @Benchmark
    public byte[] prepareWithPlainHeader(final Blackhole hole)
    {
        return prepare(hole, false);
    }

    private byte[] prepare(final Blackhole hole, final boolean reusableHeader)
    {
        final byte[] body = encoder.encode(message);
        final int position = window.add(sequence++);
        final long attemptId = window.beginAttempt(position, sequence);
        hole.consume(subjects.subjectFor(message.sender(), message.senderLength()));
        labels.keep(position, message.requestId(), message.requestIdLength());
        labels.label(position, attemptId);
        hole.consume(labels.replyTo(position));
        final Headers header = reusableHeader ? labels.header(position) : plainHeaderAsJnatsKeepsIt();
        hole.consume(header.serializeToArray(0, wire));
        window.complete(position, attemptId, AckWindow.ACKED);
        window.markDone(position);
        return body;
    }

    private Headers plainHeaderAsJnatsKeepsIt()
    {
        final Headers plain = new Headers().put(MsgIdHeader.KEY,
            new String(message.requestId(), 0, message.requestIdLength(), StandardCharsets.US_ASCII));
        return new Headers(plain, true); // the read-only copy jnats makes of a header that is not read-only
    }
}
