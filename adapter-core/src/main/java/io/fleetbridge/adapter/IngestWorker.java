package io.fleetbridge.adapter;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.nats.client.Message;
import io.nats.client.MessageHandler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes inputs off one ingest connection, decodes them, encodes each accepted one's envelope and
 * hands it to the ring.
 *
 * <p>Runs on the connection's dispatcher thread and never blocks it: a full ring, or a queue
 * holding {@code queue_bytes} already ({@link QueueBudget}), is a {@code queue_full} drop,
 * counted, and the next message is taken at once, so a stalled JetStream never turns into a
 * slow consumer on the ingest side.
 *
 * <p><b>Encoded here, in cache.</b> The worker decodes every input into the same
 * {@link DecodedMessage} and writes the envelope from it straight away, while the bytes it just
 * decoded are in this core's cache; the slot gets only the body and where the body holds the
 * sender and request id ({@link EnvelopeParts}). Encoding on the publisher instead meant reading
 * each decoded message back a ring's length later, out of cache, and passing decoded messages
 * round a pool between the threads. Allocates per message only the body (jnats has already
 * allocated the message and its payload).
 *
 * <p><b>Stopping.</b> An input is counted as received before it is decoded and queued; jnats
 * does not wait for a handler to return when it closes a connection. So {@link #stop} closes a
 * gate and waits for the input in hand: the two flags are volatile, written then read in
 * opposite order on each side, so either the dispatcher sees the gate closed (and leaves the input
 * uncounted) or the closing thread sees it busy and waits. An input behind a closed gate is counted,
 * with every other input the client read and never handed over, from the connection's own count
 * once it is closed ({@code Adapter.countUndelivered}): counted here, one arriving after that count
 * would be counted twice. Costs the dispatcher one
 * volatile store per input (a fence); the store that ends it is a release, free on x86.
 *
 * <p>Not thread safe: one instance per ingest connection, called by its dispatcher thread;
 * {@link #stop} by the thread that closes the adapter.
 */
final class IngestWorker implements MessageHandler
{
    private static final byte[] EMPTY = new byte[0];
    private static final String[] REJECTIONS = rejectionMessages();
    private static final VarHandle BUSY = busyHandle();

    private final RingBuffer<RegistrationEvent> ring;
    private final TransportDecoder decoder;
    private final int publishers;
    private final AdapterMetrics metrics;
    private final ErrorLog errors;
    private final RequestVerifier verifier;
    private final QueueBudget budget;
    private final EnvelopeEncoder encoder;
    private final DecodedMessage decoded = new DecodedMessage();
    private final EnvelopeParts parts = new EnvelopeParts();
    /** True while {@link #onMessage} runs, from before it reads {@link #closed}. */
    private volatile boolean busy;
    private volatile boolean closed;

    /** A worker whose queue is bounded by the ring's slots only. */
    IngestWorker(
        final RingBuffer<RegistrationEvent> ring,
        final EnvelopeEncoder encoder,
        final TransportDecoder decoder,
        final int publishers,
        final AdapterMetrics metrics,
        final ErrorLog errors,
        final RequestVerifier verifier)
    {
        this(ring, encoder, new QueueBudget(Long.MAX_VALUE), decoder, publishers, metrics, errors, verifier);
    }

    /**
     * @param encoder  writes the adapter's envelope ({@link AdapterConfig#envelopeType()})
     * @param budget   the bytes the queue may hold, shared with the ring's slots, which release what is claimed here
     * @param verifier checks each decoded message before it is queued; null to accept every decodable one
     */
    IngestWorker(
        final RingBuffer<RegistrationEvent> ring,
        final EnvelopeEncoder encoder,
        final QueueBudget budget,
        final TransportDecoder decoder,
        final int publishers,
        final AdapterMetrics metrics,
        final ErrorLog errors,
        final RequestVerifier verifier)
    {
        this.budget = budget;
        this.verifier = verifier;
        this.ring = ring;
        this.encoder = encoder;
        this.decoder = decoder;
        this.publishers = publishers;
        this.metrics = metrics;
        this.errors = errors;
    }

    @Override
    public void onMessage(final Message message)
    {
        busy = true;
        try
        {
            take(message);
        }
        finally
        {
            // a release store: the closing thread needs to see it only eventually, and after the input's effects
            BUSY.setRelease(this, false);
        }
    }

    /**
     * Closes the gate: an input that arrives from now on is left uncounted, for the adapter to count as
     * {@code shutdown} from its connection's count. Returns
     * once no input is between being counted as received and being queued or dropped, or false if
     * one still is after {@code timeoutNs} (an input of many megabytes on a starved CPU).
     */
    boolean stop(final long timeoutNs)
    {
        closed = true;
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (busy)
        {
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /** Whether {@link #stop} has been called. */
    boolean stopped()
    {
        return closed;
    }

    private void take(final Message message)
    {
        final long receivedNs = System.nanoTime();
        if (closed)
        {
            return; // counted by the adapter, from what the closed connection read (see Stopping)
        }
        metrics.received.increment();
        DecodeResult result;
        RuntimeException failure = null;
        try
        {
            final byte[] input = message.getData();
            final int length = input == null ? 0 : input.length;
            metrics.receivedBytes.add(length);
            result = decoder.decode(input == null ? EMPTY : input, 0, length, decoded);
            if (result == DecodeResult.OK && verifier != null)
            {
                result = verifier.verify(decoder, decoded);
            }
        }
        catch (final RuntimeException ex)
        {
            // counted once received, so it must end in a drop; the decoder starts afresh with every input
            failure = ex;
            result = DecodeResult.DECODE_FAILED;
        }
        catch (final Error error)
        {
            // counted before it goes on to the client's handler (and FatalErrors): the input is not lost uncounted
            reject(DecodeResult.DECODE_FAILED, null);
            throw error;
        }
        if (result != DecodeResult.OK)
        {
            reject(result, failure);
            return;
        }
        queue(receivedNs);
    }

    /** Encodes the decoded message and puts it into a slot, or counts why not. */
    private void queue(final long receivedNs)
    {
        final byte[] body;
        try
        {
            body = encoder.encode(decoded, parts);
        }
        catch (final RuntimeException ex)
        {
            metrics.dropped(DropReason.PUBLISH_FAILED).increment();
            errors.record("encode-failed", "dropped a message whose envelope could not be written, a defect of ours: " + ex, ex);
            return;
        }
        catch (final Error error)
        {
            metrics.dropped(DropReason.PUBLISH_FAILED).increment();
            throw error;
        }
        final int heldBytes = body.length + RegistrationEvent.SLOT_BYTES;
        if (!budget.claim(heldBytes))
        {
            // an error of the input side too, as the broker counts a full work queue (ingest.go, Receiver)
            metrics.inputErrors.increment();
            metrics.dropped(DropReason.QUEUE_FULL).increment();
            errors.record("queue-bytes-full", "queue_bytes reached: dropping inputs (publishers behind or JetStream unavailable)");
            return;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            // The Disruptor's singleton without a stack trace: cheap enough for the overload path.
            budget.release(heldBytes);
            metrics.inputErrors.increment();
            metrics.dropped(DropReason.QUEUE_FULL).increment();
            errors.record("queue-full", "ring full: dropping inputs (publishers behind or JetStream unavailable)");
            return;
        }
        final RegistrationEvent event = ring.get(sequence);
        event.body(body);
        event.heldBytes = heldBytes;
        event.senderHash = decoded.senderHash();
        event.shard = Math.floorMod(decoded.senderHash(), publishers);
        event.receivedNs = receivedNs;
        event.parts.copyFrom(parts);
        ring.publish(sequence);
        metrics.inputTime.recordNs(System.nanoTime() - receivedNs);
    }

    private void reject(final DecodeResult result, final RuntimeException failure)
    {
        // dropped last: whoever sees the drop counted sees its cause too
        metrics.inputErrors.increment();
        metrics.rejected(result).increment();
        metrics.dropped(result.dropReason()).increment();
        errors.record(result.label(), REJECTIONS[result.ordinal()], failure);
    }

    private static VarHandle busyHandle()
    {
        try
        {
            return MethodHandles.lookup().findVarHandle(IngestWorker.class, "busy", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static String[] rejectionMessages()
    {
        final DecodeResult[] results = DecodeResult.values();
        final String[] messages = new String[results.length];
        for (final DecodeResult result : results)
        {
            messages[result.ordinal()] = result == DecodeResult.IDENTITY_MISMATCH
                ? "rejected input (identity_mismatch): signed with a certificate that does not name its senderid and callerid"
                    + " (a node signing for another); only names matching plugin.choria.security.privileged_users may"
                : result == DecodeResult.EXPIRED_REQUEST
                ? "rejected input (expired_request): older than its ttl or dated in the future (a replay, or a wrong clock:"
                    + " check the node's time, or widen ingest.verify_clock_skew)"
                : result == DecodeResult.DECODE_FAILED
                ? "rejected input (decode_failed): decoding or verifying it threw, a defect of ours; please report it with this log"
                : result.ordinal() >= DecodeResult.UNVERIFIABLE.ordinal()
                ? "rejected input (" + result.label() + "): not signed by a node the configured CA vouches for"
                : "rejected input (" + result.label() + "): not a Choria message this adapter accepts";
        }
        return messages;
    }
}
