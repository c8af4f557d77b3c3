package io.fleetbridge.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

/**
 * Matches each envelope read back from the stream to the message that was sent: finds the
 * sequence number in its request id, rebuilds the exact body and subject the adapter's contract requires
 * for that message, compares byte for byte (every copy, so a changed re-sent copy is corrupt), checks the
 * {@code Nats-Msg-Id} header that the stream de-duplicates on, and records the latency from the message's
 * intended send time (so a stall anywhere counts in full: no coordinated omission).
 *
 * <p>Threads: {@link #verify} is called by one thread (the stream consumer's dispatcher); the
 * counters may be read from any thread, and latencies go into the {@code Recorder} it was given. Allocation free per envelope
 * except when recording a corruption sample (at most {@link #MAX_SAMPLES}).
 */
final class EnvelopeVerifier
{
    /** The latency histograms' ceiling (an hour, in µs); a later landing is recorded as that. */
    static final long MAX_LATENCY_US = 3_600_000_000L;

    static final int MAX_SAMPLES = 5;
    private static final byte[] REQUEST_ID_KEY = "\"requestid\":\"".getBytes(StandardCharsets.US_ASCII);

    /** What one envelope turned out to be. */
    enum Outcome
    {
        /** First landing of a sent message, body and subject exactly as expected. */
        OK,
        /** A message that had landed before, this copy exactly as expected too. */
        DUPLICATE,
        /** Body, subject or {@code Nats-Msg-Id} not as expected (or no request id in it), in the first copy or any later one. */
        CORRUPT,
        /** A request id of this run whose message was never sent. */
        UNEXPECTED,
        /** A request id of another run: not ours to judge. */
        FOREIGN
    }

    private final long runId;
    private final Ledger ledger;
    private final Schedule schedule;
    private final FleetMessages messages;
    private final long startNanoTime;
    private final long lateAfterNs;
    private final Recorder latencyUs;
    private final ByteSink expected = new ByteSink(16384);

    final LongAdder duplicates = new LongAdder();
    final LongAdder corrupted = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder foreign = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    private final List<String> samples = new ArrayList<>();
    private volatile String example;

    EnvelopeVerifier(final long runId, final Ledger ledger, final Schedule schedule, final FleetMessages messages,
        final long startNanoTime, final long lateAfterNs, final Recorder latencyUs)
    {
        this.runId = runId;
        this.ledger = ledger;
        this.schedule = schedule;
        this.messages = messages.forThread();
        this.startNanoTime = startNanoTime;
        this.lateAfterNs = lateAfterNs;
        this.latencyUs = latencyUs;
    }

    /**
     * @param msgId the envelope's {@code Nats-Msg-Id} header, null when it has none
     */
    Outcome verify(final String subject, final String msgId, final byte[] body, final long receivedNanoTime)
    {
        final int idAt = requestIdOffset(body);
        final long seq = idAt < 0 ? RequestId.MALFORMED : RequestId.parse(body, idAt, runId);
        if (seq == RequestId.FOREIGN)
        {
            foreign.increment();
            return Outcome.FOREIGN;
        }
        if (seq == RequestId.MALFORMED)
        {
            corrupt("no request id of this run in envelope on " + subject + ": " + excerpt(body, body.length));
            return Outcome.CORRUPT;
        }
        final int state = ledger.land(seq);
        if (state == Ledger.NOT_SENT)
        {
            unexpected.increment();
            return Outcome.UNEXPECTED;
        }
        final boolean copy = state == Ledger.DUPLICATE;
        final long intendedNs = ledger.intendedNs(seq);
        if (!copy)
        {
            final long latencyNs = receivedNanoTime - (startNanoTime + intendedNs);
            // clamped to what the histogram holds: beyond it recordValue throws, and the copy would go unchecked
            latencyUs.recordValue(Math.min(MAX_LATENCY_US, Math.max(0, latencyNs / 1000)));
            if (latencyNs > lateAfterNs)
            {
                late.increment();
            }
        }
        // every copy is rebuilt and compared, not only the first: a re-sent copy with a changed body is
        // corruption, not a harmless duplicate; rebuilding costs no memory per message
        final String what = copy ? "re-sent copy of " : "";
        final int node = schedule.node(seq);
        messages.expectedEnvelope(seq, node, intendedNs, expected);
        if (!expected.contentEquals(body, body.length))
        {
            final int at = firstDifference(body);
            corrupt("body of " + what + RequestId.of(runId, seq) + " differs at byte " + at + ": got " + excerpt(body, at)
                + " expected " + expected);
            return Outcome.CORRUPT;
        }
        if (!messages.subjectMatches(subject, node))
        {
            corrupt("subject of " + what + RequestId.of(runId, seq) + " is " + subject + ", expected " + messages.subject(node));
            return Outcome.CORRUPT;
        }
        if (!messages.msgIdMatches(msgId, body, idAt, node))
        {
            // without it the stream cannot drop a retried copy: the adapter's de-duplication contract
            corrupt("Nats-Msg-Id of " + what + RequestId.of(runId, seq) + " is " + (msgId == null ? "absent" : msgId)
                + ", expected its request id (a reply's: its sender, ':' and the request id)");
            return Outcome.CORRUPT;
        }
        if (copy)
        {
            duplicates.increment();
            return Outcome.DUPLICATE;
        }
        if (example == null)
        {
            example = subject + "\n" + new String(body, StandardCharsets.UTF_8);
        }
        return Outcome.OK;
    }

    /** The subject and body of the first envelope that landed intact, or null. */
    String example()
    {
        return example;
    }


    /** Up to {@link #MAX_SAMPLES} descriptions of corrupt envelopes, for the report. */
    synchronized List<String> samples()
    {
        return List.copyOf(samples);
    }

    private void corrupt(final String description)
    {
        corrupted.increment();
        synchronized (this)
        {
            if (samples.size() < MAX_SAMPLES)
            {
                samples.add(description.length() > 600 ? description.substring(0, 600) + "..." : description);
            }
        }
    }

    private int firstDifference(final byte[] body)
    {
        final int n = Math.min(body.length, expected.length());
        final byte[] e = expected.array();
        for (int i = 0; i < n; i++)
        {
            if (body[i] != e[i])
            {
                return i;
            }
        }
        return n;
    }

    private static String excerpt(final byte[] body, final int around)
    {
        final int from = Math.max(0, around - 60);
        final int to = Math.min(body.length, around + 60);
        return (from > 0 ? "..." : "") + new String(body, from, to - from, StandardCharsets.UTF_8)
            + (to < body.length ? "..." : "");
    }

    /** Where the 32 characters of the request id start; the envelope ends with it, so look there first. */
    static int requestIdOffset(final byte[] body)
    {
        final int tail = body.length - 2 - RequestId.LENGTH;
        if (tail >= REQUEST_ID_KEY.length && body[body.length - 1] == '}' && body[body.length - 2] == '"'
            && startsWithAt(body, tail - REQUEST_ID_KEY.length))
        {
            return tail;
        }
        for (int i = body.length - REQUEST_ID_KEY.length - RequestId.LENGTH; i >= 0; i--)
        {
            if (startsWithAt(body, i))
            {
                return i + REQUEST_ID_KEY.length;
            }
        }
        return -1;
    }

    private static boolean startsWithAt(final byte[] body, final int at)
    {
        if (at < 0)
        {
            return false;
        }
        for (int i = 0; i < REQUEST_ID_KEY.length; i++)
        {
            if (body[at + i] != REQUEST_ID_KEY[i])
            {
                return false;
            }
        }
        return true;
    }
}
