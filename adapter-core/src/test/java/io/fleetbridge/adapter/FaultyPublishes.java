package io.fleetbridge.adapter;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.fleetbridge.testsupport.Deadline;

/**
 * Starts an adapter whose publish calls pass through a test's {@code faults}: ingest and stream
 * on one real server, two publishers, a 300 ms ack timeout so that lost publishes are retried
 * within a short test. Returns once the adapter is ready.
 */
final class FaultyPublishes
{
    private FaultyPublishes()
    {
    }

    static Adapter start(final String url, final AdapterEndToEndTest.Names names, final UnaryOperator<PublishCall> faults,
        final Duration wait) throws InterruptedException
    {
        final AdapterConfig config = AdapterConfig.builder(names.adapter)
            .streamServers(List.of(url))
            .streamTopic(names.prefix + ".%s")
            .streamWorkers(2)
            .ingestTopic(names.ingest)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestWorkers(1)
            .ingestServers(List.of(url))
            .ackTimeoutMs(300)
            .queueLength(1024).build();
        return start(config, faults, wait);
    }

    /** Starts an adapter of {@code config} whose publish calls pass through {@code faults}; returns once it is ready. */
    static Adapter start(final AdapterConfig config, final UnaryOperator<PublishCall> faults, final Duration wait)
        throws InterruptedException
    {
        final Adapter adapter = new Adapter(config, new AdapterMetrics(config.name()), UnaryOperator.identity(),
            UnaryOperator.identity(), faults);
        adapter.start();
        Deadline.await(wait, "adapter ready", () -> adapter.problems().isEmpty());
        return adapter;
    }
}
