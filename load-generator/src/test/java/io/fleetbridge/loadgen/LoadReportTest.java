package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What the final report says, built without any server. */
class LoadReportTest
{
    private static final String BEFORE = String.join("\n",
        "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"input\"} 100000",
        "choria_adapter_received_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 99990",
        "choria_adapter_published_msgs{identity=\"a\",name=\"reg\",role=\"output\"} 99990",
        "choria_adapter_dropped_msgs{identity=\"a\",name=\"reg\",reason=\"queue_full\"} 10");

    private static LoadReport report(final AdapterCounters adapter)
    {
        return report(adapter, 300, null);
    }

    private static LoadReport report(final AdapterCounters adapter, final long sent, final LoadReport.ChurnOutcome churn)
    {
        return new LoadReport("100 nodes, rate 100 msgs/s", 300, sent, 0, sent, 0, 0, 0, 0, 0, 0, 3, 4,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), adapter, null, LossAllowance.NONE, null, churn, null);
    }

    @Test
    void shouldSayHowManyNodesStoppedAndReturnedAndNameThem()
    {
        final FleetChurn plan = FleetChurn.of(new LoadOptions().nodes(100).churn(0.12).churnAt(Duration.ofSeconds(1))
            .churnReturnAt(Duration.ofMillis(2500)), 5);
        final String text = report(null, 290, new LoadReport.ChurnOutcome(plan, 12, 11, 10, null)).format();

        assertTrue(text.contains("sent:            290 in 3.0 s (97 msgs/s)\n"), "the skipped are not a shortfall: " + text);
        assertTrue(text.contains("churn:           12 nodes stopped at 1 s, 11 of them sent again since 2.5 s; "
            + "10 registrations not sent (not missing)"), text);
        assertTrue(text.contains("stopped nodes:   " + String.join(", ", plan.stoppedSenders().subList(0, 5))
            + " and 7 more (--churn-list FILE writes them all)"), text);
    }

    @Test
    void shouldSayWhenTheStoppedNodesDoNotReturn()
    {
        final FleetChurn plan = FleetChurn.of(new LoadOptions().nodes(100).churn(0.07).churnAt(Duration.ofSeconds(1)), 5);
        final String text = report(null, 295, new LoadReport.ChurnOutcome(plan, 7, 0, 5, Path.of("stopped.txt"))).format();

        assertTrue(text.contains("churn:           7 nodes stopped at 1 s, to the end (no --churn-return-at); "
            + "5 registrations not sent (not missing)"), text);
        assertTrue(text.contains("stopped nodes:   " + String.join(", ", plan.stoppedSenders().subList(0, 5))
            + " and 2 more (all in stopped.txt)\n"), text);
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
    void shouldTakeARestartSeenBetweenTheScrapesEvenAboveTheBaseline()
    {
        final AdapterCounters before = AdapterCounters.parse("choria_adapter_received_msgs{name=\"reg\"} 50");
        final AdapterCounters during = AdapterCounters.parse("choria_adapter_received_msgs{name=\"reg\"} 400");
        final AdapterCounters restarted = AdapterCounters.parse("choria_adapter_received_msgs{name=\"reg\"} 120");
        final AdapterCounters after = AdapterCounters.parse("choria_adapter_received_msgs{name=\"reg\"} 700");

        assertFalse(during.wentBackFrom(before));
        assertTrue(restarted.wentBackFrom(during));
        assertFalse(after.minus(before).reset(), "the two ends alone cannot tell");
        final AdapterCounters adapter = after.minus(before, true);
        assertTrue(adapter.reset());
        assertEquals(700, adapter.received(), "counted since the restart");
    }

    /** A run that sent nothing proved nothing: it fails, and says why when nothing was even due. */
    @Test
    void shouldFailARunThatSentNothingAndSayWhyWhenNothingWasDue()
    {
        final LoadReport nothingDue = new LoadReport("1 node, steady every 5m", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), null, null, LossAllowance.NONE, null, null, null);
        assertFalse(nothingDue.passed());
        assertEquals(1, nothingDue.exitCode());
        assertTrue(nothingDue.format().contains("FAIL (lost 0, allowed 0): nothing was due within the run; lengthen --duration"),
            nothingDue.format());
    }

    /** Each message stored once is the contract: a copy fails the run whatever --allow-loss allows. */
    @Test
    void shouldFailARunThatStoredAMessageTwice()
    {
        final LoadReport twice = new LoadReport("100 nodes, rate 100 msgs/s", 300, 300, 0, 300, 2, 0, 0, 0, 0, 0, 3, 4,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), null, null, LossAllowance.parse("10%"), null, null, null);
        assertFalse(twice.passed());
        assertEquals(1, twice.exitCode());
        assertTrue(twice.format().contains("FAIL (lost 0, allowed 30): 2 stored twice"), twice.format());
        assertTrue(report(null).passed(), "and passes without");
    }

    /** Nothing landed is almost always no adapter in between, not a slow one: the report says where to look. */
    @Test
    void shouldHintWhereToLookWhenNothingLanded()
    {
        final LoadReport none = new LoadReport("100 nodes, rate 100 msgs/s", 300, 300, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), null, "http://127.0.0.1:1/metrics: "
            + "java.net.ConnectException", LossAllowance.NONE, null, null, null);
        final String text = none.format();
        assertTrue(text.contains("nothing landed: is an adapter subscribed to the subject"), text);
        assertTrue(text.contains("metrics not available: http://127.0.0.1:1/metrics"), text);
        assertFalse(report(null).format().contains("nothing landed"), "not when something landed");
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

    /** A verifier that fell behind reads as loss; the report says so, and the verdict stands (unread is unverified). */
    @Test
    void shouldSayWhenMissingMessagesMayBeUnreadRatherThanLost()
    {
        final LoadReport behind = new LoadReport("100 nodes, rate 100 msgs/s", 300, 300, 0, 290, 0, 0, 0, 0, 0, 25, 3, 4,
            new Histogram(3_600_000_000L, 3), List.of(), List.of(), List.of(), null, null, LossAllowance.NONE, null, null, null);
        assertTrue(behind.format().contains("unread:          25 in the stream after the last envelope the verifier read: it "
            + "fell behind, so up to 10 of the missing may have landed; give it longer with --drain-timeout"), behind.format());
        assertEquals(1, behind.exitCode(), "10 missing still fail the run");
        assertFalse(report(null).format().contains("unread"), "said only when something is unread");
    }
}
