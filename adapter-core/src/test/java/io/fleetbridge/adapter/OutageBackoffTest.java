package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutageBackoffTest
{
    @Test
    void shouldStartAnOutageOnceAndProbeAfterTheInitialInterval()
    {
        final OutageBackoff outage = new OutageBackoff();
        assertFalse(outage.failing());
        assertFalse(outage.probeDue(0));

        assertTrue(outage.failed(3, 1_000), "the first failure starts the outage");
        assertFalse(outage.failed(4, 1_001), "later failures of other messages do not start another");
        assertTrue(outage.failing());
        assertFalse(outage.probeDue(1_000 + OutageBackoff.INITIAL_NS - 1));
        assertTrue(outage.probeDue(1_000 + OutageBackoff.INITIAL_NS));
    }

    @Test
    void shouldDoubleTheIntervalForEachFailedProbeUpToTheCap()
    {
        final OutageBackoff outage = new OutageBackoff();
        long now = 0;
        outage.failed(0, now);
        long expected = OutageBackoff.INITIAL_NS;
        for (int i = 0; i < 8; i++)
        {
            now += expected;
            assertTrue(outage.probeDue(now), "probe " + i);
            outage.probing(7);
            assertFalse(outage.probeDue(now + OutageBackoff.MAX_NS), "one probe at a time");
            assertFalse(outage.failed(5, now), "a message that is not the probe failing changes nothing");
            assertFalse(outage.probeDue(now + OutageBackoff.MAX_NS), "the probe is still out");

            outage.failed(7, now);
            expected = Math.min(expected * 2, OutageBackoff.MAX_NS);
            assertFalse(outage.probeDue(now + expected - 1), "probe " + i + ": interval " + expected);
        }
        assertEquals(OutageBackoff.MAX_NS, expected, "capped after 100 ms doubled five times");
    }

    @Test
    void shouldEndTheOutageOnTheFirstAcknowledgement()
    {
        final OutageBackoff outage = new OutageBackoff();
        assertFalse(outage.acknowledged(), "no outage to end");
        outage.failed(1, 0);
        outage.probing(1);

        assertTrue(outage.acknowledged());
        assertFalse(outage.failing());
        assertFalse(outage.probeDue(Long.MAX_VALUE / 2));
        assertTrue(outage.failed(2, 10), "the next failure starts a new outage, from the initial interval");
        assertTrue(outage.probeDue(10 + OutageBackoff.INITIAL_NS));
    }

    @Test
    void shouldEndTheOutageWhenJetStreamRefusesTheProbe()
    {
        final OutageBackoff outage = new OutageBackoff();
        assertFalse(outage.refused(), "no outage to end");
        outage.failed(1, 0);
        outage.probing(1);

        assertTrue(outage.refused(), "a refusal is an answer: JetStream is reachable");
        assertFalse(outage.failing(), "nothing is held behind the refused probe");
        assertTrue(outage.failed(2, 10), "the next failure starts a new outage, from the initial interval");
        assertTrue(outage.probeDue(10 + OutageBackoff.INITIAL_NS));
    }

    @Test
    void shouldProbeAgainWhenTheProbeLeavesUnanswered()
    {
        final OutageBackoff outage = new OutageBackoff();
        outage.failed(0, 0);
        outage.probing(4);
        outage.settled(9);
        assertFalse(outage.probeDue(OutageBackoff.MAX_NS), "another message leaving changes nothing");
        outage.settled(4); // dropped: the client refused it
        assertTrue(outage.probeDue(OutageBackoff.MAX_NS), "without an answer to wait for, the next probe is due");
    }
}
