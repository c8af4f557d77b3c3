package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BrokerSizingTest
{
    @Test
    void shouldSplitTheCoresInProportionToEachSidesCpuPerMessage()
    {
        final BrokerSizing sizing = new BrokerSizing(16, 14, 18);

        // 16 cores / 32 µs per message, all of them busy
        assertEquals(500_000, sizing.msgsPerSecond(), 1e-6);
        assertEquals(9.0, sizing.serverCores(), 1e-9);
        assertEquals(7.0, sizing.jvmCores(), 1e-9);
        assertEquals(sizing.cores(), sizing.serverCores() + sizing.jvmCores(), 1e-9);
        assertEquals(150_000_000, sizing.registrationsPer(BrokerSizing.REGISTRATION_INTERVAL), 1e-3);
        assertEquals(30_000_000, sizing.registrationsPer(Duration.ofMinutes(1)), 1e-3);
    }

    @Test
    void shouldScaleWithTheCoresAndFallWithEitherSidesCost()
    {
        assertEquals(2 * new BrokerSizing(8, 10, 10).msgsPerSecond(), new BrokerSizing(16, 10, 10).msgsPerSecond(), 1e-6);
        assertEquals(new BrokerSizing(16, 10, 30).msgsPerSecond(), new BrokerSizing(16, 30, 10).msgsPerSecond(), 1e-6);
        assertEquals(400_000, new BrokerSizing(16, 20, 20).msgsPerSecond(), 1e-6);
    }

    @Test
    void shouldNeedAStreamForEveryCoreTheServerGets()
    {
        assertEquals(8, new BrokerSizing(16, 10, 10).streamsAtLeast(), "exactly 8 server cores: 8 streams");
        assertEquals(9, new BrokerSizing(16, 14, 18).streamsAtLeast());
        assertEquals(11, new BrokerSizing(16, 5, 10).streamsAtLeast(), "10.7 server cores");
        assertEquals(1, new BrokerSizing(1, 10, 1).streamsAtLeast(), "never fewer than one");
    }

    @Test
    void shouldCarryNothingWhenNothingWasMeasuredAndRefuseNonsense()
    {
        final BrokerSizing none = new BrokerSizing(16, 0, 0);

        assertFalse(none.known());
        assertEquals(0, none.msgsPerSecond());
        assertEquals(0, none.serverCores());
        assertThrows(IllegalArgumentException.class, () -> new BrokerSizing(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSizing(16, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSizing(16, 10, Double.NaN));
    }
}
