package io.fleetbridge.adapter;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off from an ingest thread to a publisher thread, without NATS: our ring (claim a
 * slot, put the encoded body and its parts in, publish; a consumer thread reads them and lets the
 * body go) against the Go
 * design's bounded channel of 1000, ported as an {@link ArrayBlockingQueue} with a consumer
 * thread taking from it. Both sides block when full, so this measures the steady hand-off cost,
 * not drops.
 *
 * <p>Lives in the core's package because the ring's event type is package-private. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar RingHandoffBenchmark -prof gc}
 * (pin with {@code taskset -c 0,1}; it needs both cores: one producer, one consumer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class RingHandoffBenchmark
{
    private RingBuffer<RegistrationEvent> ring;
    private BatchEventProcessor<RegistrationEvent> processor;
    private Thread consumer;
    private final byte[] body = new byte[1700];
    private final EnvelopeParts parts = new EnvelopeParts();

    private ArrayBlockingQueue<DecodedMessage> channel;
    private Thread channelConsumer;
    private DecodedMessage channelMessage;
    private volatile boolean running;

    @Setup(Level.Trial)
    public void setUp()
    {
        ring = RingBuffer.createMultiProducer(new SlotReferences(16384).slots(new QueueBudget(Long.MAX_VALUE)), 16384,
            new LiteTimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS));
        final EventHandler<RegistrationEvent> release = (event, sequence, endOfBatch) -> {
            if (event.body().length + event.parts.senderEnd < 0)
            {
                throw new IllegalStateException("unreachable: keeps the read");
            }
            event.release();
        };
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), release);
        ring.addGatingSequences(processor.getSequence());
        consumer = new Thread(processor, "ring-consumer");
        consumer.start();

        running = true;
        channel = new ArrayBlockingQueue<>(1000);
        channelMessage = new DecodedMessage();
        channelConsumer = new Thread(() -> {
            try
            {
                while (running)
                {
                    final DecodedMessage message = channel.poll(1, TimeUnit.MILLISECONDS);
                    if (message != null && message.senderLength() < 0)
                    {
                        throw new IllegalStateException("unreachable: keeps the read");
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "channel-consumer");
        channelConsumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        processor.halt();
        consumer.join();
        running = false;
        channelConsumer.join();
    }

    /** Ours: claim, put the body (no copy) and where it holds the sender and id into the slot, publish. */
    @Benchmark
    public long ring()
    {
        final long sequence = ring.next();
        final RegistrationEvent event = ring.get(sequence);
        event.body(body);
        event.parts.copyFrom(parts);
        event.shard = 0;
        ring.publish(sequence);
        return sequence;
    }

    /** Baseline: the Go design's bounded channel of 1000 as a blocking queue. */
    @Benchmark
    public boolean channel() throws InterruptedException
    {
        channel.put(channelMessage);
        return true;
    }
}
