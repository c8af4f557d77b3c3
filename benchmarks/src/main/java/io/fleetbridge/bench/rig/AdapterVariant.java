package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.Adapter;
import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.LatencyRecorder;

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
 * <p>Threads: those {@link Adapter} names. {@link #completed()} reads the adapter's metrics
 * (published plus every drop), lock free.
 */
final class AdapterVariant implements OpenLoopVariant
{
    private final boolean choriaWorkers;
    private Adapter adapter;
    private AdapterMetrics metrics;

    /**
     * @param choriaWorkers run with the worker counts a Choria config gets by default (10 ingest,
     *                      10 stream) and the default acks in flight, instead of the tuned ones
     */
    AdapterVariant(final boolean choriaWorkers)
    {
        this.choriaWorkers = choriaWorkers;
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
        final AdapterConfig.Builder builder = AdapterConfig.builder("rig")
            .type("jetstream")
            .streamServers(List.of(cell.url()))
            .streamTopic(cell.streamTopic())
            .ingestServers(List.of(cell.url()))
            .ingestTopic(cell.ingestSubject())
            .ingestProtocol(IngestProtocol.REQUEST)
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
        final AdapterConfig config = builder.build();
        metrics = new AdapterMetrics("rig");
        adapter = new Adapter(config, metrics, UnaryOperator.identity());
        // subscribes in start(): the load source only starts after this variant has started
        adapter.start();
    }

    @Override
    public void start()
    {
        // running since prepare; the load source starts the traffic
    }

    @Override
    public long completed()
    {
        return metrics.published.sum() + metrics.droppedTotal();
    }

    @Override
    public LatencyRecorder ingestToAck()
    {
        return metrics.ingestToAck;
    }

    @Override
    public LatencyRecorder sendToAck()
    {
        return metrics.outputTime;
    }

    @Override
    public Map<DropReason, Long> dropsByReason()
    {
        final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (final DropReason reason : DropReason.values())
        {
            final long count = metrics.dropped(reason).sum();
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
        return metrics.droppedTotal();
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
            // the adapter folds the client's slow-consumer drops into its counts on each tick, which a
            // daemon runs once a second: fold them now, or the last second's would read as lost
            adapter.tick();
            final long received = metrics.received.sum();
            return Math.max(0, offered - received) + received - completed();
        });
    }

    @Override
    public void close()
    {
        if (adapter != null)
        {
            adapter.close();
        }
    }
}
