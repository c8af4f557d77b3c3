package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingTest
{
    /**
     * The same-work bridge at 100k msgs/s (5 µs JVM, 10 µs server); the adapter with 1 publisher at 50k (14 + 18 µs), 2 at
     * 40k (20 + 20 µs), 4 with an empty window whose drain timed out, and two adapters at 60k (15 + 16 µs).
     */
    static Scaling scaling()
    {
        return new Scaling(OperatorPageTest.cell("b-envelopes", CellResult.Kind.MEASURED, 100_000, 0.6, 0.1, 1.0, ""), List.of(
            new Scaling.Row(Scaling.label(1, 1), 1, 1, adapter(50_000, 0.8, 0.9, "")),
            new Scaling.Row(Scaling.label(1, 2), 1, 2, adapter(40_000, 0.9, 0.8, "")),
            new Scaling.Row(Scaling.label(1, 4), 1, 4, adapter(0, 0.8, 0.9, "drain timed out")),
            new Scaling.Row(Scaling.label(2, 1), 2, 1, adapter(60_000, 1.0, 0.96, ""))));
    }

    /** An adapter cell of one second: {@code jvmCores} with 0.1 of the load source in them. */
    private static CellResult adapter(final long landed, final double jvmCores, final double serverCores, final String note)
    {
        return OperatorPageTest.cell("adapter", CellResult.Kind.MEASURED, landed, jvmCores, 0.1, serverCores, note);
    }

    @Test
    void shouldShowEveryCellAgainstTheSameWorkBridgeWithCpuPerMessageAndCoresOfBothSides()
    {
        final String section = scaling().render("2.15.1");

        assertTrue(section.contains("| nats-server 2.15.1 | stored msgs/s | ÷ same-work bridge | JVM µs/msg | server µs/msg"
            + " | JVM cores | server cores |"), section);
        assertTrue(section.contains("| same-work bridge (`b-envelopes`) | 100,000 | 1.00 | 5.0 | 10.0 | 0.50 | 1.00 |"), section);
        // the load source's 0.1 cores are left out of both the JVM's µs per message and its cores
        assertTrue(section.contains("| adapter, 1 publisher | 50,000 | 0.50 | 14.0 | 18.0 | 0.70 | 0.90 |"), section);
        assertTrue(section.contains("| adapter, 2 publishers | 40,000 | 0.40 | 20.0 | 20.0 | 0.80 | 0.80 |"), section);
        assertTrue(section.contains("| 2 adapters in one daemon, 1 publisher each | 60,000 | 0.60 | 15.0 | 16.0 | 0.90 | 0.96 |"),
            section);
        assertTrue(section.contains("- adapter, 4 publishers, closed loop: drain timed out"), section);
    }

    @Test
    void shouldSizeASixteenCoreBrokerOnPaperFromEachRowAndSayItIsAnAssumption()
    {
        final String section = scaling().render("2.15.1");

        assertTrue(section.contains("### A 16-core broker, on paper"), section);
        assertTrue(section.contains("| from the row | JVM + server µs/msg | msgs/s on 16 cores | server cores | JVM cores"
            + " | streams, at least | registrations per 5 minutes |"), section);
        // 16 / (14 + 18) µs = 500k msgs/s, the cores split 18:14, 150M registrations in 300 s
        assertTrue(section.contains("| adapter, 1 publisher | 32.0 | 500,000 | 9.0 | 7.0 | 9 | 150.0 M |"), section);
        assertTrue(section.contains("| 2 adapters in one daemon, 1 publisher each | 31.0 | 516,129 | 8.3 | 7.7 | 9 | 154.8 M |"),
            section);
        assertTrue(section.contains("| same-work bridge (`b-envelopes`) | 15.0 | 1,066,667 | 10.7 | 5.3 | 11 | 320.0 M |"), section);
        // a cell that stored nothing has no cost per message to size from
        assertTrue(section.contains("| adapter, 4 publishers | – | – | – | – | – | – |"), section);
        assertTrue(section.contains("Computed, not measured"), section);
        assertTrue(section.contains("**Assumption:** both sides scale linearly"), section);
    }
}
