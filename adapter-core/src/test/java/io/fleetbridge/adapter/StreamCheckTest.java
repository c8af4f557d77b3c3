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
        assertEquals("a.*.b", StreamCheck.filterFor("a.%s.b"));
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
