package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class StreamCheckTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    void shouldTurnATopicTemplateIntoTheFilterOfEveryOutputSubject()
    {
        assertEquals("choria.node_metadata.>", StreamCheck.filterFor("choria.node_metadata.%s"));
        // a.*.b would miss a.web1.example.net.b: a sender's name spans as many tokens as it has parts
        assertEquals("a.>", StreamCheck.filterFor("a.%s.b"));
        assertEquals("choria.>", StreamCheck.filterFor("choria.node_%s"));
        assertEquals("fixed.subject", StreamCheck.filterFor("fixed.subject"));
    }

    @Test
    void shouldTellAStreamThatHoldsEverySubjectFromOneThatOnlyOverlaps()
    {
        assertTrue(StreamCheck.holds("a.>", "a.>"));
        assertTrue(StreamCheck.holds(">", "a.>"));
        assertTrue(StreamCheck.holds("*.>", "a.b.>"));
        assertFalse(StreamCheck.holds("a.*", "a.>"), "a.* stores none of a.web1.example.net");
        assertFalse(StreamCheck.holds("a.b.>", "a.>"));
        assertFalse(StreamCheck.holds("a.>", "a"));
        assertTrue(StreamCheck.holds("a.*.c", "a.b.c"));
        assertFalse(StreamCheck.holds("a.b.c", "a.*.c"));
        // the advisory subjects' shapes: one event's, any event's
        assertTrue(StreamCheck.holds("fleet.*.>", "fleet.timeout.>"));
        assertFalse(StreamCheck.holds("fleet.*", "fleet.timeout.>"));
        assertFalse(StreamCheck.holds("fleet.new", "fleet.*"));
    }

    @Test
    void shouldNotTakeAStreamThatStoresOnlySingleTokenSendersForTheOutputStream() throws Exception
    {
        try (Connection nc = Nats.connect(NATS.url()))
        {
            // the server lists it for part.>, yet part.web1.example.net would get no stream
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("PART").subjects("part.*")
                .storageType(StorageType.Memory).build());
            final StreamCheck check = new StreamCheck("t", "part.%s", Duration.ofMinutes(5));
            check.check(nc);
            assertFalse(check.found());
            assertEquals("stream PART captures only part of part.>: a sender whose name has dots (web1.example.net) would be held, "
                + "retried and dropped. Give it the subject part.>", StreamCheck.partialCapture(java.util.List.of("PART"), "part.>"));

            // the fix it names
            nc.jetStreamManagement().updateStream(StreamConfiguration.builder().name("PART").subjects("part.>")
                .storageType(StorageType.Memory).build());
            check.check(nc);
            assertTrue(check.found());
        }
    }

    @Test
    void shouldWarnWhenTheDuplicateWindowIsShorterThanRetryForAndNameTheFix()
    {
        final String warning = StreamCheck.duplicateWindowWarning("discovery", "NODES", Duration.ofMinutes(2), Duration.ofMinutes(5));

        assertTrue(warning.contains("stream NODES forgets a Nats-Msg-Id after 120s"), warning);
        assertTrue(warning.contains("nats stream edit NODES --dupe-window 300s"), warning);
        assertNull(StreamCheck.duplicateWindowWarning("d", "NODES", Duration.ofMinutes(5), Duration.ofMinutes(5)), "equal is enough");
        assertNull(StreamCheck.duplicateWindowWarning("d", "NODES", null, Duration.ofMinutes(5)), "unknown: say nothing");
        assertEquals("fleetbridge create-stream --config /etc/choria/broker.conf --adapter reg",
            StreamCheck.createCommand("reg", "/etc/choria/broker.conf"));
    }

    @Test
    void shouldFindTheStreamAndCheckItsWindowAgainstRetryFor() throws Exception
    {
        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamCheck check = new StreamCheck("t", "short.%s", Duration.ofMinutes(5));
            check.check(nc);
            assertFalse(check.found(), "no stream yet");

            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("SHORT").subjects("short.>")
                .storageType(StorageType.Memory).duplicateWindow(Duration.ofMinutes(1)).build());
            check.check(nc);
            assertTrue(check.found());
            assertTrue(check.duplicateWindowWarning().contains("stream SHORT forgets a Nats-Msg-Id after 60s"),
                check.duplicateWindowWarning());

            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("LONG").subjects("long.>")
                .storageType(StorageType.Memory).duplicateWindow(Duration.ofMinutes(5)).build());
            final StreamCheck fine = new StreamCheck("t", "long.%s", Duration.ofMinutes(5));
            fine.check(nc);
            assertTrue(fine.found());
            assertNull(fine.duplicateWindowWarning());
        }
    }
}
