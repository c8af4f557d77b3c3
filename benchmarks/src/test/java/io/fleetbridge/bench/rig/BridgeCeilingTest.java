package io.fleetbridge.bench.rig;

import io.nats.client.Message;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeCeilingTest
{
    @Test
    void shouldGiveEveryMessageItsOwnIdAndCycleThroughTheSenderSubjects()
    {
        final BridgeCeiling bridge = BridgeCeiling.withSameServerWork();
        final String[] subjects = {"p.bridge.0", "p.bridge.1", "p.bridge.2"};
        final byte[] body = {1, 2, 3};
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < 6; i++)
        {
            final Message message = bridge.sameServerWork(subjects, body);
            assertEquals(subjects[i % 3], message.getSubject());
            assertArrayEquals(body, message.getData(), "the body goes out unchanged");
            assertTrue(ids.add(message.getHeaders().getFirst("Nats-Msg-Id")), "ids repeat: " + ids);
        }
    }

    @Test
    void shouldTellBothBridgesFromTheVariantsWithTargets()
    {
        assertTrue(BridgeCeiling.isBridge(new BridgeCeiling().name()));
        assertTrue(BridgeCeiling.isBridge(BridgeCeiling.withSameServerWork().name()));
        assertFalse(BridgeCeiling.isBridge(new AdapterVariant(false).name()));
    }
}
