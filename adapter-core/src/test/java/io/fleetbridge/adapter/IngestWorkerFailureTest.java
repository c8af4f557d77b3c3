package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import com.lmax.disruptor.RingBuffer;
import org.junit.jupiter.api.Test;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;

/**
 * An input whose decoding throws still ends in exactly one drop: received once, dropped once as
 * {@code invalid} under {@code decode_failed}, and the next input is taken as usual.
 */
class IngestWorkerFailureTest
{
    @Test
    void shouldCountAnInputWhoseDecodingThrowsAsOneInvalidDropAndGoOn()
    {
        final AdapterMetrics metrics = new AdapterMetrics("failing");
        final RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.requestWorker(ring, metrics);

        worker.onMessage(throwing());
        worker.onMessage(NatsMessage.builder().subject("in").data(TestMessages.v1Request(ChoriaMessage.SENDER, ChoriaMessage.REQUEST_ID,
            "{}".getBytes(StandardCharsets.UTF_8))).build());

        assertEquals(2, metrics.received.sum());
        assertEquals(1, metrics.rejected(DecodeResult.DECODE_FAILED).sum());
        assertEquals(1, metrics.dropped(DropReason.INVALID).sum());
        assertEquals(1, metrics.droppedTotal(), "one drop, one reason");
        assertEquals(0, ring.getCursor(), "the good input behind it was queued");
    }

    @Test
    void shouldCountAnInputWhoseDecodingThrowsAnErrorBeforePassingTheErrorOn()
    {
        final AdapterMetrics metrics = new AdapterMetrics("failing");
        final RingBuffer<RegistrationEvent> ring = TestIngest.ring();
        final IngestWorker worker = TestIngest.requestWorker(ring, metrics);
        final OutOfMemoryError oom = new OutOfMemoryError("Java heap space");

        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> worker.onMessage(throwing(() -> oom))));
        assertEquals(1, metrics.received.sum());
        assertEquals(1, metrics.rejected(DecodeResult.DECODE_FAILED).sum());
        assertEquals(1, metrics.droppedTotal(), "received = published + dropped still holds");
    }

    private static Message throwing()
    {
        return throwing(() -> new IllegalStateException("cannot read the body"));
    }

    /** A message whose body cannot be read: stands for any input the decoder or verifier throws on. */
    private static Message throwing(final java.util.function.Supplier<Throwable> failure)
    {
        return (Message)Proxy.newProxyInstance(IngestWorkerFailureTest.class.getClassLoader(), new Class<?>[] {Message.class},
            (proxy, method, args) ->
            {
                throw failure.get();
            });
    }
}
