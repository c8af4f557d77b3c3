package io.fleetbridge.bench.rig;

import io.fleetbridge.testsupport.NatsServerExtension;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every variant runs about a second against a real nats-server, and every message it was sent is accounted for. */
// jnats' Connection.close() declares InterruptedException; try-with-resources is still the right shape here
@SuppressWarnings("try")
class ThroughputRigSmokeTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldLandMessagesAndAccountForEverySentOneInEveryVariant() throws Exception
    {
        try (Connection management = RigConnections.open(NATS.url(), "smoke"))
        {
            final CellRunner runner = new CellRunner(NATS.server(), management, Duration.ofMillis(200), Duration.ofSeconds(1), 1);
            final RegistrationTransports messages = new RegistrationTransports(300, 1000, 42);
            final RigOptions.Group group = new RigOptions.Group(300, StorageType.File, 1);
            for (final String name : RigOptions.ALL_VARIANTS)
            {
                final Cell cell = runner.nextCell(group, messages, 1000, 2000);

                final CellResult result = runner.run(cell, ThroughputRig.variant(name), ThroughputRig.kind(name));

                assertTrue(result.landedInWindow() > 0, name + " landed nothing in its window: " + result);
                assertTrue(result.sent() > 0, name + " sent nothing: " + result);
                if ("go-core".equals(name))
                {
                    // core NATS publishing, as the Go adapter does, can lose messages nobody counts: that is
                    // what the rig's "lost" column shows; it must never over-count
                    assertTrue(result.landed() + result.dropped() <= result.sent(), name + ": more settled than sent: " + result);
                }
                else
                {
                    assertEquals(result.sent(), result.landed() + result.dropped(), name + ": landed + dropped != sent: " + result);
                }
                assertEquals("", result.note(), name);
            }
        }
    }
}
