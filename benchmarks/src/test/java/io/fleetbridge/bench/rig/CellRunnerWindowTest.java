package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellRunnerWindowTest
{
    @Test
    void shouldKeepTheWindowOfSmallTransports()
    {
        final RegistrationTransports kib = new RegistrationTransports(1024, 100, 7);

        assertEquals(20_000, CellRunner.windowFor(20_000, kib));
    }

    @Test
    void shouldCapTheWindowOfLargeTransportsInBytesBelowWhatTheIngestSideHolds()
    {
        final RegistrationTransports large = new RegistrationTransports(14 * 1024, 100, 7);

        final int window = CellRunner.windowFor(20_000, large);

        // 20,000 transports of about 21 KB were 420 MB, above the 256 MiB an ingest subscription may hold: both drop
        assertEquals(CellRunner.WINDOW_BYTES / large.transportBytes(), window);
        assertTrue((long) window * large.transportBytes() <= IngestLimits.PENDING_BYTES / 2, window + " transports");
        assertTrue(window >= 1_000, "still enough in flight to keep the server busy: " + window);
    }
}
