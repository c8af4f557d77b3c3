package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TaskStatsTest
{
    @Test
    void shouldTellTheCollectorAndTheCompilerFromEveryOtherThreadByTheirCutNames()
    {
        assertEquals(TaskStats.Kind.GC, TaskStats.kind("GC Thread#0"));
        assertEquals(TaskStats.Kind.GC, TaskStats.kind("G1 Conc#0"));
        assertEquals(TaskStats.Kind.GC, TaskStats.kind("G1 Refine#0"));
        assertEquals(TaskStats.Kind.GC, TaskStats.kind("VM Thread"));
        assertEquals(TaskStats.Kind.JIT, TaskStats.kind("C2 CompilerThre"));
        assertEquals(TaskStats.Kind.JIT, TaskStats.kind("C1 CompilerThre"));
        assertEquals(TaskStats.Kind.OTHER, TaskStats.kind("VM Periodic Tas"), "the periodic task thread does no collecting");
        assertEquals(TaskStats.Kind.SOURCE, TaskStats.kind("rig-source-send"));
        assertEquals(TaskStats.Kind.SOURCE, TaskStats.kind("rig-source-io-1"), "jnats' threads of the source too");
        assertEquals(TaskStats.Kind.OTHER, TaskStats.kind("fleetbridge_rig"));
    }

    @Test
    void shouldReadCpuAndRunQueueWaitFromSchedstat()
    {
        assertArrayEquals(new long[] {252159808, 27274101}, TaskStats.schedstat("252159808 27274101 1115\n"));
    }

    @Test
    void shouldSumEachThreadsOwnDifferenceSoThreadsThatComeAndGoNeverCountBackwards()
    {
        final TaskStats before = new TaskStats(Map.of(
            "1", new TaskStats.Task(TaskStats.Kind.GC, 100, 10),
            "2", new TaskStats.Task(TaskStats.Kind.OTHER, 500, 50),
            "3", new TaskStats.Task(TaskStats.Kind.OTHER, 9_000, 9_000),
            "5", new TaskStats.Task(TaskStats.Kind.SOURCE, 1_000, 100)));
        final TaskStats after = new TaskStats(Map.of(
            "1", new TaskStats.Task(TaskStats.Kind.GC, 160, 15),
            "2", new TaskStats.Task(TaskStats.Kind.OTHER, 700, 80),
            "4", new TaskStats.Task(TaskStats.Kind.JIT, 40, 4),
            "5", new TaskStats.Task(TaskStats.Kind.SOURCE, 1_250, 120)));

        // thread 3 ended in the window: it loses its last part, and takes nothing of what came before
        assertEquals(new TaskStats.Totals(60, 40, 250, 5 + 30 + 4 + 20), before.until(after));
        assertEquals(new TaskStats.Totals(0, 0, 0, 0), TaskStats.NONE.until(TaskStats.NONE));
    }

    @Test
    void shouldSeeThisJvmsCollectorWorkInAWindowWithACollection()
    {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "needs Linux's /proc");
        final TaskStats before = TaskStats.of("self");

        System.gc();

        final TaskStats.Totals window = before.until(TaskStats.of("self"));
        assertTrue(window.gcNs() > 0, "a full collection ran on the collector's threads: " + window);
        assertTrue(window.waitNs() >= 0, "waits only grow: " + window);
        assertEquals(TaskStats.NONE.until(TaskStats.NONE), TaskStats.NONE.until(TaskStats.of("no-such-process")));
    }
}
