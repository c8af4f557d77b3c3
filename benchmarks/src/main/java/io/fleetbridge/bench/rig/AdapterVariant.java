package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.Adapter;
import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.LatencyRecorder;
import io.fleetbridge.adapter.RingWait;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Our adapter, the full path: core NATS ingest, decoding, the ring, the publishers, JetStream
 * acknowledged with {@code Nats-Msg-Id}. Configured as the other variants are tuned: ingest and
 * stream workers = the cell's connections, acks in flight shared over the publishers, and a
 * ring larger than the load source's window, so that the ring never fills because of the rig.
 *
 * <p>In a cell of several lanes it runs one {@link Adapter} per lane in this JVM, as a daemon runs the adapters of one
 * configuration: each with its own name, ingest subject and stream, each configured as the one-lane adapter is, and
 * every count summed over them. The latency recorders are the first adapter's (the open-loop points have one lane).
 *
 * <p>Threads: those {@link Adapter} names, per adapter. {@link #completed()} reads the adapters' metrics
 * (published plus every drop), lock free and without allocating.
 */
final class AdapterVariant implements OpenLoopVariant
{
    private final boolean choriaWorkers;
    private final RingWait wait;
    private Adapter[] adapters = new Adapter[0];
    private AdapterMetrics[] metrics = new AdapterMetrics[0];

    /**
     * @param choriaWorkers run with the worker counts a Choria config gets by default (10 ingest,
     *                      10 stream) and the default acks in flight, instead of the tuned ones
     * @param wait how its publisher threads wait for the ring ({@code stream.wait_strategy})
     */
    AdapterVariant(final boolean choriaWorkers, final RingWait wait)
    {
        this.choriaWorkers = choriaWorkers;
        this.wait = wait;
    }

    @Override
    public String name()
    {
        return choriaWorkers ? "adapter, Choria defaults" : "adapter (ours)";
    }

    @Override
    public boolean needsSource()
    {
        return true;
    }

    @Override
    public void prepare(final Cell cell) throws Exception
    {
        adapters = new Adapter[cell.lanes()];
        metrics = new AdapterMetrics[cell.lanes()];
        for (int i = 0; i < cell.lanes(); i++)
        {
            final String name = i == 0 ? "rig" : "rig" + (i + 1);
            metrics[i] = new AdapterMetrics(name);
            adapters[i] = new Adapter(config(name, cell.lane(i)), metrics[i], UnaryOperator.identity());
            // subscribes in start(): the load source only starts after this variant has started
            adapters[i].start();
        }
    }

    private AdapterConfig config(final String name, final Cell cell)
    {
        final AdapterConfig.Builder builder = AdapterConfig.builder(name)
            .type("jetstream")
            .streamServers(List.of(cell.url()))
            .streamTopic(cell.streamTopic())
            .ingestServers(List.of(cell.url()))
            .ingestTopic(cell.ingestSubject())
            .ingestProtocol(IngestProtocol.REQUEST)
            .waitStrategy(wait)
            // A slot is released only once every older slot of every shard is settled, so the ring
            // holds the source's window plus whatever the slowest ack keeps behind it: never
            // less than the daemon's default.
            .queueLength(AdapterConfig.roundUpToPowerOfTwo(
                Math.max(AdapterConfig.DEFAULT_QUEUE_LENGTH, Math.max(cell.window() + 1, cell.acksInFlight()))));
        if (!choriaWorkers)
        {
            // the cell's connection count even where the pinned JVM has fewer processors
            builder.streamWorkers(cell.connections())
                .ingestWorkers(cell.connections())
                .workerLimit(cell.connections())
                .maxInflight(Math.max(1, cell.acksInFlight() / cell.connections()));
        }
        return builder.build();
    }

    @Override
    public void start()
    {
        // running since prepare; the load source starts the traffic
    }

    @Override
    public long completed()
    {
        long completed = 0;
        for (final AdapterMetrics adapter : metrics)
        {
            completed += adapter.published.sum() + adapter.droppedTotal();
        }
        return completed;
    }

    @Override
    public LatencyRecorder ingestToAck()
    {
        return metrics[0].ingestToAck;
    }

    @Override
    public LatencyRecorder sendToAck()
    {
        return metrics[0].outputTime;
    }

    @Override
    public Map<DropReason, Long> dropsByReason()
    {
        final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (final DropReason reason : DropReason.values())
        {
            long count = 0;
            for (final AdapterMetrics adapter : metrics)
            {
                count += adapter.dropped(reason).sum();
            }
            if (count > 0)
            {
                drops.put(reason, count);
            }
        }
        return drops;
    }

    @Override
    public long dropped()
    {
        long dropped = 0;
        for (final AdapterMetrics adapter : metrics)
        {
            dropped += adapter.droppedTotal();
        }
        return dropped;
    }

    @Override
    public String dropReasons()
    {
        final StringBuilder reasons = new StringBuilder();
        dropsByReason().forEach((reason, count) ->
            reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.label()).append('=').append(count));
        return reasons.toString();
    }

    @Override
    public boolean drain(final Duration bound, final long offered) throws InterruptedException
    {
        return Outstanding.await(bound, () -> {
            long received = 0;
            for (int i = 0; i < adapters.length; i++)
            {
                // the adapter folds the client's slow-consumer drops into its counts on each tick, which a
                // daemon runs once a second: fold them now, or the last second's would read as lost
                adapters[i].tick();
                received += metrics[i].received.sum();
            }
            return Math.max(0, offered - received) + received - completed();
        });
    }

    @Override
    public void close()
    {
        for (final Adapter adapter : adapters)
        {
            if (adapter != null)
            {
                adapter.close();
            }
        }
    }
}
