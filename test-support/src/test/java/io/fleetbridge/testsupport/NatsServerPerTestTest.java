package io.fleetbridge.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension in an instance field gives every test a server of its own. */
// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class NatsServerPerTestTest
{
    @RegisterExtension
    final NatsServerExtension nats = NatsServerExtension.single();

    @Test
    void shouldStartWithEmptyStoreInFirstTest() throws Exception
    {
        assertFreshServerThenLeaveAStream();
    }

    @Test
    void shouldStartWithEmptyStoreInSecondTest() throws Exception
    {
        assertFreshServerThenLeaveAStream();
    }

    // whichever test runs second fails if the server or its store were shared
    private void assertFreshServerThenLeaveAStream() throws Exception
    {
        try (Connection nc = TestStreams.connect(nats.url()))
        {
            final JetStreamManagement jsm = nc.jetStreamManagement(TestStreams.FAST_API);
            assertTrue(jsm.getStreamNames().isEmpty(), "no streams left by another test");
            TestStreams.addFileStream(nc, "LEFT_BEHIND", 1);
            assertEquals(1, jsm.getStreamNames().size());
        }
    }
}
