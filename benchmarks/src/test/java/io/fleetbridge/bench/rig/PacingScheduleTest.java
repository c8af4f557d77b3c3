package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacingScheduleTest
{
    @Test
    void shouldSpaceMessagesOneIntervalApartFromTheStart()
    {
        final PacingSchedule schedule = new PacingSchedule(1_000, 4);

        assertEquals(1_000, schedule.intendedNs(0));
        assertEquals(1_000 + 250_000_000, schedule.intendedNs(1));
        assertEquals(1_000 + 750_000_000, schedule.intendedNs(3));
        assertEquals(1_000 + 1_000_000_000, schedule.intendedNs(4));
    }

    @Test
    void shouldNotAccumulateRoundingWhenTheIntervalIsNotWholeNanoseconds()
    {
        final PacingSchedule schedule = new PacingSchedule(0, 3);

        assertEquals(333_333_333, schedule.intendedNs(1));
        assertEquals(666_666_666, schedule.intendedNs(2));
        assertEquals(1_000_000_000, schedule.intendedNs(3));
        assertEquals(3_600_000_000_000L, schedule.intendedNs(3 * 3600));
    }

    @Test
    void shouldKeepTheRateExactOverALongRunAtAHighRate()
    {
        final PacingSchedule schedule = new PacingSchedule(-5_000, 25_432);

        // an hour at 25k msgs/s: 91.5M messages, the last one second after the one a second earlier
        final long lastOfTheHour = 25_432L * 3600;
        assertEquals(-5_000 + 3_600_000_000_000L, schedule.intendedNs(lastOfTheHour));
        assertEquals(1_000_000_000L, schedule.intendedNs(lastOfTheHour) - schedule.intendedNs(lastOfTheHour - 25_432));
    }

    @Test
    void shouldWorkAcrossTheWrapOfNanoTime()
    {
        final PacingSchedule schedule = new PacingSchedule(Long.MAX_VALUE - 100, 1_000_000_000);

        // System.nanoTime() may be near its wrap: the schedule is compared by difference, as nanoTime requires
        assertEquals(200, schedule.intendedNs(200) - schedule.intendedNs(0));
    }

    @Test
    void shouldDeriveTheTargetRateFromAFractionOfTheCeiling()
    {
        assertEquals(7_000, PacingSchedule.rateFor(0.25, 28_000.4));
        assertEquals(25_200, PacingSchedule.rateFor(0.9, 28_000));
        assertEquals(1, PacingSchedule.rateFor(0.5, 0));
    }

    @Test
    void shouldRefuseARateBelowOneMessagePerSecond()
    {
        assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(0, 0));
    }
}
