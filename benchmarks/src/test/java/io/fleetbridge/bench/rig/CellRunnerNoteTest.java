package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellRunnerNoteTest
{
    private static final long ONE_SECOND_NS = 1_000_000_000L;

    /** A 10 s window in which the JIT compiler used {@code jitNs} of CPU. */
    private static CpuMeter.Window window(final long jitNs)
    {
        return new CpuMeter.Window(10 * ONE_SECOND_NS, 8 * ONE_SECOND_NS, ONE_SECOND_NS, 9 * ONE_SECOND_NS, 0, 0, jitNs, 0, 0);
    }

    @Test
    void shouldSayNothingAboutACleanWindow()
    {
        assertEquals("", CellRunner.note(true, "", window(ONE_SECOND_NS / 100)), "0.01 cores of JIT is a steady path");
    }

    @Test
    void shouldFlagAWindowInWhichTheCodeWasStillBeingCompiled()
    {
        assertEquals("JIT compiling in the window (0.13 cores)", CellRunner.note(true, "", window(13 * ONE_SECOND_NS / 10)));
    }

    @Test
    void shouldJoinEverythingTheReaderShouldKnow()
    {
        assertEquals("drain timed out; dropped queue_full 12; JIT compiling in the window (0.20 cores)",
            CellRunner.note(false, "queue_full 12", window(2 * ONE_SECOND_NS)));
        assertEquals("dropped slow_consumer 3", CellRunner.note(true, "slow_consumer 3", window(0)));
    }
}
