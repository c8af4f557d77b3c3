package io.fleetbridge.adapter;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of one adapter, shared by its ingest workers, its publishers and the metrics
 * endpoint.
 *
 * <p>Every counter is a {@link LongAdder}: updates from any thread are lock free and do not
 * allocate once the adder has spread its cells. Names follow the Choria Broker's adapter
 * metrics; {@code role} is {@code input} for the ingest side and {@code output} for the
 * JetStream side.
 *
 * <p>Invariant at any quiet moment: {@code received = published + sum(dropped)}, where
 * {@code published} counts every message JetStream acknowledged, duplicates included.
 */
public final class AdapterMetrics
{
    private final String name;

    /** Messages taken off the ingest subject ({@code choria_adapter_received_msgs}, role input). */
    public final LongAdder received = new LongAdder();
    /** Bytes taken off the ingest subject ({@code choria_adapter_bytes}, role input). */
    public final LongAdder receivedBytes = new LongAdder();
    /**
     * Inputs that could not be handled ({@code choria_adapter_errors}, role input): refused by the decoder, or dropped
     * for a full queue, as go-choria's ingest counts a full work queue.
     */
    public final LongAdder inputErrors = new LongAdder();

    /** Messages acknowledged by JetStream ({@code choria_adapter_published_msgs}, role output). */
    public final LongAdder published = new LongAdder();
    /** Envelope bytes acknowledged by JetStream ({@code choria_adapter_bytes}, role output). */
    public final LongAdder publishedBytes = new LongAdder();
    /** Of {@link #published}, those the server reported as duplicates of an earlier publish. */
    public final LongAdder duplicates = new LongAdder();
    /** Failed publish attempts: timeouts, 503, errors from the server ({@code choria_adapter_errors}, role output). */
    public final LongAdder outputErrors = new LongAdder();
    /** Publish attempts after the first, for any message. */
    public final LongAdder retries = new LongAdder();
    /** Messages that waited for an earlier message of their sender to be settled before they were published. */
    public final LongAdder senderWaits = new LongAdder();
    /** Slow-consumer events on the ingest connections. */
    public final LongAdder slowConsumers = new LongAdder();

    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Map<DecodeResult, LongAdder> rejected = new EnumMap<>(DecodeResult.class);

    /** Time to decode and enqueue one input ({@code choria_adapter_time}, role input). */
    public final LatencyRecorder inputTime = new LatencyRecorder();
    /** Time from publish to acknowledgement ({@code choria_adapter_time}, role output). */
    public final LatencyRecorder outputTime = new LatencyRecorder();
    /** Time from receipt on the ingest subject to acknowledgement by JetStream. */
    public final LatencyRecorder ingestToAck = new LatencyRecorder();

    private volatile LongSupplier queueLength = () -> 0;
    private volatile long queueCapacity;
    private volatile LongSupplier queueBytes = () -> 0;
    private volatile long queueBytesCapacity;

    public AdapterMetrics(final String name)
    {
        this.name = name;
        for (final DropReason reason : DropReason.values())
        {
            dropped.put(reason, new LongAdder());
        }
        for (final DecodeResult result : DecodeResult.values())
        {
            if (result != DecodeResult.OK)
            {
                rejected.put(result, new LongAdder());
            }
        }
    }

    /** The adapter's name, the {@code name} label. */
    public String name()
    {
        return name;
    }

    /** The counter of drops for one reason; the map is fixed at construction, so no lookup allocates. */
    public LongAdder dropped(final DropReason reason)
    {
        return dropped.get(reason);
    }

    /** Inputs rejected by the decoder, by cause; part of {@code dropped(INVALID)} or {@code dropped(TOO_LARGE)}. */
    public LongAdder rejected(final DecodeResult cause)
    {
        return rejected.get(cause);
    }

    /** Sum of drops over every reason. */
    public long droppedTotal()
    {
        long sum = 0;
        for (final LongAdder adder : dropped.values())
        {
            sum += adder.sum();
        }
        return sum;
    }

    /** Messages in the ring, not yet acknowledged or dropped ({@code choria_adapter_queue_length}). */
    public long queueLength()
    {
        return queueLength.getAsLong();
    }

    /** Slots in the ring ({@code choria_adapter_queue_capacity}). */
    public long queueCapacity()
    {
        return queueCapacity;
    }

    /** Bytes held by the messages in the ring ({@code choria_adapter_queue_bytes}). */
    public long queueBytes()
    {
        return queueBytes.getAsLong();
    }

    /** Bytes the ring may hold, {@code queue_bytes} ({@code choria_adapter_queue_bytes_capacity}). */
    public long queueBytesCapacity()
    {
        return queueBytesCapacity;
    }

    /** Called once by the pipeline that owns the ring. */
    public void bindQueueBytes(final LongSupplier held, final long capacity)
    {
        this.queueBytes = held;
        this.queueBytesCapacity = capacity;
    }

    /** Called once by the pipeline that owns the ring. */
    public void bindQueue(final LongSupplier length, final long capacity)
    {
        this.queueLength = length;
        this.queueCapacity = capacity;
    }
}
