package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class FleetChurnTest
{
    private static final long S = 1_000_000_000L;

    private static LoadOptions churning(final long seed)
    {
        return new LoadOptions().nodes(1000).churn(0.01).churnAt(Duration.ofSeconds(30))
            .churnReturnAt(Duration.ofSeconds(90)).duration(Duration.ofSeconds(120)).seed(seed);
    }

    @Test
    void shouldStopTheFractionOfTheFleetChosenBySeed()
    {
        final FleetChurn churn = FleetChurn.plan(churning(7));
        final List<String> senders = churn.stoppedSenders();

        assertEquals(10, churn.stoppedNodes());
        assertEquals(10, new HashSet<>(senders).size(), "distinct nodes");
        assertEquals(senders, FleetChurn.plan(churning(7)).stoppedSenders(), "the same seed, the same nodes");
        assertNotEquals(senders, FleetChurn.plan(churning(8)).stoppedSenders());
        assertTrue(senders.get(0).matches("node-\\d{6}\\.dc\\d\\.example\\.net"), senders.get(0));
        assertEquals(Duration.ofSeconds(30), churn.stopAt());
        assertEquals(Duration.ofSeconds(90), churn.returnAt());
    }

    @Test
    void shouldKeepAStoppedNodeSilentOnlyBetweenStopAndReturn()
    {
        final FleetChurn churn = FleetChurn.of(churning(7), 7);
        int stopped = -1;
        int running = -1;
        for (int node = 0; node < 1000; node++)
        {
            if (churn.chosen(node))
            {
                stopped = node;
            }
            else
            {
                running = node;
            }
        }

        assertFalse(churn.silent(stopped, 30 * S - 1));
        assertTrue(churn.silent(stopped, 30 * S));
        assertTrue(churn.silent(stopped, 90 * S - 1));
        assertFalse(churn.silent(stopped, 90 * S));
        assertFalse(churn.silent(running, 60 * S));
    }

    @Test
    void shouldStayStoppedWithoutAReturnTime()
    {
        final FleetChurn churn = FleetChurn.plan(churning(1).churnReturnAt(null));
        assertNull(churn.returnAt());
        final int node = firstChosen(churn);
        assertTrue(churn.silent(node, 3600 * S));
    }

    @Test
    void shouldCountTheStoppedNodesThatSentAgainOnce()
    {
        final FleetChurn churn = FleetChurn.of(churning(3), 3);
        final ReturnedNodes returned = new ReturnedNodes(churn);
        final int node = firstChosen(churn);

        returned.sent(node, 10 * S);
        assertEquals(0, returned.count(), "before the stop is not a return");
        returned.sent(node, 95 * S);
        returned.sent(node, 96 * S);
        assertEquals(1, returned.count());
    }

    @Test
    void shouldStopNoNodeWithoutChurn()
    {
        final FleetChurn churn = FleetChurn.plan(new LoadOptions());
        assertTrue(churn.isEmpty());
        assertEquals(List.of(), churn.stoppedSenders());
        assertFalse(churn.silent(0, 0));
    }

    @Test
    void shouldNeedTheSeedToNameTheNodesBeforeTheRun()
    {
        final LoadOptions options = new LoadOptions().nodes(100).churn(0.1).churnAt(Duration.ofSeconds(1));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetChurn.plan(options));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }

    @Test
    void shouldRefuseChurnThatCannotBePlayed()
    {
        assertRefused("--churn is a fraction", new LoadOptions().churn(1.5).churnAt(Duration.ofSeconds(1)));
        assertRefused("--churn needs --churn-at", new LoadOptions().churn(0.1));
        assertRefused("stops no node", new LoadOptions().nodes(10).churn(0.01).churnAt(Duration.ofSeconds(1)));
        assertRefused("is not within --duration", new LoadOptions().churn(0.1).churnAt(Duration.ofSeconds(60)));
        assertRefused("must be after --churn-at", new LoadOptions().churn(0.1).churnAt(Duration.ofSeconds(20))
            .churnReturnAt(Duration.ofSeconds(10)));
        assertRefused("need --churn", new LoadOptions().churnList(Path.of("stopped.txt")));
    }

    private static void assertRefused(final String why, final LoadOptions options)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::validate);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static int firstChosen(final FleetChurn churn)
    {
        for (int node = 0; ; node++)
        {
            if (churn.chosen(node))
            {
                return node;
            }
        }
    }
}
