package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.RingWait;
import io.fleetbridge.bench.rig.BridgeCeiling.ServerWork;
import io.nats.client.Message;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeCeilingTest
{
    private static final String[] SENDER_SUBJECTS = {"p.bridge.0", "p.bridge.1", "p.bridge.2"};
    private static final String[] ONE_SUBJECT = {"p.bridge"};
    private static final byte[] BODY = {1, 2, 3};

    @Test
    void shouldGiveEveryMessageItsOwnIdAndCycleThroughTheSenderSubjects()
    {
        final BridgeCeiling bridge = new BridgeCeiling(ServerWork.IDS_AND_SUBJECTS);
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < 6; i++)
        {
            final Message message = bridge.withWork(SENDER_SUBJECTS, BODY);
            assertEquals(SENDER_SUBJECTS[i % 3], message.getSubject());
            assertArrayEquals(BODY, message.getData(), "the body goes out unchanged");
            assertTrue(ids.add(message.getHeaders().getFirst("Nats-Msg-Id")), "ids repeat: " + ids);
        }
    }

    @Test
    void shouldAskForEachPartOfTheAdaptersServerWorkAlone()
    {
        final Message id = new BridgeCeiling(ServerWork.IDS).withWork(ONE_SUBJECT, BODY);
        assertEquals("p.bridge", id.getSubject());
        assertEquals("0", id.getHeaders().getFirst("Nats-Msg-Id"));

        final Message header = new BridgeCeiling(ServerWork.OTHER_HEADER).withWork(ONE_SUBJECT, BODY);
        assertFalse(header.getHeaders().containsKeyIgnoreCase("Nats-Msg-Id"), "a header the server does not act on");
        assertEquals(id.getHeaders().serializedLength(), header.getHeaders().serializedLength(), "the same bytes as the id");

        final BridgeCeiling subjects = new BridgeCeiling(ServerWork.SUBJECTS);
        for (int i = 0; i < 3; i++)
        {
            final Message message = subjects.withWork(SENDER_SUBJECTS, BODY);
            assertEquals(SENDER_SUBJECTS[i], message.getSubject());
            assertFalse(message.hasHeaders());
        }
    }

    @Test
    void shouldStoreTheAdaptersEnvelopesWithIdsAndSenderSubjectsForTheAdaptersWholeServerWork()
    {
        final RegistrationTransports messages = new RegistrationTransports(1024, 2, 7);
        final BridgeCeiling bridge = new BridgeCeiling(ServerWork.ENVELOPES);
        bridge.useEnvelopes(messages);
        assertTrue(bridge.storesEnvelopes());
        assertFalse(new BridgeCeiling(ServerWork.IDS_AND_SUBJECTS).storesEnvelopes());
        for (int i = 0; i < 4; i++)
        {
            final Message message = bridge.withWork(SENDER_SUBJECTS, BODY);
            assertEquals(SENDER_SUBJECTS[i % 3], message.getSubject());
            assertEquals(Integer.toString(i), message.getHeaders().getFirst("Nats-Msg-Id"));
            assertArrayEquals(messages.envelope(i % 2), message.getData(), "the envelope, not the transport");
            assertEquals(messages.envelopeBytes(), message.getData().length);
        }
    }

    @Test
    void shouldNameEveryBridgeAsARigVariantAndTellThemFromTheVariantsWithTargets()
    {
        for (final ServerWork work : ServerWork.values())
        {
            assertSame(work, ServerWork.ofVariant(work.variant));
            assertTrue(RigOptions.KNOWN_VARIANTS.contains(work.variant), work.variant);
            assertTrue(BridgeCeiling.isBridge(ThroughputRig.variant(work.variant, RigOptions.parse()).name()), work.variant);
        }
        assertNull(ServerWork.ofVariant("adapter"));
        assertFalse(BridgeCeiling.isBridge(new AdapterVariant(false, RingWait.BLOCKING).name()));
    }

    @Test
    void shouldNameTheSpinningBridgeByItsCpuPerMessageAndKeepItApartFromTheCeilingsAndTheAdapter()
    {
        final String spinning = ThroughputRig.variant(BridgeCeiling.SPINNING, RigOptions.parse("--spin-ns", "2500")).name();

        assertEquals(BridgeCeiling.SAME_WORK_NAME + " + 2.5 µs of CPU per message", spinning);
        assertTrue(BridgeCeiling.isSpinning(spinning), spinning);
        assertFalse(BridgeCeiling.isBridge(spinning), "not a ceiling: its tail is a calibration");
        assertFalse(BridgeCeiling.isSpinning(BridgeCeiling.SAME_WORK_NAME));
        assertFalse(BridgeCeiling.isSpinning(new AdapterVariant(false, RingWait.BLOCKING).name()));
        assertEquals(RigOptions.DEFAULT_SPIN_NS, RigOptions.parse().spinNs());
    }

    @Test
    void shouldSpinUntilTheGivenTimeHasPassedBeforeEachPublish()
    {
        final BridgeCeiling spinning = new BridgeCeiling(ServerWork.ENVELOPES, 2_000_000);
        final long from = System.nanoTime();

        spinning.spin(from);

        assertTrue(System.nanoTime() - from >= 2_000_000, "returned before its 2 ms were up");
    }
}
