package io.fleetbridge.testsupport;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsServerBinaryTest
{
    @Test
    void shouldFailWithInstallHintWhenBinaryIsMissing()
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> NatsServerBinary.locate(null, "/nonexistent-dir-a:/nonexistent-dir-b"));

        assertEquals("nats-server not found: install it (Debian/Ubuntu: sudo apt-get install nats-server) or set"
            + " NATS_SERVER to its path", missing.getMessage());
    }

    @Test
    void shouldRejectEnvironmentPathThatIsNotAnExecutable()
    {
        final IllegalStateException wrong = assertThrows(IllegalStateException.class,
            () -> NatsServerBinary.locate("/nonexistent/nats-server", System.getenv("PATH")));

        assertTrue(wrong.getMessage().startsWith(NatsServerBinary.NOT_FOUND), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("NATS_SERVER=/nonexistent/nats-server"), wrong.getMessage());
    }

    @Test
    void shouldPreferEnvironmentVariableOverPath()
    {
        final Path onPath = NatsServerBinary.locate(null, System.getenv("PATH"));

        assertEquals(onPath, NatsServerBinary.locate(onPath.toString(), "/nonexistent-dir"));
    }
}
