package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet of 10,000 nodes registering every second into a real stream, read by two trackers side
 * by side that publish into one advisory stream. 1% stop: half of them return after their timeout
 * (recover), half after they expired (new). One tracker is restarted mid-run. Exactly the stopped
 * nodes get advisories beyond their first new, each once, in time; the restarted tracker rebuilds
 * the view it had and, alone, still produces every advisory due after its restart.
 */
@SuppressWarnings("try")
class FleetAdvisoriesTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final int NODES = 10_000;
    private static final long INTERVAL_MS = 1_000;
    /** Long enough that restarting a tracker with the fleet paused stays well within it on a slow machine. */
    private static final long WARN_MS = 10_000;
    /** Long enough after WARN_MS that the returning nodes are back before they expire, however long the restart took. */
    private static final long INSPECT_MS = 30_000;
    private static final long SCAN_MS = 500;
    /** Allowed for the advisory's trip from the scan to the stream on a busy shared machine (a GC or CPU stall included). */
    private static final long PUBLISH_SLACK_MS = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One tracker: reader, publisher, and every advisory id it produced. */
    private static final class Tracker implements AutoCloseable
    {
        final FleetCounters counters = new FleetCounters();
        /** Every advisory id this tracker produced, with its event and node. */
        final Map<String, String> produced = new ConcurrentHashMap<>();
        final AdvisoryPublisher publisher;
        final FleetReader reader;

        Tracker(final Connection nc, final Registrations reg, final String name) throws Exception
        {
            publisher = new AdvisoryPublisher("fleet", nc, reg.advisorySubject, "sender", name, 5_000, 100_000, counters);
            final AdvisorySink sink = a ->
            {
                produced.put(a.eventId(), a.event().wireName() + " " + a.node() + " caused at " + a.causeSeenMs());
                return publisher.offer(a);
            };
            reader = new FleetReader("fleet", nc, reg.topic, new FleetSettings(WARN_MS, INSPECT_MS, SCAN_MS, reg.advisorySubject, NODES),
                sink, counters, System::currentTimeMillis).start();
        }

        /** Waits until the reader has scanned {@code scans} more times (each scan publishes a new snapshot). */
        void awaitScans(final int scans)
        {
            for (int i = 0; i < scans; i++)
            {
                final FleetSnapshot before = reader.snapshot();
                Deadline.await(WAIT, "a scan", () -> reader.snapshot() != before);
            }
        }

        long settled()
        {
            long stored = counters.duplicates.sum();
            for (final AdvisoryEvent event : AdvisoryEvent.values())
            {
                stored += counters.published(event).sum();
            }
            return stored;
        }

        @Override
        public void close()
        {
            reader.close();
            publisher.close(30_000);
        }
    }

    /** Registers the active nodes once a second on its own thread, until closed. */
    private static final class Fleet implements AutoCloseable
    {
        final Set<String> active = ConcurrentHashMap.newKeySet();
        private final Registrations reg;
        private final Connection nc;
        private final Thread thread;
        private volatile boolean paused;
        private volatile boolean idle;
        private volatile boolean stop;
        private volatile Throwable failure;

        Fleet(final Connection nc, final Registrations reg, final List<String> nodes)
        {
            this.reg = reg;
            this.nc = nc;
            active.addAll(nodes);
            thread = new Thread(this::run, "test-fleet");
            thread.start();
        }

        private void run()
        {
            try
            {
                while (!stop)
                {
                    final long start = System.nanoTime();
                    if (paused)
                    {
                        idle = true;
                    }
                    else
                    {
                        idle = false;
                        final List<String> round = new ArrayList<>(active);
                        reg.register(nc, round, 40 + round.size() % 7);
                    }
                    // the schedule of a fleet: one registration per node per interval
                    final long leftMs = INTERVAL_MS - (System.nanoTime() - start) / 1_000_000;
                    if (leftMs > 0)
                    {
                        Thread.sleep(leftMs);
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        void pause()
        {
            paused = true;
            Deadline.await(WAIT, "the fleet paused", () -> idle);
        }

        void resume()
        {
            paused = false;
        }

        @Override
        public void close() throws Exception
        {
            stop = true;
            thread.join();
            if (failure != null)
            {
                throw new AssertionError("the fleet failed to register", failure);
            }
        }
    }

    @Test
    void shouldAdviseExactlyTheSilentNodesOnceEachAcrossTwoTrackersAndARestart() throws Exception
    {
        final Registrations reg = new Registrations();
        final List<String> nodes = new ArrayList<>();
        final Set<String> stopped = new HashSet<>();
        final Set<String> recovering = new HashSet<>();
        final Set<String> expiring = new HashSet<>();
        for (int i = 0; i < NODES; i++)
        {
            final String node = "n" + i + ".fleet.example.net";
            nodes.add(node);
            if (i % 100 == 7)
            {
                stopped.add(node);
                (i % 200 == 7 ? recovering : expiring).add(node);
            }
        }
        try (Connection nc = Nats.connect(NATS.url());
             Connection ncA = Nats.connect(NATS.url());
             Connection ncB = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            final JetStreamManagement jsm = nc.jetStreamManagement();
            Tracker a = new Tracker(ncA, reg, "tracker-a");
            final Tracker aAfterRestart;
            final Map<String, Long> lastSeenAtStop = new HashMap<>();
            try (Tracker b = new Tracker(ncB, reg, "tracker-b"))
            {
                Deadline.await(WAIT, "both views rebuilt (empty)", () -> a.reader.rebuilt() && b.reader.rebuilt());
                try (Fleet fleet = new Fleet(nc, reg, nodes))
                {
                    Deadline.await(WAIT, "every node new, stored once", () -> advisories(jsm, reg) == NODES);
                    Deadline.await(WAIT, "both trackers settled every new", () -> a.settled() == NODES && b.settled() == NODES);

                    fleet.pause();
                    fleet.active.removeAll(stopped);
                    fleet.resume();
                    for (final String node : stopped)
                    {
                        lastSeenAtStop.put(node, reg.last(nc, node)[0]);
                    }
                    Deadline.await(WAIT, "a timeout for each stopped node", () -> advisories(jsm, reg) == NODES + stopped.size());

                    // restart tracker A with the fleet quiet, so that the view it had is a fixed thing to compare with
                    fleet.pause();
                    final long pausedNs = System.nanoTime();
                    // the fleet is idle and its registrations acknowledged: the stream's last sequence is fixed
                    final long lastRegistration = jsm.getStreamInfo(reg.stream).getStreamState().getLastSequence();
                    Deadline.await(WAIT, "A read every registration", () -> a.reader.readThrough() >= lastRegistration);
                    a.close();
                    final Map<String, FleetSnapshot.Node> before = FleetReader.copy(a.reader.tracker());
                    aAfterRestart = new Tracker(ncA, reg, "tracker-a");
                    Deadline.await(WAIT, "A rebuilt", aAfterRestart.reader::rebuilt);
                    final Map<String, FleetSnapshot.Node> after = aAfterRestart.reader.view(30_000);
                    final long pauseMs = (System.nanoTime() - pausedNs) / 1_000_000;
                    fleet.resume();
                    assertEquals(NODES, after.size());
                    assertEquals(NODES, aAfterRestart.reader.snapshot().rebuildNodes(), "one message per node read to rebuild");
                    for (final FleetSnapshot.Node was : before.values())
                    {
                        final FleetSnapshot.Node is = after.get(was.id());
                        assertEquals(was.lastSeenMs(), is.lastSeenMs(), was.id());
                        assertEquals(was.state(), is.state(), was.id());
                        assertEquals(was.sizeBytes(), is.sizeBytes(), was.id());
                    }
                    assertTrue(pauseMs < WARN_MS - INTERVAL_MS,
                        "the restart kept the fleet quiet for " + pauseMs + " ms; more than the warn duration less an interval times out live nodes");

                    fleet.active.addAll(recovering);
                    Deadline.await(WAIT, "a recover for each returning node",
                        () -> advisories(jsm, reg) == NODES + stopped.size() + recovering.size());
                    Deadline.await(WAIT, "an expire for each node still away",
                        () -> advisories(jsm, reg) == NODES + stopped.size() + recovering.size() + expiring.size());
                    fleet.active.addAll(expiring);
                    Deadline.await(WAIT, "a new for each expired node that returned",
                        () -> advisories(jsm, reg) == NODES + stopped.size() + recovering.size() + 2L * expiring.size());
                }
                // let both trackers scan a few more times with the fleet quiet: nothing more may follow
                final long expected = NODES + stopped.size() + recovering.size() + 2L * expiring.size();
                Deadline.await(WAIT, "both trackers settled", () -> aAfterRestart.publisher.backlog() == 0 && b.publisher.backlog() == 0);
                aAfterRestart.awaitScans(3);
                b.awaitScans(3);
                assertEquals(expected, advisories(jsm, reg), "no advisory after the fleet settled");
                // stop both before reading: with the fleet gone quiet every node would time out soon
                aAfterRestart.close();
                b.close();

                final List<JsonNode> stored = read(jsm, reg);
                final Map<String, Integer> byEventAndNode = new HashMap<>();
                final Set<String> ids = new HashSet<>();
                for (final JsonNode advisory : stored)
                {
                    byEventAndNode.merge(advisory.path("event").asText() + " " + advisory.path("value").asText(), 1, Integer::sum);
                    assertTrue(ids.add(advisory.path("event_id").asText()), "stored once: " + advisory);
                }
                for (final String node : nodes)
                {
                    assertEquals(expiring.contains(node) ? 2 : 1, byEventAndNode.remove("new " + node), node);
                }
                for (final String node : stopped)
                {
                    assertEquals(1, byEventAndNode.remove("timeout " + node), node);
                    assertEquals(1, byEventAndNode.remove((recovering.contains(node) ? "recover " : "expire ") + node), node);
                }
                assertEquals(Map.of(), byEventAndNode, "advisories for nodes that never stopped");

                assertTiming(jsm, reg, lastSeenAtStop);
                final Map<String, String> fromA = new HashMap<>(a.produced);
                fromA.putAll(aAfterRestart.produced);
                assertSameAdvisories(ids, fromA, "tracker A, restarted,");
                assertSameAdvisories(ids, b.produced, "tracker B");
                long storedAsNew = 0;
                for (final Tracker t : List.of(a, aAfterRestart, b))
                {
                    assertEquals(0, t.counters.lost.sum(), "no advisory lost");
                    assertEquals(0, t.counters.unusable.sum());
                    for (final AdvisoryEvent event : AdvisoryEvent.values())
                    {
                        storedAsNew += t.counters.published(event).sum();
                    }
                }
                assertEquals(expected, storedAsNew, "the stream took each advisory once, whoever sent it first");
            }
            finally
            {
                a.close();
            }
        }
    }

    private static void assertSameAdvisories(final Set<String> stored, final Map<String, String> produced, final String who)
    {
        final List<String> extra = new ArrayList<>();
        produced.forEach((id, what) ->
        {
            if (!stored.contains(id))
            {
                extra.add(what);
            }
        });
        final long missing = stored.stream().filter(id -> !produced.containsKey(id)).count();
        assertEquals(0, missing + extra.size(), who + " missed " + missing + " stored advisories and produced "
            + extra.size() + " never stored, such as " + extra.subList(0, Math.min(5, extra.size())));
    }

    /** Timeouts and expiries landed no earlier than due and within the scan interval (plus publishing) after. */
    private static void assertTiming(final JetStreamManagement jsm, final Registrations reg, final Map<String, Long> lastSeen)
        throws Exception
    {
        final long last = jsm.getStreamInfo(reg.advisoryStream).getStreamState().getLastSequence();
        for (long seq = 1; seq <= last; seq++)
        {
            final MessageInfo info = jsm.getMessage(reg.advisoryStream, seq);
            final JsonNode advisory = MAPPER.readTree(info.getData());
            final String event = advisory.path("event").asText();
            if (!event.equals("timeout") && !event.equals("expire"))
            {
                continue;
            }
            final long seenMs = lastSeen.get(advisory.path("value").asText());
            final long dueMs = event.equals("timeout") ? WARN_MS : INSPECT_MS;
            final long afterMs = info.getTime().toInstant().toEpochMilli() - seenMs;
            assertEquals(seenMs / 1000, advisory.path("seen").asLong(), "seen is the last registration: " + advisory);
            assertTrue(afterMs > dueMs && afterMs <= dueMs + SCAN_MS + PUBLISH_SLACK_MS,
                event + " stored " + afterMs + " ms after the last registration, due after " + dueMs + ": " + advisory);
        }
    }

    private static long advisories(final JetStreamManagement jsm, final Registrations reg)
    {
        try
        {
            return jsm.getStreamInfo(reg.advisoryStream).getStreamState().getMsgCount();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<JsonNode> read(final JetStreamManagement jsm, final Registrations reg) throws Exception
    {
        final List<JsonNode> out = new ArrayList<>();
        final long last = jsm.getStreamInfo(reg.advisoryStream).getStreamState().getLastSequence();
        for (long seq = 1; seq <= last; seq++)
        {
            final MessageInfo info = jsm.getMessage(reg.advisoryStream, seq);
            final JsonNode advisory = MAPPER.readTree(info.getData());
            assertEquals(advisory.path("event_id").asText(), info.getHeaders().getFirst("Nats-Msg-Id"));
            out.add(advisory);
        }
        return out;
    }
}
