package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestLimitsTest
{
    /** What scripts/bench gives the rig's JVM. */
    private static final long RIG_HEAP = 1L << 30;
    private static final int DEFAULT_WINDOW = RigOptions.parse().window();

    @Test
    void shouldHoldAWholeClosedLoopWindowOfTheLargestTransportsWithoutDropping()
    {
        final long window = (long)DEFAULT_WINDOW * new RegistrationTransports(4096, 10, 1).transportBytes();

        assertTrue(IngestLimits.PENDING_BYTES > window, "a closed-loop window of 4 KiB transports is " + window + " bytes");
        assertTrue(RigConnections.OUTGOING_QUEUE > DEFAULT_WINDOW, "the window fits in the outgoing queue");
    }

    @Test
    void shouldDropRatherThanFillTheHeapWhenAnOpenLoopBridgeFallsBehind()
    {
        // open loop, a bridge that falls behind fills its pending messages and its outgoing queue of 1 KiB transports
        final long queued = IngestLimits.PENDING_BYTES
            + (long)RigConnections.OUTGOING_QUEUE * new RegistrationTransports(1024, 10, 1).transportBytes();

        assertTrue(queued < RIG_HEAP / 2, queued + " bytes queued would leave too little of the heap for the rest of the rig");
    }
}
