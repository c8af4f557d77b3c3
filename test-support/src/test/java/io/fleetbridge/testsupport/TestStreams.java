package io.fleetbridge.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.TestInfo;

/** Connections and per-test stream names shared by the harness tests. */
final class TestStreams
{
    static final JetStreamOptions FAST_API = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build();
    /** For creating a stream: a replicated one waits for a new Raft group's election, slow on a busy machine. */
    static final JetStreamOptions CREATE_API = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(30)).build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestStreams()
    {
    }

    /** A stream name unique to this test method and call, e.g. {@code T3_shouldDoIt}. */
    static String nameFor(final TestInfo test)
    {
        final String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
        return "T" + SEQUENCE.incrementAndGet() + "_" + method;
    }

    /** A connection that keeps reconnecting quickly, as the servers under test come and go. */
    static Connection connect(final String... urls) throws IOException, InterruptedException
    {
        final Options options = Options.builder()
            .servers(urls)
            .connectionTimeout(Duration.ofSeconds(2))
            .reconnectWait(Duration.ofMillis(50))
            .maxReconnects(-1)
            .build();
        return Nats.connect(options);
    }

    static void addFileStream(final Connection nc, final String name, final int replicas)
        throws IOException, JetStreamApiException
    {
        nc.jetStreamManagement(CREATE_API).addStream(StreamConfiguration.builder()
            .name(name)
            .subjects(name + ".>")
            .storageType(StorageType.File)
            .replicas(replicas)
            .build());
    }
}
