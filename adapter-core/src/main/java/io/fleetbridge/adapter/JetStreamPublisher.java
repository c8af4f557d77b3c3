package io.fleetbridge.adapter;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One publisher of an adapter: owns the messages whose {@code shard} is its index, publishes each
 * envelope (encoded by the ingest worker) to JetStream with {@code Nats-Msg-Id} and keeps it in
 * the ring until it is acknowledged or finally dropped.
 *
 * <p><b>Messages.</b> It takes the sender and the request id out of the body ({@link EnvelopeParts})
 * for the subject, the header (the request id; a reply's sender and request id, {@link ReplyMessageId})
 * and the sender's order; the slot holds the body and subject until
 * the publish is settled.
 *
 * <p><b>Release.</b> {@link #released()} is a gating sequence of the ring: it never passes the
 * oldest message of this shard that is still waiting for its ack, so the ring bounds both the
 * queue and the acks in flight, and a slot is reused only after its message is settled.
 *
 * <p><b>Order.</b> A sender's messages are stored in the order they were received: of the
 * messages in the window, only the oldest of each sender is published; the next one of that
 * sender is held ({@link SenderOrder}) until it is acknowledged or dropped, so no retry can land
 * after a newer message of its sender.
 *
 * <p><b>Failures.</b> A timeout, a 503 or a lost connection puts the publisher into backoff
 * ({@link OutageBackoff}): it stops sending, re-sends only the oldest waiting message as a probe
 * at growing intervals, and on the first answer (an acknowledgement, or a refusal of that one
 * message) re-sends everything waiting, in order.
 * De-duplication by {@code Nats-Msg-Id} makes re-sending an already stored message harmless. A
 * message older than {@code stream.retry_for} is dropped as {@code publish_failed}; a message
 * the server refuses outright (an error other than 503) is tried three times. A message no
 * server could take as it is (with its header over {@code max_payload}, or a subject over the
 * client's control-line limit) is dropped at once, as {@code too_large} or {@code publish_failed}:
 * held, it would put the whole publisher into backoff behind it.
 *
 * <p><b>Accounting.</b> Every message of this shard ends in {@code published} or in exactly one
 * {@link DropReason}, whatever fails: a failure before the message has its window position
 * (reading its parts, the subject, keeping its labels) drops it as {@code publish_failed}; after that the
 * window answers for it, and a failed publish call is a failed attempt like a timeout. Messages
 * leave the window in one place, {@link #finish}.
 *
 * <p><b>Threading.</b> All methods run on the publisher's own thread (the Disruptor event
 * processor), except {@link #connectionChanged}, {@link #attachAcks} and {@link #abandon}, which
 * only set fields, and {@link #dropLeft}, which runs on the closing thread once that thread has
 * ended. Acknowledgements are polled from {@link AckInbox} on this thread whenever it wakes (the
 * client's reader wakes it for them, {@link ReplyWakingDataPort}), so no other thread of ours
 * touches a message in flight. It allocates nothing per message: the
 * body comes from the ingest worker, and the {@code Nats-Msg-Id} header and the reply subject of
 * an attempt are reused (see {@link AttemptLabels}).
 */
final class JetStreamPublisher implements EventHandler<RegistrationEvent>
{
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamPublisher.class);
    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long EXPIRY_SCAN_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAX_REJECTIONS = 3;
    /** With a full window: wait this long for the next acknowledgement, then look at timeouts again. */
    private static final Duration FULL_WINDOW_WAIT = Duration.ofMillis(1);
    /** With a full window and no subscription to wait on (reconnecting, closing). */
    private static final long FULL_WINDOW_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final String name;
    private final int index;
    /** "adapter reg stream 0" and the configured servers, for the outage lines (logged on transitions only). */
    private final String label;
    private final String servers;
    private final RingBuffer<RegistrationEvent> ring;
    private final AckWindow window;
    private final AckInbox inbox;
    private final AttemptLabels labels;
    private final SubjectTemplate subjects;
    /** The current message's sender and request id, taken out of its body. */
    private final ScratchBuffer sender = new ScratchBuffer(64);
    private final ScratchBuffer requestId = new ScratchBuffer(64);
    /** An adapter of replies: the message id is the sender and the request id ({@link ReplyMessageId}), not the request id. */
    private final boolean replies;
    private final ScratchBuffer replyId = new ScratchBuffer(128);
    private final AdapterMetrics metrics;
    private final ErrorLog errors;
    private final long ackTimeoutNs;
    /**
     * How often the window is searched for attempts past {@code ack_timeout}: a twentieth of it, at most
     * 10 ms. Searching a full window every millisecond cost as much as a lookup per message.
     */
    private final long timeoutScanNs;
    private final long retryForNs;
    private final Sequence released = new Sequence(-1);
    private final OutageBackoff outage = new OutageBackoff();
    private final SenderOrder order;
    private final UnaryOperator<PublishCall> calls;
    /** Keeps the ring's wait short for this thread's next wait ({@link RingWait#ticks}): called while answers are awaited. */
    private final Runnable keepTicking;

    private volatile PublishCall publishCall;
    // for the server's URL in log lines only
    private volatile Connection connection;
    private volatile boolean connected;
    private volatile int maxPayloadBytes = 1024 * 1024;
    private volatile boolean abandoned;

    private long lastSeen = -1;
    private long lastTickNs;
    private long lastExpiryScanNs;
    private long lastTimeoutScanNs;
    private int waiting;
    /** A message was let go behind its sender's settled one since the last {@link #service}. */
    private boolean unblocked;

    JetStreamPublisher(
        final AdapterConfig config,
        final int index,
        final RingBuffer<RegistrationEvent> ring,
        final String inboxPrefix,
        final AdapterMetrics metrics,
        final ErrorLog errors,
        final UnaryOperator<PublishCall> calls,
        final Runnable keepTicking)
    {
        this.name = config.name() + "/" + index;
        this.index = index;
        this.label = "adapter " + config.name() + " stream " + index;
        this.servers = String.valueOf(config.streamServers());
        this.ring = ring;
        this.window = new AckWindow(config.maxInflight());
        this.errors = errors;
        this.inbox = new AckInbox(inboxPrefix, window, errors);
        this.labels = new AttemptLabels(inboxPrefix, window.capacity());
        this.subjects = new SubjectTemplate(config.streamTopic());
        this.metrics = metrics;
        this.ackTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.ackTimeoutMs());
        this.timeoutScanNs = Math.max(TICK_NS, Math.min(ackTimeoutNs / 20, TimeUnit.MILLISECONDS.toNanos(10)));
        this.retryForNs = TimeUnit.MILLISECONDS.toNanos(config.retryForMs());
        this.order = new SenderOrder(window.capacity());
        this.replies = config.ingestProtocol() == IngestProtocol.REPLY;
        this.calls = calls;
        this.keepTicking = keepTicking;
    }

    /** The subject of this publisher's acknowledgement subscription. */
    String inboxSubject()
    {
        return inbox.subject();
    }

    /** Connecting thread: the synchronous subscription on {@link #inboxSubject()} that acks arrive on. */
    void attachAcks(final Subscription acks)
    {
        inbox.attach(acks);
    }

    /** Gating sequence for the ring: everything up to it is settled by this publisher. */
    Sequence released()
    {
        return released;
    }

    /**
     * Connection thread, or start-up's: the connection is (re)established or lost. The state is read
     * here, under a lock, rather than taken from the caller: start-up reads it once as the client's
     * own events may already be changing it, and a stale "disconnected" written last would hold every
     * message with no event left to correct it. Whoever writes last has read the latest state, and every
     * change is followed by an event.
     */
    synchronized void connectionChanged(final Connection connection)
    {
        final boolean isConnected = connection.getStatus() == Connection.Status.CONNECTED;
        this.publishCall = calls.apply(connection::publish);
        this.connection = connection;
        if (isConnected && connection.getServerInfo() != null)
        {
            maxPayloadBytes = (int)Math.min(Integer.MAX_VALUE, connection.getServerInfo().getMaxPayload());
        }
        this.connected = isConnected;
    }

    /**
     * Any thread, for readiness: why this publisher cannot land messages now, or null. An outage (publishes timing out
     * or answered 503: the stream deleted, its leader lost, its server stalled with the connection up) holds every
     * message until JetStream answers again; the connection's status alone does not show it.
     */
    String outageProblem(final long nowNs)
    {
        final long since = outage.sinceNs();
        return since == OutageBackoff.NONE ? null : label + ": JetStream has not acknowledged a publish for "
            + TimeUnit.NANOSECONDS.toSeconds(nowNs - since) + " s (timeouts or 503: is the stream there, and its servers up?); "
            + "messages are held and retried";
    }

    /** Any thread, at shutdown after the drain bound: drop what is left as {@code shutdown}. */
    void abandon()
    {
        abandoned = true;
    }

    @Override
    public void onEvent(final RegistrationEvent event, final long sequence, final boolean endOfBatch)
    {
        try
        {
            if (event.shard == index)
            {
                accept(event, sequence);
            }
        }
        finally
        {
            // after a failure too: the message is counted either way, and a release point left behind the ring
            // would keep a drain waiting for nothing
            lastSeen = sequence;
        }
        if (endOfBatch)
        {
            service(System.nanoTime());
        }
    }

    @Override
    public void onTimeout(final long sequence)
    {
        service(System.nanoTime());
    }

    private void accept(final RegistrationEvent event, final long sequence)
    {
        final int position;
        try
        {
            position = enter(event, sequence);
        }
        catch (final RuntimeException ex)
        {
            refused(event, ex);
            return;
        }
        catch (final Error ex)
        {
            refused(event, ex);
            throw ex;
        }
        if (position < 0)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        if (window.state(position) == AckWindow.BLOCKED)
        {
            metrics.senderWaits.increment();
        }
        else if (outage.failing() || !connected)
        {
            holdForRetry(position, nowNs);
        }
        else
        {
            send(position, nowNs);
        }
    }

    /**
     * Gives the message a window position, behind an earlier message of its sender if there is
     * one; -1 when it was dropped instead (counted, and its slot released).
     */
    private int enter(final RegistrationEvent event, final long sequence)
    {
        if (abandoned)
        {
            return dropUnqueued(event, DropReason.SHUTDOWN);
        }
        final byte[] body = event.body();
        final int senderLength = event.parts.sender(body, sender);
        final int requestIdLength = event.parts.requestId(body, requestId);
        // every node's reply to one request carries its id: alone, it would make the stream drop all replies but one
        final ScratchBuffer messageId = replies ? replyId : requestId;
        final int messageIdLength = replies
            ? ReplyMessageId.write(sender.bytes(), senderLength, requestId.bytes(), requestIdLength, replyId) : requestIdLength;
        // The server counts the headers as payload, and the ids travel twice: in the body and as the header.
        if ((long)body.length + MsgIdHeader.serializedLength(messageIdLength) > maxPayloadBytes)
        {
            errors.record("envelope-too-large",
                "dropped an envelope that, with its Nats-Msg-Id header, is larger than the stream server's max_payload");
            return dropUnqueued(event, DropReason.TOO_LARGE);
        }
        while (window.isFull())
        {
            service(System.nanoTime());
            if (abandoned)
            {
                return dropUnqueued(event, DropReason.SHUTDOWN);
            }
            if (window.isFull() && !inbox.await(FULL_WINDOW_WAIT))
            {
                LockSupport.parkNanos(FULL_WINDOW_PARK_NS);
            }
        }
        final String subject = subjects.subjectFor(sender.bytes(), senderLength);
        final int position = window.nextPosition();
        labels.keep(position, messageId.bytes(), messageIdLength);
        order.keep(position, sender.bytes(), senderLength, event.senderHash);
        // Nothing from here on can fail: the window answers for the message.
        event.subject(subject);
        window.add(sequence);
        if (order.enter(position) >= 0)
        {
            window.markBlocked(position);
        }
        return position;
    }

    /** A message dropped before it had a window position: counted, and its bytes leave the queue. */
    private int dropUnqueued(final RegistrationEvent event, final DropReason reason)
    {
        metrics.dropped(reason).increment();
        event.release();
        return -1;
    }

    /** A message that failed before it had a window position: dropped as {@code publish_failed}, not lost. */
    private void refused(final RegistrationEvent event, final Throwable ex)
    {
        event.release();
        metrics.dropped(DropReason.PUBLISH_FAILED).increment();
        errors.record("publisher-exception", "dropped a message that failed before it could be published: " + ex, ex);
    }

    private void send(final int position, final long nowNs)
    {
        final RegistrationEvent event = ring.get(window.sequence(position));
        final long attemptId = window.beginAttempt(position, nowNs);
        if (window.attempts(position) > 1)
        {
            metrics.retries.increment();
        }
        try
        {
            labels.label(position, attemptId);
            publishCall.publish(event.subject(), labels.replyTo(position), labels.header(position), event.body());
        }
        catch (final IllegalArgumentException ex)
        {
            // jnats refuses the message itself (payload or control line over the server's limits), or the header
            // an id the decoder should have refused (BAD_REQUEST_ID): no retry can help, and holding it would put
            // the whole publisher into backoff behind one message.
            errors.record("publish-refused", "dropped a message the client refuses to send: " + ex.getMessage());
            drop(position, DropReason.PUBLISH_FAILED);
        }
        catch (final RuntimeException ex)
        {
            // Closed connection or a full outgoing queue: the same as an unanswered attempt.
            errors.record("publish-exception", "publish failed on the client side: " + ex);
            if (window.expire(position))
            {
                settle(position, AckWindow.TIMED_OUT, nowNs);
            }
        }
    }

    /** Settles acknowledged attempts, times out silent attempts, re-sends, and publishes the release point. */
    private void service(final long nowNs)
    {
        // A position polled here was completed by this very call: it is still the attempt in flight.
        int position;
        while ((position = inbox.poll()) >= 0)
        {
            settle(position, window.outcome(position), nowNs);
        }
        if (abandoned)
        {
            dropAll(DropReason.SHUTDOWN);
        }
        else if (nowNs - lastTickNs >= TICK_NS)
        {
            lastTickNs = nowNs;
            if (nowNs - lastTimeoutScanNs >= timeoutScanNs)
            {
                lastTimeoutScanNs = nowNs;
                expireSilentAttempts(nowNs);
            }
            resendWaiting(nowNs);
        }
        else if (unblocked)
        {
            // a sender's next message goes as soon as the one before it is acknowledged, not a tick later
            resendWaiting(nowNs);
        }
        unblocked = false;
        released.set(window.releasedUpTo(lastSeen));
        if (!window.isEmpty())
        {
            // answers to read, attempts to time or messages to re-send: wake within a tick even if no message comes.
            // An empty window has nothing due, and the thread sleeps until a message comes (or the idle bound).
            keepTicking.run();
        }
    }

    private void settle(final int position, final int outcome, final long nowNs)
    {
        switch (outcome)
        {
            case AckWindow.ACKED:
            case AckWindow.DUPLICATE:
                acknowledged(position, outcome == AckWindow.DUPLICATE, nowNs);
                break;
            case AckWindow.REJECTED:
                metrics.outputErrors.increment();
                if (expired(position, nowNs))
                {
                    giveUp(position);
                }
                // refusals only: attempts that timed out during an outage must not use up a message's refusals
                else if (window.rejected(position) >= MAX_REJECTIONS)
                {
                    errors.record("publish-rejected", "dropped a message JetStream refused " + MAX_REJECTIONS + " times");
                    drop(position, DropReason.PUBLISH_FAILED);
                }
                else
                {
                    window.markWaiting(position);
                    waiting++;
                }
                // an answer all the same: left set, the probe would stay out and nothing be sent until retry_for
                if (outage.refused())
                {
                    LOG.info("{} ({}): JetStream answers again (it refused a message), re-sending {} waiting messages", label,
                        server(), waiting);
                }
                break;
            case AckWindow.UNAVAILABLE:
            case AckWindow.TIMED_OUT:
                metrics.outputErrors.increment();
                holdForRetry(position, nowNs);
                break;
            default:
                break;
        }
    }

    private void acknowledged(final int position, final boolean duplicate, final long nowNs)
    {
        final RegistrationEvent event = ring.get(window.sequence(position));
        // published last of the message's figures: whoever sees it counted sees its bytes, duplicate mark and latencies too
        metrics.publishedBytes.add(event.body().length);
        if (duplicate)
        {
            metrics.duplicates.increment();
        }
        metrics.outputTime.recordNs(nowNs - window.sentNs(position));
        metrics.ingestToAck.recordNs(nowNs - event.receivedNs);
        metrics.published.increment();
        finish(position);
        if (outage.acknowledged())
        {
            LOG.info("{} ({}): JetStream acknowledges again, re-sending {} waiting messages", label, server(), waiting);
        }
    }

    /** A transient failure (or no connection): keep the message, back off if not already. */
    private void holdForRetry(final int position, final long nowNs)
    {
        if (expired(position, nowNs))
        {
            giveUp(position);
            return;
        }
        window.markWaiting(position);
        waiting++;
        if (outage.failed(position, nowNs))
        {
            LOG.warn("{} ({}): JetStream is not acknowledging ({}); holding messages and probing with backoff",
                label, server(), connected ? "timeout or 503" : "disconnected");
        }
    }

    /** The server connected to, or the configured ones while none is. */
    private String server()
    {
        final Connection current = connection;
        final String url = current == null || !connected ? null : current.getConnectedUrl();
        return url == null ? servers : url;
    }

    private void expireSilentAttempts(final long nowNs)
    {
        for (long i = window.headIndex(); i < window.tailIndex(); i++)
        {
            final int position = window.position(i);
            if (window.state(position) == AckWindow.IN_FLIGHT
                && nowNs - window.sentNs(position) > ackTimeoutNs
                && window.expire(position))
            {
                settle(position, AckWindow.TIMED_OUT, nowNs);
            }
        }
    }

    private void resendWaiting(final long nowNs)
    {
        if (waiting == 0)
        {
            return;
        }
        final boolean scanExpiry = nowNs - lastExpiryScanNs >= EXPIRY_SCAN_NS;
        if (scanExpiry)
        {
            lastExpiryScanNs = nowNs;
        }
        final boolean probeDue = connected && outage.probeDue(nowNs);
        if (outage.failing() && !probeDue && !scanExpiry)
        {
            return;
        }
        boolean probeSent = false;
        for (long i = window.headIndex(); i < window.tailIndex() && waiting > 0; i++)
        {
            final int position = window.position(i);
            if (window.state(position) != AckWindow.WAITING)
            {
                continue;
            }
            if (expired(position, nowNs))
            {
                waiting--;
                giveUp(position);
            }
            else if (!outage.failing() && connected)
            {
                waiting--;
                send(position, nowNs);
            }
            else if (probeDue && !probeSent)
            {
                waiting--;
                outage.probing(position);
                probeSent = true;
                send(position, nowNs);
            }
            else if (!scanExpiry)
            {
                break;
            }
        }
    }

    private boolean expired(final int position, final long nowNs)
    {
        return nowNs - ring.get(window.sequence(position)).receivedNs > retryForNs;
    }

    /** The message has been retried for {@code stream.retry_for}: drop it as {@code publish_failed}. */
    private void giveUp(final int position)
    {
        errors.record("publish-failed", "dropped a message JetStream did not acknowledge within stream.retry_for");
        drop(position, DropReason.PUBLISH_FAILED);
    }

    /** Counts the drop and frees the message's slot; the caller has said why, where it matters. */
    private void drop(final int position, final DropReason reason)
    {
        metrics.dropped(reason).increment();
        finish(position);
    }

    /**
     * The one place a message leaves the window, acknowledged or dropped (and counted by the caller):
     * frees the envelope its slot holds and the position, and lets the next message of its sender go.
     */
    private void finish(final int position)
    {
        ring.get(window.sequence(position)).release();
        window.markDone(position);
        outage.settled(position);
        final int following = order.leave(position);
        if (following >= 0)
        {
            // sent by resendWaiting at the end of this service, under the rules of any message waiting (backoff,
            // probe, expiry); not here, where a refusal would drop it and let the next go, as deep as the window
            window.markWaiting(following);
            waiting++;
            unblocked = true;
        }
    }

    private void dropAll(final DropReason reason)
    {
        for (long i = window.headIndex(); i < window.tailIndex(); i++)
        {
            final int position = window.position(i);
            final byte state = window.state(position);
            if (state == AckWindow.IN_FLIGHT || state == AckWindow.WAITING || state == AckWindow.BLOCKED)
            {
                drop(position, reason);
            }
        }
        waiting = 0;
    }

    /**
     * Closing thread, once this publisher's thread has ended: counts what it left as {@code shutdown}, in its
     * window and in the ring up to {@code published} (the ring's last published sequence), so that a close
     * cut short still accounts for every message.
     */
    void dropLeft(final long published)
    {
        dropAll(DropReason.SHUTDOWN);
        for (long sequence = lastSeen + 1; sequence <= published; sequence++)
        {
            final RegistrationEvent event = ring.get(sequence);
            if (event.shard == index && event.body() != null)
            {
                dropUnqueued(event, DropReason.SHUTDOWN);
            }
        }
        lastSeen = Math.max(lastSeen, published);
        released.set(window.releasedUpTo(lastSeen));
    }
}
