package io.fleetbridge.adapter;

import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.support.Status;

import java.nio.charset.StandardCharsets;

/**
 * Receives the JetStream acknowledgements of one publisher on a single wildcard subscription.
 *
 * <p>Each publish carries the reply subject {@code <prefix><position>.<attemptId>}; the server's
 * answer (a PubAck, an API error, or a 503 "no responders" status) is matched to the attempt
 * through {@link AckWindow#complete} and the position is queued for the publisher thread. This
 * replaces a future per message (jnats' {@code publishAsync}) with one subscription and two
 * arrays, and keeps timeouts under our control rather than the client's cleanup timer.
 *
 * <p>Runs on the connection's dispatcher thread; does not allocate beyond what jnats hands it,
 * except when logging a server error.
 */
final class AckInbox implements MessageHandler
{
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CODE = "\"code\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUPLICATE = "\"duplicate\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NUMBER_503 = "503".getBytes(StandardCharsets.US_ASCII);

    private final String prefix;
    private final AckWindow window;
    private final CompletionQueue completions;
    private final ErrorLog errors;

    AckInbox(final String prefix, final AckWindow window, final CompletionQueue completions, final ErrorLog errors)
    {
        this.prefix = prefix;
        this.window = window;
        this.completions = completions;
        this.errors = errors;
    }

    /** The subject to subscribe to. */
    String subscription()
    {
        return prefix + "*.*";
    }

    /** The reply subject for one attempt. */
    String replyTo(final int position, final long attemptId)
    {
        return prefix + position + '.' + attemptId;
    }

    @Override
    public void onMessage(final Message message)
    {
        final String subject = message.getSubject();
        final int dot = subject.lastIndexOf('.');
        if (dot <= prefix.length())
        {
            return;
        }
        final long attemptId = parseNumber(subject, dot + 1, subject.length());
        final long position = parseNumber(subject, prefix.length(), dot);
        if (attemptId < 0 || position < 0 || position > Integer.MAX_VALUE)
        {
            return;
        }
        final int outcome = classify(message);
        if (window.complete((int)position, attemptId, outcome)
            && !completions.offer(AckWindow.completion((int)position, attemptId)))
        {
            errors.record("completion-overflow", "acknowledgement queue overflow: an ack was lost to accounting");
        }
    }

    private int classify(final Message message)
    {
        if (message.isStatusMessage())
        {
            final Status status = message.getStatus();
            return status != null && status.getCode() == 503 ? AckWindow.UNAVAILABLE : AckWindow.REJECTED;
        }
        final byte[] body = message.getData();
        if (body == null || body.length == 0)
        {
            return AckWindow.REJECTED;
        }
        if (indexOf(body, ERROR) >= 0)
        {
            if (valueStartsWith(body, CODE, NUMBER_503))
            {
                return AckWindow.UNAVAILABLE;
            }
            errors.record("publish-rejected", "JetStream refused a message: " + new String(body, StandardCharsets.UTF_8));
            return AckWindow.REJECTED;
        }
        if (valueStartsWith(body, DUPLICATE, TRUE))
        {
            return AckWindow.DUPLICATE;
        }
        return indexOf(body, STREAM) >= 0 ? AckWindow.ACKED : AckWindow.REJECTED;
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

    /**
     * Whether the value of a member starts with {@code prefix}. The server writes some acks by
     * hand ({@code "duplicate": true}, with a space), others with a JSON encoder (no space).
     */
    static boolean valueStartsWith(final byte[] json, final byte[] quotedKey, final byte[] prefix)
    {
        final int key = indexOf(json, quotedKey);
        if (key < 0)
        {
            return false;
        }
        int i = key + quotedKey.length;
        while (i < json.length && (json[i] == ' ' || json[i] == ':' || json[i] == '\t'))
        {
            i++;
        }
        return regionMatches(json, i, prefix);
    }

    static int indexOf(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++)
        {
            if (regionMatches(haystack, i, needle))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(final byte[] haystack, final int from, final byte[] needle)
    {
        if (from + needle.length > haystack.length)
        {
            return false;
        }
        for (int j = 0; j < needle.length; j++)
        {
            if (haystack[from + j] != needle[j])
            {
                return false;
            }
        }
        return true;
    }
}
