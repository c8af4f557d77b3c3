package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuMeterTest
{
    @Test
    void shouldReadTheHostsStealFromTheAllCpuLineOfProcStat()
    {
        final String stat = "cpu  1665288 0 917148 4643905 3054 0 226943 151788 0 0\n"
            + "cpu0 880540 0 495036 2441891 1616 0 116480 76749 0 0\n"
            + "cpu1 784748 0 422112 2202014 1438 0 110463 75039 0 0\n"
            + "intr 1 2 3\n";

        assertEquals(151_788, CpuMeter.stealTicks(stat));
        assertEquals(0, CpuMeter.stealTicks("intr 1 2 3\n"), "no cpu line: nothing measured, nothing made up");
    }

    @Test
    void shouldReadUserAndSystemTicksAfterTheCommandName()
    {
        final String stat = "4242 (nats server) S 1 4242 4242 0 -1 4194560 1000 0 0 0 350 120 0 0 20 0 8 0 100 0 0";

        assertEquals(470, CpuMeter.ticks(stat));
    }

    @Test
    void shouldGiveStolenTimeAsCoresOverTheWindow()
    {
        final CpuMeter.Window window = new CpuMeter.Window(10_000_000_000L, 0, 0, 0, 1_500_000_000L, 0, 0, 0, 0);

        assertEquals(0.15, window.stolenCores(), 1e-9);
    }
}
