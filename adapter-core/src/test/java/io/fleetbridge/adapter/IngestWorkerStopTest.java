package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.RingBuffer;
import org.junit.jupiter.api.Test;

import io.fleetbridge.testsupport.Deadline;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;

/**
 * Closing an adapter counts what its ring holds, but jnats closes a connection without waiting
 * for the handler: an input counted as received and still being decoded would reach the ring
 * after that count, received but never published nor dropped. {@link IngestWorker#stop} waits
 * for it, and what arrives after is a {@code shutdown} drop.
 */
class IngestWorkerStopTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] GOOD = TestMessages.v1Request(ChoriaMessage.SENDER, ChoriaMessage.REQUEST_ID,
        "{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldWaitForTheInputInHandBeforeItsRingIsCounted() throws Exception
    {
        final AdapterMetrics metrics = new AdapterMetrics("stopping");
        final RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.requestWorker(ring, metrics);
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch readable = new CountDownLatch(1);

        final Thread dispatcher = new Thread(() -> worker.onMessage(held(reading, readable)), "test-dispatcher");
        dispatcher.start();
        // the body is read after the gate was looked at: waiting on received alone could let stop close it first
        assertTrue(reading.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the input held in decoding");
        assertEquals(1, metrics.received.sum());

        // what the ring holds when stop returns; -1 if stop gave up
        final CompletableFuture<Long> queuedWhenStopped = CompletableFuture.supplyAsync(
            () -> worker.stop(WAIT.toNanos()) ? ring.getCursor() + 1 : -1L);
        Deadline.await(WAIT, "the gate closed", worker::stopped);
        readable.countDown();
        dispatcher.join(WAIT.toMillis());

        assertEquals(1L, queuedWhenStopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
            "stop returned only once the input in hand was in the ring");
        assertEquals(0, metrics.droppedTotal());
    }

    /** The adapter counts it, from what the closed connection read: counted here as well, a late one would count twice. */
    @Test
    void shouldLeaveAnInputThatArrivesAfterStopUncounted()
    {
        final AdapterMetrics metrics = new AdapterMetrics("stopped");
        final RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.requestWorker(ring, metrics);

        worker.onMessage(NatsMessage.builder().subject("in").data(GOOD).build());
        assertTrue(worker.stop(0), "nothing in hand");
        worker.onMessage(NatsMessage.builder().subject("in").data(GOOD).build());

        assertEquals(1, metrics.received.sum());
        assertEquals(0, ring.getCursor(), "only the first queued");
        assertEquals(0, metrics.droppedTotal(), "received = queued");
    }

    /** A good input that opens {@code reading} when its body is asked for, and gives it once {@code readable} opens. */
    private static Message held(final CountDownLatch reading, final CountDownLatch readable)
    {
        final Message good = NatsMessage.builder().subject("in").data(GOOD).build();
        return (Message)Proxy.newProxyInstance(IngestWorkerStopTest.class.getClassLoader(), new Class<?>[] {Message.class},
            (proxy, method, args) ->
            {
                if ("getData".equals(method.getName()))
                {
                    reading.countDown();
                    readable.await();
                }
                return method.invoke(good, args);
            });
    }
}
