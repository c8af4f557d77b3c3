package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClockOffsetTest
{
    @Test
    void shouldTakeEachIntervalsLeastDelayAndKeepItThroughQuietIntervals()
    {
        final ClockOffset offset = new ClockOffset();
        assertEquals(ClockOffset.UNKNOWN, offset.roll());
        offset.sample(900);
        offset.sample(40);
        offset.sample(3_000);
        assertEquals(40, offset.roll());
        assertEquals(40, offset.roll(), "an interval without live registrations keeps the estimate");
        offset.sample(-2_000);
        offset.sample(-1_500);
        assertEquals(-2_000, offset.roll(), "behind the server, registrations seem read before they were stored");
        assertEquals(-2_000, offset.estimateMs());
    }

    @Test
    void shouldCallAnOffsetNotableFromAHundredthOfTheWarnDurationButNeverUnderASecond()
    {
        assertEquals(18_000, ClockOffset.notableMs(30 * 60_000));
        assertEquals(1_000, ClockOffset.notableMs(10_000));
    }
}
