package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The reader against a real nats-server: rebuild from the last message per node, then live. */
@SuppressWarnings("try")
class FleetReaderTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final FleetSettings SETTINGS = new FleetSettings(60_000, 300_000, 200, "", 16);

    private final Registrations reg = new Registrations();
    private final List<AgeAdvisory> advised = new CopyOnWriteArrayList<>();
    private final FleetCounters counters = new FleetCounters();

    /** A reader of this test's stream, advising into {@link #advised}, started and rebuilt. */
    private FleetReader rebuilt(final Connection nc)
    {
        final FleetReader reader = new FleetReader("a", nc, reg.topic, SETTINGS, advised::add, counters, System::currentTimeMillis).start();
        Deadline.await(WAIT, "view rebuilt", reader::rebuilt);
        return reader;
    }

    @Test
    void shouldRebuildEveryNodesLastSightingAndSizeFromTheStreamWithoutAdvisingNew() throws Exception
    {
        final List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            nodes.add("node-" + i + ".dc1.example.net");
        }
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, nodes, 10);
            reg.register(nc, nodes, 20);
            reg.register(nc, nodes.subList(0, 100), 700);

            final FleetReader reader = rebuilt(nc);
            try (reader)
            {
                final FleetSnapshot snapshot = reader.snapshot();
                assertEquals(300, snapshot.known());
                assertEquals(300, snapshot.alive());
                assertEquals(300, snapshot.rebuildNodes(), "one message per node: headers only, last per subject");
                assertEquals(300, counters.read.sum());
                assertEquals(List.of(), advised, "nodes already in the stream are not new");

                reg.register(nc, List.of("late-comer.example.net"), 5);
                Deadline.await(WAIT, "the new node advised", () -> advised.size() == 1);
                assertEquals(AdvisoryEvent.NEW, advised.get(0).event());
                assertEquals("late-comer.example.net", advised.get(0).node());
            }
            final FleetTracker tracker = reader.tracker();
            for (final String node : nodes)
            {
                final long[] last = reg.last(nc, node);
                assertEquals(last[0], tracker.lastSeenMs(node), node);
                assertEquals(last[1], tracker.sizeBytes(node), node + ": size from Nats-Msg-Size");
            }
            assertEquals(0, counters.unusable.sum());
        }
    }

    @Test
    void shouldFinishTheRebuildOfAnEmptyStreamAndAdviseEveryNodeThatThenRegistersAsNew() throws Exception
    {
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            try (FleetReader reader = rebuilt(nc))
            {
                assertEquals(0, reader.snapshot().known());
                assertEquals(reg.stream, reader.stream());
                reg.register(nc, List.of("a.example.net", "b.example.net"), 5);
                Deadline.await(WAIT, "two new nodes", () -> advised.size() == 2);
                assertTrue(advised.stream().allMatch(a -> a.event() == AdvisoryEvent.NEW));
                Deadline.await(WAIT, "both counted", () -> reader.snapshot().alive() == 2);
            }
        }
    }

    /**
     * jnats hands a subscriber each subject byte as a char of its own; a UTF-8 node name must still be
     * tracked, listed and advised as itself, and one of up to 255 bytes not refused as too long.
     */
    @Test
    void shouldTrackNodesWhoseNamesAreNotAscii() throws Exception
    {
        final String accented = "n\u0153ud-\u00e9t\u00e9.example.net";
        final String kana = "\u30ce\u30fc\u30c9.example.jp";
        final String halfwidth = "\uff8e\uff9e.example.jp"; // chars in the very range the client's bytes arrive in
        final String longest = "\u00e9".repeat(120) + ".example.net"; // 252 bytes; 732 if each byte were encoded again
        final List<String> nodes = List.of(accented, kana, halfwidth, longest);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, List.of("rebuilt-\u00e9.example.net"), 5);
            final FleetReader reader = rebuilt(nc);
            try (reader)
            {
                reg.register(nc, nodes, 5);
                Deadline.await(WAIT, "four new nodes", () -> advised.size() == 4);
            }
            assertEquals(Set.copyOf(nodes), advised.stream().map(AgeAdvisory::node).collect(Collectors.toSet()));
            for (final String node : List.of(accented, kana, halfwidth, longest, "rebuilt-\u00e9.example.net"))
            {
                assertEquals(reg.last(nc, node)[0], reader.tracker().lastSeenMs(node), node);
            }
            assertEquals(0, counters.unusable.sum());
            assertEquals(5, counters.read.sum());
        }
    }

    /**
     * A client on the stream's subjects that sends bytes which are not UTF-8 must not pass for a node
     * whose name, read as jnats reads subjects, looks the same: 0x80 0x81 arrive as U+FF80 U+FF81,
     * the name of a node in halfwidth forms.
     */
    @Test
    void shouldNotLetBytesThatAreNotUtf8PassForANode() throws Exception
    {
        final String halfwidth = "\uff80\uff81.example.jp";
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, List.of(halfwidth), 5);
            final FleetReader reader = rebuilt(nc);
            try (reader)
            {
                reg.publishRaw(NATS.url(), new byte[] {(byte)0x80, (byte)0x81, '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'j', 'p'},
                    Registrations.envelope("forged", 5));
                Deadline.await(WAIT, "the forged subject counted", () -> counters.unusable.sum() == 1);
            }
            assertEquals(reg.last(nc, halfwidth)[0], reader.tracker().lastSeenMs(halfwidth), "the real node's sighting stands");
            assertEquals(1, reader.tracker().size());
            assertEquals(List.of(), advised);
        }
    }

    /** A daemon whose clock runs a minute ahead of the server's sees every live registration a minute old, and says so. */
    @Test
    void shouldEstimateHowFarThisClockIsFromTheServers() throws Exception
    {
        final FleetSettings quick = new FleetSettings(60_000, 300_000, 100, "", 16);
        final long aheadMs = 60_000;
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, List.of("before.example.net"), 5);
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, quick, AdvisorySink.NONE, new FleetCounters(),
                () -> System.currentTimeMillis() + aheadMs).start())
            {
                Deadline.await(WAIT, "view rebuilt", reader::rebuilt);
                assertEquals(Long.MIN_VALUE, reader.clockOffsetMs(), "what the rebuild read is old, not live: no estimate");
                reg.register(nc, List.of("a.example.net", "b.example.net"), 5);
                Deadline.await(WAIT, "an estimate from live registrations", () -> reader.clockOffsetMs() != Long.MIN_VALUE);
                final long offsetMs = reader.clockOffsetMs();
                assertTrue(offsetMs >= aheadMs - 1_000 && offsetMs < aheadMs + 5_000, "offset " + offsetMs + " ms");
            }
        }
    }

    /** At its node limit the view counts new senders as untracked, not as unusable messages, and keeps the ones it has. */
    @Test
    void shouldCountNewSendersBeyondTheLimitAsUntracked() throws Exception
    {
        final FleetSettings three = new FleetSettings(60_000, 300_000, 200, "", 16, 3);
        assertEquals(3, knownAfterRebuild(three,
            List.of("a.example.net", "b.example.net", "c.example.net", "d.example.net", "e.example.net")));
        assertEquals(2, counters.untracked.sum());
        assertEquals(0, counters.unusable.sum());
    }

    /** Past its names' budget the view counts new senders as untracked too, as it does past its node limit. */
    @Test
    void shouldCountNewSendersBeyondTheNameBudgetAsUntracked() throws Exception
    {
        // names of 100 bytes take 101 each: two fit 300, the third does not
        final FleetSettings budget = new FleetSettings(60_000, 300_000, 200, "", 16, 100, 300);
        final List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            nodes.add(i + "." + "n".repeat(86) + ".example.net");
        }
        assertEquals(2, knownAfterRebuild(budget, nodes));
        assertEquals(3, counters.untracked.sum());
        assertEquals(0, counters.unusable.sum());
    }

    /** Registers {@code nodes} five times each, rebuilds a view with {@code settings} from them, and returns how many it knows. */
    private long knownAfterRebuild(final FleetSettings settings, final List<String> nodes) throws Exception
    {
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, nodes, 5);
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, settings, a -> true, counters, System::currentTimeMillis).start())
            {
                Deadline.await(WAIT, "view rebuilt", reader::rebuilt);
                return reader.snapshot().known();
            }
        }
    }

    /**
     * With a state file, a restart advises what happened while the daemon was down: the node that was late when it
     * stopped came back (recover), and one registered for the first time meanwhile (new).
     */
    @Test
    void shouldAdviseRecoverAndNewForWhatHappenedWhileStopped(@TempDir final Path directory) throws Exception
    {
        final Path file = directory.resolve("a.fleet");
        final FleetSettings kept = keptIn(file);
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, List.of("late.example.net"), 5);
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, kept, advised::add, counters, System::currentTimeMillis).start())
            {
                Deadline.await(WAIT, "the node advised late", () -> events(advised).contains("timeout:late.example.net"));
            }
            assertTrue(Files.exists(file), "written when the reader stopped");

            reg.register(nc, List.of("late.example.net", "new.example.net"), 5);
            final List<AgeAdvisory> afterRestart = new CopyOnWriteArrayList<>();
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, kept, afterRestart::add, counters,
                System::currentTimeMillis).start())
            {
                Deadline.await(WAIT, "recover and new advised", () -> events(afterRestart).containsAll(
                    List.of("recover:late.example.net", "new:new.example.net")));
                assertEquals(List.of("recover:late.example.net", "new:new.example.net"), events(afterRestart).subList(0, 2),
                    "the rebuild's, before any scan's timeouts");
                assertEquals(0, counters.stateRefused.sum());
                assertEquals(0, counters.stateWriteErrors.sum());
            }
        }
    }

    /** A file that said the timeout happened while it was still unpublished would keep the next start from raising it. */
    @Test
    void shouldKeepTheStateFileAsItWasWhileAdvisoriesAreUnpublished(@TempDir final Path directory) throws Exception
    {
        final Path file = directory.resolve("a.fleet");
        final FleetSettings kept = keptIn(file);
        final List<AgeAdvisory> taken = new CopyOnWriteArrayList<>();
        // takes every advisory and never publishes one, as a publisher whose stream is away
        final AdvisorySink stuck = new AdvisorySink()
        {
            @Override
            public boolean offer(final AgeAdvisory advisory)
            {
                return taken.add(advisory);
            }

            @Override
            public long unsettled()
            {
                return taken.size();
            }
        };
        try (Connection nc = Nats.connect(NATS.url()))
        {
            reg.createStreams(nc);
            reg.register(nc, List.of("late.example.net"), 5);
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, kept, stuck, counters, System::currentTimeMillis).start())
            {
                Deadline.await(WAIT, "the node advised late", () -> events(taken).contains("timeout:late.example.net"));
            }
            assertFalse(Files.exists(file), "not written while its timeout is unpublished");

            final List<AgeAdvisory> afterRestart = new CopyOnWriteArrayList<>();
            try (FleetReader reader = new FleetReader("a", nc, reg.topic, kept, afterRestart::add, counters,
                System::currentTimeMillis).start())
            {
                Deadline.await(WAIT, "the timeout raised again", () -> events(afterRestart).contains("timeout:late.example.net"));
            }
            assertTrue(Files.exists(file), "written once all it says is published");
            assertEquals(taken.get(0).eventId(), afterRestart.stream().filter(a -> a.node().equals("late.example.net")).findFirst()
                .orElseThrow().eventId(), "with the same id, which the stream drops had the first landed");
        }
    }

    /** Quick warn and inspect durations and short scans, the view kept in {@code file}. */
    private static FleetSettings keptIn(final Path file)
    {
        return new FleetSettings(1_000, 20_000, 100, "", 16, 1_000, 64_000, file);
    }

    private static List<String> events(final List<AgeAdvisory> advisories)
    {
        return advisories.stream().map(a -> a.event().wireName() + ":" + a.node()).toList();
    }

    @Test
    void shouldWaitForAStreamToCaptureTheTopicAndSaySo() throws Exception
    {
        try (Connection nc = Nats.connect(NATS.url());
             FleetReader reader = new FleetReader("a", nc, reg.topic, SETTINGS, a -> true, new FleetCounters(),
                 System::currentTimeMillis).start())
        {
            Deadline.await(WAIT, "the missing stream reported",
                () -> reader.problem() != null && reader.problem().contains("no stream captures " + reg.prefix + ".>"));
            reg.createStreams(nc);
            Deadline.await(WAIT, "rebuilt once the stream exists", reader::rebuilt);
            assertEquals(null, reader.problem());
        }
    }
}
