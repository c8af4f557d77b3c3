package io.fleetbridge.adapter;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code stream.wait_strategy}: the choice reaches the ring, and every choice still wakes the publisher to poll its acks. */
@SuppressWarnings("try")
class RingWaitTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldParseTheConfigurationValuesAndNothingElse()
    {
        assertEquals(RingWait.BLOCKING, RingWait.parse("blocking"));
        assertEquals(RingWait.YIELDING, RingWait.parse(" Yielding "));
        assertEquals(RingWait.BUSY_SPIN, RingWait.parse("busy_spin"));
        assertNull(RingWait.parse("busy-spin"));
        assertNull(RingWait.parse("sleeping"));
        assertEquals(RingWait.BLOCKING, AdapterConfig.DEFAULT_WAIT_STRATEGY, "no core burnt unless asked for");
    }

    @Test
    void shouldHandTheConfiguredStrategyToTheRing()
    {
        final Map<RingWait, Class<? extends WaitStrategy>> expected = Map.of(
            RingWait.BLOCKING, ParkingWaitStrategy.class,
            RingWait.YIELDING, TimeoutYieldingWaitStrategy.class,
            RingWait.BUSY_SPIN, TimeoutBusySpinWaitStrategy.class);
        for (final RingWait wait : RingWait.values())
        {
            final AdapterConfig config = config("w", "in.w", "out.w.%s", 1, wait);
            assertEquals(wait, config.waitStrategy());
            try (Adapter adapter = new Adapter(config, new AdapterMetrics("w"), UnaryOperator.identity()))
            {
                assertSame(expected.get(wait), adapter.waitStrategy().getClass(), wait.label());
            }
        }
    }

    /**
     * The publisher polls its acks when it wakes; with no new message only the timeout wakes it. The Disruptor's
     * own yielding and busy-spin strategies never time out, and this would hang.
     */
    @ParameterizedTest
    @EnumSource(RingWait.class)
    void shouldTimeOutWhenNoMessageComesAndReturnWhatIsAvailable(final RingWait wait)
    {
        final WaitStrategy strategy = wait.create(TICK_NS);
        final RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, strategy);
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence published = new Sequence(-1);

        assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> assertThrows(TimeoutException.class, () -> strategy.waitFor(0, published, published, barrier)));

        published.set(3);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(3, strategy.waitFor(0, published, published, barrier)));
    }

    @ParameterizedTest
    @EnumSource(RingWait.class)
    void shouldAcknowledgeTheLastMessagesOfABurstWhenNoMessageWakesThePublisher(final RingWait wait) throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final AdapterConfig config = config(names.adapter, names.ingest, names.prefix + ".%s", 1, wait);
        try (Connection nc = Nats.connect(NATS.url());
             Adapter adapter = new Adapter(config, new AdapterMetrics(names.adapter), UnaryOperator.identity()))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            adapter.start();
            Deadline.await(Duration.ofSeconds(30), "adapter ready", () -> adapter.problems().isEmpty());
            for (int i = 0; i < 200; i++)
            {
                nc.publish(names.ingest, ChoriaMessage.v1Request("node-" + (i % 7), String.format("%032x", i + 1),
                    ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
            }
            // the acks of the last batch come after the publisher's last message: only its timeout polls them
            Deadline.await(Duration.ofSeconds(30), "all 200 acknowledged", () -> adapter.metrics().published.sum() == 200);
            AdapterEndToEndTest.assertAccounted(adapter.metrics());
        }
    }

    private static AdapterConfig config(final String name, final String ingest, final String topic, final int workers,
        final RingWait wait)
    {
        return AdapterConfig.builder(name)
            .streamServers(List.of(NATS.url()))
            .streamTopic(topic)
            .streamWorkers(workers)
            .ingestTopic(ingest)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestWorkers(1)
            .ingestServers(List.of(NATS.url()))
            .queueLength(1024)
            .waitStrategy(wait)
            .build();
    }
}
