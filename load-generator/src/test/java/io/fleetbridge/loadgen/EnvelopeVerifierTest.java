package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fleetbridge.loadgen.EnvelopeVerifier.Outcome;

class EnvelopeVerifierTest
{
    private static final long RUN = 77;
    private static final long START = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final Schedule schedule = Schedule.rate(10, 1000, 5);
    private final Ledger ledger = new Ledger();
    private final Recorder latency = new Recorder(3_600_000_000L, 3);
    private FleetMessages messages;
    private EnvelopeVerifier verifier;

    @BeforeEach
    void setUp() throws Exception
    {
        messages = new FleetMessages(new Fleet(10), SizeDistribution.parse("1024"), WireProtocol.V1_REQUEST, RUN,
            1_700_000_000_000_000_000L, "jetstream", "choria.node_metadata.%s", null, false);
        verifier = new EnvelopeVerifier(RUN, ledger, schedule, messages, START, 100 * MS, latency);
        for (long seq = 0; seq < 10; seq++)
        {
            ledger.sent(seq, schedule.intendedNs(seq));
        }
    }

    private byte[] envelope(final long seq)
    {
        final ByteSink sink = new ByteSink(64);
        messages.expectedEnvelope(seq, schedule.node(seq), schedule.intendedNs(seq), sink);
        return sink.toByteArray();
    }

    private String subject(final long seq)
    {
        return messages.subject(schedule.node(seq));
    }

    private Outcome land(final long seq, final byte[] body, final long latencyNs)
    {
        return verifier.verify(subject(seq), RequestId.of(RUN, seq), body, START + schedule.intendedNs(seq) + latencyNs);
    }

    @Test
    void shouldAcceptTheExactEnvelopeAndRecordLatencyFromTheScheduledTime()
    {
        assertEquals(Outcome.OK, land(3, envelope(3), 7 * MS));

        final Histogram h = latency.getIntervalHistogram();
        assertEquals(1, h.getTotalCount());
        assertEquals(7000, h.getMaxValue(), 10);
        assertEquals(1, ledger.landedCount());
    }

    /** Beyond the histogram's hour a landing used to throw before its body was compared: it must still be checked. */
    @Test
    void shouldStillCheckAnEnvelopeThatLandsMoreThanTheHistogramsCeilingLate()
    {
        final long hours = 3 * 3_600_000 * MS;
        final byte[] changed = envelope(4);
        changed[changed.length / 2] ^= 1;
        assertEquals(Outcome.CORRUPT, land(4, changed, hours));
        assertEquals(Outcome.OK, land(5, envelope(5), hours));
        assertEquals(2, verifier.late.sum());
        assertEquals(EnvelopeVerifier.MAX_LATENCY_US, latency.getIntervalHistogram().getMaxValue(), EnvelopeVerifier.MAX_LATENCY_US / 1000);
    }

    @Test
    void shouldCountASecondLandingAsDuplicate()
    {
        land(2, envelope(2), MS);
        assertEquals(Outcome.DUPLICATE, land(2, envelope(2), MS));
        assertEquals(1, verifier.duplicates.sum());
        assertEquals(1, ledger.landedCount());
    }

    @Test
    void shouldFlagAReSentCopyWithAChangedBodyAsCorrupt()
    {
        assertEquals(Outcome.OK, land(2, envelope(2), MS));
        final byte[] changed = envelope(2);
        changed[70] ^= 1;

        assertEquals(Outcome.CORRUPT, land(2, changed, MS));
        assertEquals(1, verifier.corrupted.sum());
        assertEquals(0, verifier.duplicates.sum(), "a changed copy is corrupt, not a duplicate");
        assertTrue(verifier.samples().get(0).contains("re-sent copy of " + RequestId.of(RUN, 2)),
            verifier.samples().get(0));
        assertEquals(1, ledger.landedCount());
        assertEquals(1, latency.getIntervalHistogram().getTotalCount(), "latency counts the first copy only");
    }

    @Test
    void shouldFlagAReSentCopyOnTheWrongSubjectAsCorrupt()
    {
        land(4, envelope(4), MS);

        assertEquals(Outcome.CORRUPT, verifier.verify("choria.node_metadata.someone.else", RequestId.of(RUN, 4), envelope(4), START));
        assertEquals(0, verifier.duplicates.sum());
        assertTrue(verifier.samples().get(0).contains("subject of re-sent copy"), verifier.samples().get(0));
    }

    /** The stream de-duplicates retries on this header; an envelope without it, or with another id, breaks that. */
    @Test
    void shouldFlagAMissingOrWrongMessageIdAsCorrupt()
    {
        assertEquals(Outcome.CORRUPT, verifier.verify(subject(3), null, envelope(3), START));
        assertTrue(verifier.samples().get(0).contains("Nats-Msg-Id of " + RequestId.of(RUN, 3) + " is absent"),
            verifier.samples().get(0));
        assertEquals(Outcome.CORRUPT, verifier.verify(subject(7), RequestId.of(RUN, 8), envelope(7), START));
        assertEquals(Outcome.CORRUPT, verifier.verify(subject(7), RequestId.of(RUN, 7) + " ", envelope(7), START));
        assertEquals(3, verifier.corrupted.sum());
        assertEquals(Outcome.DUPLICATE, verifier.verify(subject(7), RequestId.of(RUN, 7), envelope(7), START),
            "the copies with a wrong id landed: this is the second one");
    }

    /** Every node's reply to one request carries its id, so a reply's message id is its sender and that id. */
    @Test
    void shouldExpectARepliesMessageIdToNameItsSender() throws Exception
    {
        final FleetMessages replies = new FleetMessages(new Fleet(10), SizeDistribution.parse("1024"), WireProtocol.V1_REPLY, RUN,
            1_700_000_000_000_000_000L, "jetstream", "choria.node_metadata.%s", null, false);
        final EnvelopeVerifier replyVerifier = new EnvelopeVerifier(RUN, ledger, schedule, replies, START, 100 * MS, latency);
        for (final long seq : new long[] {3, 4})
        {
            final ByteSink body = new ByteSink(64);
            replies.expectedEnvelope(seq, schedule.node(seq), schedule.intendedNs(seq), body);
            final String sender = new Fleet(10).identity(schedule.node(seq));
            assertEquals(seq == 3 ? Outcome.OK : Outcome.CORRUPT, replyVerifier.verify(subject(seq),
                (seq == 3 ? sender + ":" : "") + RequestId.of(RUN, seq), body.toByteArray(), START),
                "the request id alone would let the stream drop every other node's reply");
        }
    }

    @Test
    void shouldReportWhatNeverLandedAsMissing()
    {
        land(0, envelope(0), MS);
        land(4, envelope(4), MS);

        assertEquals(8, ledger.sentCount() - ledger.landedCount());
        assertEquals(1, ledger.missing(10, 5)[0]);
        assertEquals(5, ledger.missing(10, 5).length);
    }

    @Test
    void shouldFlagAChangedBodyByteAsCorrupt()
    {
        final byte[] body = envelope(5);
        body[60] ^= 1;

        assertEquals(Outcome.CORRUPT, land(5, body, MS));
        assertEquals(1, verifier.corrupted.sum());
        assertTrue(verifier.samples().get(0).contains("differs at byte 60"), verifier.samples().get(0));
        assertEquals(1, ledger.landedCount(), "a corrupt envelope is not also missing");
    }

    @Test
    void shouldFlagAnExtraKeyAsCorrupt()
    {
        final String body = new String(envelope(6), StandardCharsets.UTF_8).replace(",\"requestid\"",
            ",\"extra\":1,\"requestid\"");
        assertEquals(Outcome.CORRUPT, land(6, body.getBytes(StandardCharsets.UTF_8), MS));
    }

    @Test
    void shouldFlagTheWrongSubjectAsCorrupt()
    {
        assertEquals(Outcome.CORRUPT, verifier.verify("choria.node_metadata.someone.else", RequestId.of(RUN, 1), envelope(1), START));
        assertTrue(verifier.samples().get(0).contains("subject"));
    }

    @Test
    void shouldFlagAnEnvelopeWithoutRequestIdAsCorrupt()
    {
        final byte[] body = "{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"x\"}"
            .getBytes(StandardCharsets.US_ASCII);
        assertEquals(Outcome.CORRUPT, verifier.verify(subject(0), RequestId.of(RUN, 0), body, START));
    }

    @Test
    void shouldIgnoreEnvelopesOfOtherRunsButNotice()
    {
        final String body = new String(envelope(1), StandardCharsets.UTF_8).replace(RequestId.of(RUN, 1),
            RequestId.of(RUN + 1, 1));
        assertEquals(Outcome.FOREIGN, land(1, body.getBytes(StandardCharsets.UTF_8), MS));
        assertEquals(0, ledger.landedCount());
    }

    @Test
    void shouldNotMatchAnIdOfThisRunThatWasNeverSent()
    {
        ledger.unsent(9);
        assertEquals(Outcome.UNEXPECTED, land(9, envelope(9), MS));
    }

    @Test
    void shouldCountLateArrivalsAgainstTheLateAfterBound()
    {
        land(1, envelope(1), 99 * MS);
        land(2, envelope(2), 101 * MS);
        assertEquals(1, verifier.late.sum());
    }

    @Test
    void shouldFindTheRequestIdAnywhereWhenNotAtTheEnd()
    {
        final byte[] body = "{\"requestid\":\"0123456789abcdef0123456789abcdef\",\"x\":1}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(14, EnvelopeVerifier.requestIdOffset(body));
    }
}
