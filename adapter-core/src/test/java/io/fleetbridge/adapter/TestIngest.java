package io.fleetbridge.adapter;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

/** Ingest workers for tests, on a ring that nothing consumes and nothing holds back: every accepted input finds a slot. */
final class TestIngest
{
    private TestIngest()
    {
    }

    /** A ring of 16 slots whose cursor counts what was queued. */
    static RingBuffer<RegistrationEvent> ring()
    {
        final RingBuffer<RegistrationEvent> ring = RingBuffer.createMultiProducer(RegistrationEvent::new, 16, new BlockingWaitStrategy());
        ring.addGatingSequences(new Sequence(Long.MAX_VALUE));
        return ring;
    }

    /** A worker of a one-publisher jetstream adapter for v1 requests on {@code ring}, verifying nothing, logging to nobody. */
    static IngestWorker requestWorker(final RingBuffer<RegistrationEvent> ring, final AdapterMetrics metrics)
    {
        return worker(ring, new TransportDecoder(IngestProtocol.REQUEST), metrics, new ErrorLog(new CapturingLogger()), null);
    }

    /** A worker of a one-publisher jetstream adapter on {@code ring}; {@code verifier} may be null. */
    static IngestWorker worker(final RingBuffer<RegistrationEvent> ring, final TransportDecoder decoder, final AdapterMetrics metrics,
        final ErrorLog errors, final RequestVerifier verifier)
    {
        return new IngestWorker(ring, new EnvelopeEncoder("jetstream"), decoder, 1, metrics, errors, verifier);
    }
}
