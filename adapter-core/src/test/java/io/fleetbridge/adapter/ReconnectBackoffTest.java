package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest
{
    @Test
    void shouldDoubleFromTheBaseUpToTheCap()
    {
        assertEquals(ReconnectBackoff.BASE_MS, ReconnectBackoff.waitMs(1));
        assertEquals(2 * ReconnectBackoff.BASE_MS, ReconnectBackoff.waitMs(2));
        assertEquals(4 * ReconnectBackoff.BASE_MS, ReconnectBackoff.waitMs(3));
        assertEquals(ReconnectBackoff.CAP_MS, ReconnectBackoff.waitMs(7));
        assertEquals(ReconnectBackoff.CAP_MS, ReconnectBackoff.waitMs(Long.MAX_VALUE), "no overflow after days of rounds");
    }

    @Test
    void shouldAddAtMostAQuarterAsJitter()
    {
        final ReconnectBackoff backoff = new ReconnectBackoff();
        for (int i = 0; i < 1000; i++)
        {
            final long ms = backoff.getWaitTime(100).toMillis();
            assertTrue(ms >= ReconnectBackoff.CAP_MS && ms <= ReconnectBackoff.CAP_MS * 5 / 4, () -> "wait " + ms);
        }
    }
}
