package io.fleetbridge.adapter;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.MonitorEndpoint;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A close that comes while start-up is still subscribing the ingest side: the connection start-up
 * opened is drained and closed like any other, and every message it took is counted. Start-up is
 * held, through {@link StartUpPause}, right after the ingest subscription is sent and before the
 * server has confirmed it; the server's own list of open connections ({@code /connz}) says what
 * is left.
 */
@SuppressWarnings("try")
class AdapterStartUpCloseTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TOTAL = 50;

    @Test
    void shouldDrainAndCloseTheIngestConnectionOfAStartUpThatCloseInterrupts() throws Exception
    {
        closeDuringStartUp(false);
    }

    @Test
    void shouldCloseTheIngestConnectionOfAStartUpWhenTheCloseIsItselfInterrupted() throws Exception
    {
        closeDuringStartUp(true);
    }

    private static void closeDuringStartUp(final boolean interruptClose) throws Exception
    {
        final AdapterEndToEndTest.Names names = new AdapterEndToEndTest.Names();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1); // never: only close's interrupt lets start-up go on
        final StartUpPause hold = index -> {
            subscribed.countDown();
            released.await();
        };
        final MonitorEndpoint monitor = NATS.server().monitor();
        try (Connection nc = Nats.connect(NATS.url()))
        {
            StreamContents.create(nc, names.stream, names.prefix + ".>");
            final Adapter adapter = new Adapter(config(names), new AdapterMetrics(names.adapter), UnaryOperator.identity(),
                UnaryOperator.identity(), UnaryOperator.identity(), hold);
            adapter.start();
            try
            {
                assertTrue(subscribed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "start-up reached the ingest subscription");
                Deadline.await(WAIT, "the server routes the ingest subject to the adapter",
                    () -> monitor.get("/connz?subs=1").map(r -> r.body().contains('"' + names.ingest + '"')).orElse(false));
                for (int i = 0; i < TOTAL; i++)
                {
                    nc.publish(names.ingest, ChoriaMessage.v1Request("node-" + i + ".example.net", String.format("%032d", i),
                        ChoriaMessage.TIME_SECONDS, "{}".getBytes(StandardCharsets.UTF_8)).bytes());
                }
                Deadline.await(WAIT, "every message taken by the half-started adapter",
                    () -> adapter.metrics().received.sum() == TOTAL);
                assertEquals(1, openConnections(monitor, names.adapter, "ingest"), "start-up is still holding its connection");
            }
            finally
            {
                if (interruptClose)
                {
                    Thread.currentThread().interrupt();
                }
                adapter.close();
            }
            if (interruptClose)
            {
                assertTrue(Thread.interrupted(), "an interrupted close keeps the interrupt");
            }

            Deadline.await(WAIT, "no connection of the adapter left open on the server",
                () -> openConnections(monitor, names.adapter, "") == 0);
            final AdapterMetrics metrics = adapter.metrics();
            assertEquals(TOTAL, metrics.received.sum());
            AdapterEndToEndTest.assertAccounted(metrics);
        }
    }

    /** Connections the server lists as open whose name starts with the adapter's name and {@code side}. */
    private static int openConnections(final MonitorEndpoint monitor, final String adapter, final String side)
    {
        // a busy server may miss the monitor's short timeout once: ask again rather than fail
        final String body = Deadline.awaitValue(WAIT, "an answer from /connz", () -> monitor.get("/connz?limit=1024")).body();
        final Matcher names = Pattern.compile("\"name\":\\s*\"" + Pattern.quote("fleetbridge " + adapter + " " + side)).matcher(body);
        int open = 0;
        while (names.find())
        {
            open++;
        }
        return open;
    }

    private static AdapterConfig config(final AdapterEndToEndTest.Names names)
    {
        return AdapterConfig.builder(names.adapter)
            .streamServers(List.of(NATS.url()))
            .streamTopic(names.prefix + ".%s")
            .streamWorkers(1)
            .ingestTopic(names.ingest)
            .ingestProtocol(IngestProtocol.REQUEST)
            .ingestWorkers(1)
            .ingestServers(List.of(NATS.url()))
            .queueLength(64)
            .drainTimeoutMs(5_000)
            .build();
    }
}
