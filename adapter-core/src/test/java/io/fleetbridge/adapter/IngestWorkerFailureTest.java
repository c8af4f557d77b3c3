package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
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
        final RingBuffer<RegistrationEvent> ring = RingBuffer.createMultiProducer(RegistrationEvent::new, 16, new BlockingWaitStrategy());
        ring.addGatingSequences(new Sequence(Long.MAX_VALUE));
        final IngestWorker worker = new IngestWorker(ring, new DecodedMessagePool(17), new TransportDecoder(IngestProtocol.REQUEST), 1,
            metrics, new ErrorLog(new CapturingLogger()), null);

        worker.onMessage(throwing());
        worker.onMessage(NatsMessage.builder().subject("in").data(TestMessages.v1Request(ChoriaMessage.SENDER, ChoriaMessage.REQUEST_ID,
            "{}".getBytes(StandardCharsets.UTF_8))).build());

        assertEquals(2, metrics.received.sum());
        assertEquals(1, metrics.rejected(DecodeResult.DECODE_FAILED).sum());
        assertEquals(1, metrics.dropped(DropReason.INVALID).sum());
        assertEquals(1, metrics.droppedTotal(), "one drop, one reason");
        assertEquals(0, ring.getCursor(), "the good input behind it was queued");
    }

    /** A message whose body cannot be read: stands for any input the decoder or verifier throws on. */
    private static Message throwing()
    {
        return (Message)Proxy.newProxyInstance(IngestWorkerFailureTest.class.getClassLoader(), new Class<?>[] {Message.class},
            (proxy, method, args) ->
            {
                throw new IllegalStateException("cannot read " + method.getName());
            });
    }
}
