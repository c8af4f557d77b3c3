package io.fleetbridge.adapter;

import com.lmax.disruptor.RingBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One publisher driven by hand on the test thread, without a server: what it counts when a
 * message fails on its way in, and what it leaves when it is stopped. (Publishing itself is
 * covered against real servers by the adapter tests.)
 */
class JetStreamPublisherTest
{
    private static final int RING = 16;

    private final RingBuffer<RegistrationEvent> ring = RingBuffer.createSingleProducer(RegistrationEvent::new, RING);
    /** How often the publisher asked for a short wait: only while something of its is awaiting an answer. */
    private final java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
    private final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
    private final AdapterMetrics metrics = new AdapterMetrics("test");
    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final JetStreamPublisher publisher = new JetStreamPublisher(
        AdapterConfig.builder("test")
            .streamServers(List.of("nats://stream:4222"))
            .ingestServers(List.of("nats://broker:4222"))
            .ingestTopic("in")
            .streamTopic("out.%s")
            .streamWorkers(1)
            .build(),
        0, ring, "_INBOX.test.", metrics, new ErrorLog(new CapturingLogger()), UnaryOperator.identity(), ticks::incrementAndGet);

    @Test
    void shouldDropAMessageThatFailsBeforeItHasAWindowPositionAsPublishFailedAndGoOn()
    {
        final long first = put(decoded("broken.example.net", 1));
        final RegistrationEvent broken = ring.get(first);
        broken.parts.senderEnd = broken.body().length + 1; // the sender read past the body
        final long second = put(decoded("good.example.net", 2));

        assertDoesNotThrow(() -> publisher.onEvent(ring.get(first), first, false), "the publisher counts it and goes on");
        publisher.onEvent(ring.get(second), second, true);

        assertEquals(1, metrics.dropped(DropReason.PUBLISH_FAILED).sum(), "counted once, under one reason");
        assertEquals(1, metrics.droppedTotal());
        assertNull(broken.body(), "the failed message's body is let go");
        assertEquals(first, publisher.released().get(), "the failed message's slot is released; the good one is held");
    }

    @Test
    void shouldCountWhatItLeavesInItsWindowAndTheRingAsShutdownWhenStopped()
    {
        final long held = put(decoded("a.example.net", 1));
        final long behind = put(decoded("a.example.net", 2));
        publisher.onEvent(ring.get(held), held, false);
        publisher.onEvent(ring.get(behind), behind, true);
        assertEquals(held - 1, publisher.released().get(), "a message held, and one waiting behind it, keep their slots");
        put(decoded("b.example.net", 3));
        final long last = put(decoded("c.example.net", 4)); // two the publisher never saw

        publisher.dropLeft(last);

        assertEquals(4, metrics.dropped(DropReason.SHUTDOWN).sum());
        assertEquals(4, metrics.droppedTotal());
        for (long sequence = held; sequence <= last; sequence++)
        {
            assertNull(ring.get(sequence).body(), "no envelope left in the ring");
            assertEquals(0, ring.get(sequence).heldBytes);
        }
        assertEquals(last, publisher.released().get());
    }

    @Test
    void shouldKeepItsWaitShortWhileAMessageAwaitsItsAnswerAndLetItSleepOnceNoneDoes()
    {
        publisher.onTimeout(-1);
        assertEquals(0, ticks.get(), "nothing in its window: no reason to wake before the next message");

        final long held = put(decoded("a.example.net", 1)); // no connection: held for a retry
        publisher.onEvent(ring.get(held), held, true);
        assertEquals(1, ticks.get(), "a message in its window: its retry and timeout are due within ticks");
        publisher.onTimeout(held);
        assertEquals(2, ticks.get());

        publisher.abandon();
        publisher.onTimeout(held); // dropped as shutdown: the window is empty again
        assertEquals(1, metrics.dropped(DropReason.SHUTDOWN).sum());
        publisher.onTimeout(held);
        assertEquals(2, ticks.get(), "an empty window asks for nothing");
    }

    /** What an ingest worker does: the envelope and its parts into a slot. */
    private long put(final DecodedMessage message)
    {
        final long sequence = ring.next();
        final RegistrationEvent event = ring.get(sequence);
        event.body(encoder.encode(message, event.parts));
        event.heldBytes = event.body().length + RegistrationEvent.SLOT_BYTES;
        event.senderHash = message.senderHash();
        event.shard = 0;
        event.receivedNs = System.nanoTime();
        ring.publish(sequence);
        metrics.received.increment();
        return sequence;
    }

    private DecodedMessage decoded(final String sender, final int id)
    {
        final DecodedMessage message = new DecodedMessage();
        final byte[] input = ChoriaMessage.v1Request(sender, String.format("%032d", id), ChoriaMessage.TIME_SECONDS,
            "{}".getBytes(StandardCharsets.UTF_8)).bytes();
        assertEquals(DecodeResult.OK, decoder.decode(input, 0, input.length, message));
        return message;
    }
}
