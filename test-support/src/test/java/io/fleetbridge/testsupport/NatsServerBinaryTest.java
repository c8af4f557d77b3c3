package io.fleetbridge.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsServerBinaryTest
{
    @Test
    void shouldFailWithInstallHintWhenBinaryIsMissing()
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> NatsServerBinary.locate(null, "/nonexistent-dir-a:/nonexistent-dir-b", List.of("/nonexistent-sbin")));

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
    void shouldFindThePackagesBinaryInASystemDirectoryThatPathLeavesOut(@TempDir final Path sbin) throws Exception
    {
        // Debian installs it in /usr/sbin, which a normal user's PATH lacks: mvn verify alone must still find it
        final Path binary = Files.createFile(sbin.resolve("nats-server"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertEquals(binary, NatsServerBinary.locate(null, "/nonexistent-dir", List.of("/nonexistent-sbin", sbin.toString())));
        assertTrue(NatsServerBinary.SYSTEM_DIRECTORIES.contains("/usr/sbin"));
    }

    @Test
    void shouldPreferEnvironmentVariableOverPath()
    {
        final Path onPath = NatsServerBinary.locate(null, System.getenv("PATH"));

        assertEquals(onPath, NatsServerBinary.locate(onPath.toString(), "/nonexistent-dir"));
    }
}
