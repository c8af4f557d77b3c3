package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What the final report says, built without any server. */
class LoadReportTest
{
    private static final String BEFORE = String.join("\n",
        "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 100000",
        "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 99990",
        "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"queue_full\"} 10");

    private static LoadReport report(final AdapterCounters adapter)
    {
        return new LoadReport("100 nodes, rate 100 msgs/s", 300, 300, 0, 300, 0, 0, 0, 0, 0, 3, 4,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), adapter, null, LossAllowance.NONE, null);
    }

    @Test
    void shouldSayTheDaemonRestartedInsteadOfPrintingNegativeCounts()
    {
        // the daemon restarted during the run and counted 199 since: its totals went back below the baseline
        final AdapterCounters adapter = AdapterCounters.parse(String.join("\n",
            "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 199",
            "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 198",
            "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"invalid\"} 1"))
            .minus(AdapterCounters.parse(BEFORE));

        assertTrue(adapter.reset());
        assertEquals(199, adapter.received());
        assertEquals(198, adapter.published());
        assertEquals(Map.of("invalid", 1.0, "queue_full", 0.0), adapter.dropped());
        final String text = report(adapter).format();
        assertTrue(text.contains("daemon:          restarted during the run: counters reset; figures since the restart: "
            + "received 199  published 198  dropped 1"), text);
        assertTrue(text.contains("not comparable"), text);
        assertFalse(text.matches("(?s).*-\\d.*"), "no negative count: " + text);
    }

    @Test
    void shouldTakeAReasonThatWentBackAsARestart()
    {
        final AdapterCounters adapter = AdapterCounters.parse(String.join("\n",
            "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 100300",
            "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 100290"))
            .minus(AdapterCounters.parse(BEFORE));

        assertTrue(adapter.reset(), "queue_full went from 10 to nothing");
    }

    @Test
    void shouldReportTheDifferenceWhenTheDaemonKeptRunning()
    {
        final AdapterCounters adapter = AdapterCounters.parse(String.join("\n",
            "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 100300",
            "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 100290",
            "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"queue_full\"} 10"))
            .minus(AdapterCounters.parse(BEFORE));

        assertFalse(adapter.reset());
        final String text = report(adapter).format();
        assertTrue(text.contains("daemon:          received 300  published 300  dropped 0"), text);
        assertTrue(text.contains("sent 300 / received 300, landed 300 / published 300"), text);
    }
}
