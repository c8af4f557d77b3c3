package io.fleetbridge.adapter;

import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.support.Status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Receives the JetStream acknowledgements of one publisher on a single wildcard subscription.
 *
 * <p>Each publish carries the reply subject {@code <prefix><position>.<attemptId>}
 * ({@link AttemptLabels}); the server's answer (a PubAck, an API error, or a 503 "no
 * responders" status), read by {@link PubAckReader}, is matched to the attempt through
 * {@link AckWindow#complete}. This replaces a future per message (jnats' {@code publishAsync})
 * with one subscription and a few arrays, and keeps timeouts under our control rather than the
 * client's cleanup timer.
 *
 * <p><b>Polled, not dispatched.</b> The subscription is synchronous and the publisher thread
 * drains it with {@link #poll()} whenever it wakes: for a new message, its 1 ms timeout, or, with
 * the blocking wait, as soon as the client's reader thread has queued the replies of a read
 * ({@link ReplyWakingDataPort}, which unparks it only if it sleeps awaiting them). With a
 * dispatcher every acknowledgement cost a second thread's wake-up and a hand-off back to the
 * publisher, which on a two-core broker showed up as CPU and as latency.
 *
 * <p>Threading: {@link #attach} on the connecting thread, everything else on the publisher
 * thread. Does not allocate beyond what jnats hands it, except when logging a server error.
 */
final class AckInbox
{
    private final String prefix;
    private final AckWindow window;
    private final ErrorLog errors;
    private final PubAckReader replies = new PubAckReader();
    private volatile Subscription subscription;
    /** A reply {@link #await} took off the subscription, for the next {@link #poll}. */
    private Message held;

    AckInbox(final String prefix, final AckWindow window, final ErrorLog errors)
    {
        this.prefix = prefix;
        this.window = window;
        this.errors = errors;
    }

    /** Connecting thread: the synchronous subscription on {@link #subject()} to poll from now on. */
    void attach(final Subscription acks)
    {
        this.subscription = acks;
    }

    /** The subject to subscribe to. */
    String subject()
    {
        return prefix + "*.*";
    }

    /**
     * Publisher thread: takes replies off the subscription until one completes an attempt in
     * flight and returns that attempt's window position, or -1 once no reply is
     * waiting (or before {@link #attach}, or after the connection closed). Never blocks.
     */
    int poll()
    {
        final Subscription acks = subscription;
        if (acks == null)
        {
            return -1;
        }
        while (true)
        {
            final Message message = held != null ? held : next(acks, null);
            held = null;
            if (message == null)
            {
                return -1;
            }
            final int position = complete(message);
            if (position >= 0)
            {
                return position;
            }
        }
    }

    /**
     * Publisher thread, when it can send nothing until an attempt settles (its window is full):
     * sleeps until the next reply arrives or {@code timeout} passes, and keeps that reply for the
     * next {@link #poll}. The client's reader thread wakes it with the reply itself, where a timed
     * park woke it every few tens of microseconds to find nothing. False when it could not wait
     * (no subscription, or the connection is closing), so that the caller sleeps another way.
     */
    boolean await(final Duration timeout)
    {
        final Subscription acks = subscription;
        if (acks == null || held != null)
        {
            return held != null;
        }
        try
        {
            held = acks.nextMessage(timeout);
            return true;
        }
        catch (final IllegalStateException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Message next(final Subscription acks, final Duration timeout)
    {
        try
        {
            // A null timeout takes what is queued without waiting (jnats: poll, not poll(timeout)).
            return acks.nextMessage(timeout);
        }
        catch (final IllegalStateException ex)
        {
            return null; // the connection is closing: nothing more will arrive
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Matches a reply to its attempt; its position, or -1 for a reply that is not (or no longer) ours. */
    private int complete(final Message message)
    {
        final String subject = message.getSubject();
        final int dot = subject.lastIndexOf('.');
        if (dot <= prefix.length())
        {
            return -1;
        }
        final long attemptId = parseNumber(subject, dot + 1, subject.length());
        final long position = parseNumber(subject, prefix.length(), dot);
        if (attemptId < 0 || position < 0 || position > Integer.MAX_VALUE)
        {
            return -1;
        }
        final int outcome = classify(message);
        return window.complete((int)position, attemptId, outcome) ? (int)position : -1;
    }

    private int classify(final Message message)
    {
        if (message.isStatusMessage())
        {
            final Status status = message.getStatus();
            return status != null && status.getCode() == 503 ? AckWindow.UNAVAILABLE : AckWindow.REJECTED;
        }
        final byte[] body = message.getData();
        final int outcome = replies.outcome(body);
        if (outcome == AckWindow.REJECTED)
        {
            errors.record("publish-rejected", "JetStream refused a message: "
                + (body == null ? "(no body)" : new String(body, StandardCharsets.UTF_8)));
        }
        return outcome;
    }

    static long parseNumber(final CharSequence s, final int from, final int to)
    {
        if (from >= to || to - from > 18)
        {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
