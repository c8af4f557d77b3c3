package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTrackerTest
{
    private static final long WARN = 60_000;
    private static final long EXPIRE = 300_000;
    private static final long T0 = 1_764_000_000_000L;

    private final List<AgeAdvisory> advised = new ArrayList<>();
    private final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, advised::add);

    private void seen(final String node, final long atMs)
    {
        tracker.seen(node, 0, node.length(), atMs, 100, true, atMs);
    }

    private List<String> events()
    {
        final List<String> out = new ArrayList<>();
        for (final AgeAdvisory a : advised)
        {
            out.add(a.event().wireName() + ":" + a.node());
        }
        return out;
    }

    @Test
    void shouldAdviseNewOnceForANodeSeenForTheFirstTime()
    {
        seen("a", T0);
        seen("a", T0 + 10_000);
        assertEquals(List.of("new:a"), events());
        assertEquals(T0, advised.get(0).seenMs());
    }

    @Test
    void shouldNotAdviseNewForNodesReadWhileRebuilding()
    {
        tracker.seen("a", 0, 1, T0, 100, false, T0);
        assertEquals(List.of(), events());
        assertEquals(1, tracker.size());
    }

    @Test
    void shouldAdviseTimeoutOnceWhenAScanFindsANodeUnseenPastTheWarnDuration()
    {
        seen("a", T0);
        seen("b", T0);
        advised.clear();
        tracker.scan(T0 + WARN, true, 0, 0);
        assertEquals(List.of(), events(), "exactly the warn duration is not late");
        seen("b", T0 + WARN);
        FleetSnapshot snapshot = tracker.scan(T0 + WARN + 1, true, 0, 0);
        assertEquals(List.of("timeout:a"), events());
        assertEquals(1, snapshot.late());
        assertEquals(1, snapshot.alive());
        assertEquals(List.of("a"), snapshot.listed().stream().map(FleetSnapshot.Node::id).toList());
        snapshot = tracker.scan(T0 + WARN + 2_000, true, 0, 0);
        assertEquals(1, advised.size(), "no second timeout");
        assertEquals(T0, advised.get(0).seenMs());
        assertEquals(WARN + 1, advised.get(0).ageMs());
    }

    @Test
    void shouldAdviseRecoverWithThePreviousSightingAndTheGapWhenALateNodeReturns()
    {
        seen("a", T0);
        tracker.scan(T0 + WARN + 1, true, 0, 0);
        advised.clear();
        seen("a", T0 + WARN + 5_000);
        assertEquals(List.of("recover:a"), events());
        final AgeAdvisory recover = advised.get(0);
        assertEquals(T0, recover.seenMs());
        assertEquals(WARN + 5_000, recover.ageMs());
        assertEquals(T0 + WARN + 5_000, recover.causeSeenMs());
        assertEquals("alive", tracker.state("a"));
    }

    @Test
    void shouldAdviseTheMissedTimeoutBeforeTheRecoverWhenANodeReturnsBeforeAnyScan()
    {
        seen("a", T0);
        advised.clear();
        seen("a", T0 + WARN + 1);
        assertEquals(List.of("timeout:a", "recover:a"), events());
    }

    @Test
    void shouldNotAdviseAnythingForAGapWithinTheWarnDuration()
    {
        seen("a", T0);
        advised.clear();
        seen("a", T0 + WARN);
        tracker.scan(T0 + WARN, true, 0, 0);
        assertEquals(List.of(), events());
    }

    @Test
    void shouldAdviseExpireAfterTheInspectDurationAndNewWhenTheNodeReturns()
    {
        seen("a", T0);
        tracker.scan(T0 + WARN + 1, true, 0, 0);
        advised.clear();
        final FleetSnapshot snapshot = tracker.scan(T0 + EXPIRE + 1, true, 0, 0);
        assertEquals(List.of("expire:a"), events());
        assertEquals(1, snapshot.expired());
        tracker.scan(T0 + EXPIRE + 2_000, true, 0, 0);
        assertEquals(1, advised.size(), "no second expire");
        seen("a", T0 + EXPIRE + 10_000);
        assertEquals(List.of("expire:a", "new:a"), events());
        assertEquals("alive", tracker.state("a"));
    }

    @Test
    void shouldAdviseTimeoutThenExpireWhenTheFirstScanFindsANodeAlreadyExpired()
    {
        tracker.seen("a", 0, 1, T0, 100, false, T0);
        tracker.scan(T0 + EXPIRE + 1, true, 0, 0);
        assertEquals(List.of("timeout:a", "expire:a"), events());
    }

    @Test
    void shouldForgetANodeSilentlyAfterTwiceTheInspectDuration()
    {
        tracker.seen("old", 0, 3, T0, 100, false, T0);
        final FleetSnapshot snapshot = tracker.scan(T0 + 2 * EXPIRE + 1, true, 0, 0);
        assertEquals(List.of(), events());
        assertEquals(0, snapshot.known());
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldCountEveryNodeOnceWhenAScanForgetsNodesInTheMiddleOfProbeRuns()
    {
        final FleetTracker big = new FleetTracker(16, WARN, EXPIRE, a -> true);
        for (int i = 0; i < 5_000; i++)
        {
            final String id = "n" + i;
            big.seen(id, 0, id.length(), i % 2 == 0 ? T0 : T0 + 2 * EXPIRE, 1, false, T0);
        }
        final FleetSnapshot snapshot = big.scan(T0 + 2 * EXPIRE + 1, true, 0, 0);
        assertEquals(2_500, snapshot.known());
        assertEquals(2_500, snapshot.alive());
        assertEquals(2_500, big.size());
    }

    @Test
    void shouldHoldAMillionNodesInLessThan150BytesEach()
    {
        final FleetTracker big = new FleetTracker(16_384, WARN, EXPIRE, a -> true);
        for (int i = 0; i < 1_000_000; i++)
        {
            final String id = "node-" + i + ".dc" + (i % 16) + ".example.net";
            big.seen(id, 0, id.length(), T0 + i, 1024, false, T0);
        }
        assertEquals(1_000_000, big.size());
        final double perNode = big.footprintBytes() / 1_000_000.0;
        assertTrue(perNode < 150, "bytes per node: " + perNode);
        assertEquals(T0 + 999_999, big.lastSeenMs("node-999999.dc15.example.net"));
    }

    @Test
    void shouldListTheLeastRecentlySeenSilentNodesWhenThereAreMoreThanTheListHolds()
    {
        final FleetTracker big = new FleetTracker(16, WARN, EXPIRE, a -> true);
        final int silent = FleetSnapshot.MAX_LISTED + 500;
        for (int i = 0; i < silent; i++)
        {
            final String id = "late-" + i;
            big.seen(id, 0, id.length(), T0 + (silent - i) * 10L, 1, false, T0);
        }
        big.seen("alive", 0, 5, T0 + WARN + 100_000, 1, false, T0);
        final FleetSnapshot snapshot = big.scan(T0 + WARN + 100_000, true, 0, 0);
        assertEquals(silent, snapshot.late());
        assertEquals(FleetSnapshot.MAX_LISTED, snapshot.listed().size());
        assertEquals("late-" + (silent - 1), snapshot.listed().get(0).id(), "the oldest first");
        assertEquals("late-500", snapshot.listed().get(FleetSnapshot.MAX_LISTED - 1).id(), "and only the oldest");
    }

    @Test
    void shouldIgnoreASightingOlderThanTheLastOne()
    {
        seen("a", T0 + 1_000);
        seen("a", T0);
        assertEquals(T0 + 1_000, tracker.lastSeenMs("a"));
    }

    /** A re-read after an error delivers each node's last message again: a late or expired node must not recover. */
    @Test
    void shouldAdviseNothingWhenTheLastSightingIsReadAgain()
    {
        seen("late", T0);
        seen("gone", T0 - EXPIRE);
        tracker.scan(T0 + WARN + 1, true, 0, 0);
        advised.clear();
        tracker.seen("late", 0, 4, T0, 100, true, T0 + WARN + 2);
        tracker.seen("gone", 0, 4, T0 - EXPIRE, 100, true, T0 + WARN + 2);
        assertEquals(List.of(), events());
        assertEquals("late", tracker.state("late"));
        assertEquals("expired", tracker.state("gone"));
    }

    /** Made-up senders must not fill the heap: beyond the limit a new node is refused, known ones still update. */
    @Test
    void shouldTrackNoMoreThanItsLimitAndMakeRoomAsNodesAreForgotten()
    {
        final FleetTracker small = new FleetTracker(16, 2, WARN, EXPIRE, advised::add);
        assertEquals(Sighting.TRACKED, small.seen("a", 0, 1, T0, 100, true, T0));
        assertEquals(Sighting.TRACKED, small.seen("b", 0, 1, T0, 100, true, T0));
        assertEquals(Sighting.UNTRACKED, small.seen("c", 0, 1, T0, 100, true, T0), "a third node beyond the limit of two");
        assertTrue(small.full());
        assertEquals(2, small.size());
        assertEquals(Sighting.TRACKED, small.seen("a", 0, 1, T0 + 1_000, 100, true, T0 + 1_000), "a known node still updates");
        assertEquals(T0 + 1_000, small.lastSeenMs("a"));
        small.scan(T0 + 1_000 + 2 * EXPIRE + 1, true, 0, 0);
        assertFalse(small.full(), "forgotten after twice the inspect duration");
        assertEquals(Sighting.TRACKED, small.seen("c", 0, 1, T0 + 3 * EXPIRE, 100, true, T0 + 3 * EXPIRE));
        assertEquals(List.of("new:a", "new:b", "new:c"), events().stream().filter(e -> e.startsWith("new:")).toList());
    }

    /**
     * Made-up senders with long names must not fill the heap before the node limit does: a new node whose name would
     * pass the names' budget is refused as one beyond the node limit is, and taken once forgotten nodes give theirs back.
     */
    @Test
    void shouldRefuseANewNodeWhoseNameWouldPassTheBudgetAndTrackAgainOnceNodesAreForgotten()
    {
        final FleetTracker small = new FleetTracker(16, 1_000, 600, WARN, EXPIRE, advised::add);
        final String a = "a".repeat(255);
        final String b = "b".repeat(255);
        final String c = "c".repeat(255);
        assertEquals(Sighting.TRACKED, small.seen(a, 0, 255, T0, 100, true, T0));
        assertEquals(Sighting.TRACKED, small.seen(b, 0, 255, T0, 100, true, T0));
        assertEquals(Sighting.UNTRACKED, small.seen(c, 0, 255, T0, 100, true, T0), "three names of 256 bytes pass 600");
        assertFalse(small.full(), "the node limit is not what refused it");
        assertEquals(2, small.size());
        assertEquals(Sighting.TRACKED, small.seen(a, 0, 255, T0 + 1_000, 100, true, T0 + 1_000), "a known node still updates");
        small.scan(T0 + 2 * EXPIRE + 1, true, 0, 0);
        assertEquals(1, small.size(), "b forgotten, a kept");
        assertEquals(Sighting.TRACKED, small.seen(c, 0, 255, T0 + 2 * EXPIRE + 2, 100, true, T0 + 2 * EXPIRE + 2));
        assertEquals(List.of("new:" + a, "new:" + b, "new:" + c), events().stream().filter(e -> e.startsWith("new:")).toList());
    }

    /**
     * A rebuild reads every subject the stream still holds: nodes a scan would forget at once must not take the places
     * of live ones, or a live node is left untracked and advised new at its next registration although it was known.
     */
    @Test
    void shouldNotLetNodesTooOldToKeepFillTheViewWhileRebuilding()
    {
        final FleetTracker small = new FleetTracker(16, 2, WARN, EXPIRE, advised::add);
        final long now = T0 + 3 * EXPIRE;
        assertEquals(Sighting.FORGOTTEN, small.seen("dead1", 0, 5, now - 2 * EXPIRE - 1, 100, false, now));
        assertEquals(Sighting.FORGOTTEN, small.seen("dead2", 0, 5, now - 3 * EXPIRE, 100, false, now));
        assertEquals(0, small.size(), "what a scan would forget is not added");
        assertEquals(Sighting.TRACKED, small.seen("kept", 0, 4, now - 2 * EXPIRE, 100, false, now), "exactly twice is kept, as a scan keeps it");
        assertEquals(Sighting.TRACKED, small.seen("live", 0, 4, now - WARN / 2, 100, false, now));
        small.scan(now, true, 0, 0);
        advised.clear();
        assertEquals(Sighting.TRACKED, small.seen("live", 0, 4, now + 1_000, 100, true, now + 1_000));
        assertEquals(List.of(), events(), "a node known from the rebuild is not new");
        assertEquals(T0 + 3 * EXPIRE + 1_000, small.lastSeenMs("live"));
    }

    @Test
    void shouldKeepTheLastSizeAndFirstSighting()
    {
        tracker.seen("a", 0, 1, T0, 100, true, T0);
        tracker.seen("a", 0, 1, T0 + 1_000, 250, true, T0 + 1_000);
        assertEquals(250, tracker.sizeBytes("a"));
    }

    @Test
    void shouldReportTheOldestAliveAgeAndAHistogramOfAges()
    {
        seen("a", T0);
        seen("b", T0 + 20_000);
        final FleetSnapshot snapshot = tracker.scan(T0 + 30_000, true, 0, 0);
        assertEquals(30_000, snapshot.oldestAliveAgeMs());
        assertEquals(2, java.util.Arrays.stream(snapshot.ageHistogram()).sum());
        assertEquals(EXPIRE / FleetTracker.AGE_BUCKETS, snapshot.bucketWidthMs());
        assertEquals(1, snapshot.ageHistogram()[(int)(30_000 / snapshot.bucketWidthMs())]);
        assertEquals(1, snapshot.ageHistogram()[(int)(10_000 / snapshot.bucketWidthMs())]);
    }

    @Test
    void shouldCountAndRefuseAnIdLongerThan255Bytes()
    {
        final String id = "x".repeat(300);
        assertEquals(Sighting.REJECTED, tracker.seen(id, 0, id.length(), T0, 1, true, T0));
        assertEquals(1, tracker.rejectedIds());
        assertEquals(0, tracker.size());
        assertEquals(List.of(), events());
    }

    /** 128 two-byte chars are 256 bytes: one more than an id may have, though it is only 128 chars long. */
    @Test
    void shouldJudgeAnIdsLengthInEncodedBytes()
    {
        final String fits = "\u00e9".repeat(127) + "x";
        final String over = "\u00e9".repeat(128);
        assertEquals(Sighting.TRACKED, tracker.seen(fits, 0, fits.length(), T0, 1, true, T0));
        assertEquals(Sighting.REJECTED, tracker.seen(over, 0, over.length(), T0, 1, true, T0));
        final String emoji = "\ud83d\ude00".repeat(63) + "abc"; // 63 four-byte chars and 3: 255 bytes
        assertEquals(Sighting.TRACKED, tracker.seen(emoji, 0, emoji.length(), T0, 1, true, T0));
        assertEquals(List.of("new:" + fits, "new:" + emoji), events());
    }

    /** An id no node can have is unusable, not untracked, whether or not the view is full. */
    @Test
    void shouldRejectAMalformedIdEvenWhenFull()
    {
        final FleetTracker one = new FleetTracker(16, 1, WARN, EXPIRE, advised::add);
        assertEquals(Sighting.TRACKED, one.seen("a", 0, 1, T0, 100, true, T0));
        final String id = "x".repeat(300);
        assertEquals(Sighting.REJECTED, one.seen(id, 0, id.length(), T0, 1, true, T0));
        assertEquals(Sighting.REJECTED, one.seen("", 0, 0, T0, 1, true, T0));
        assertEquals(Sighting.UNTRACKED, one.seen("b", 0, 1, T0, 1, true, T0));
        assertEquals(2, one.rejectedIds());
    }

    @Test
    void shouldDeriveTheSameEventIdForTheSameCauseWhateverTheTrackerOrTime()
    {
        final List<AgeAdvisory> other = new ArrayList<>();
        final FleetTracker second = new FleetTracker(16, WARN, EXPIRE, other::add);
        tracker.seen("a", 0, 1, T0, 100, true, T0 + 5);
        second.seen("a", 0, 1, T0, 100, true, T0 + 900);
        tracker.scan(T0 + WARN + 1, true, 0, 0);
        second.scan(T0 + WARN + 3_000, true, 0, 0);
        assertEquals(2, advised.size());
        assertEquals(2, other.size());
        for (int i = 0; i < 2; i++)
        {
            assertEquals(advised.get(i).eventId(), other.get(i).eventId());
        }
        assertNotEquals(advised.get(0).eventId(), advised.get(1).eventId());
        assertTrue(advised.get(0).eventId().matches("[0-9a-f]{32}"));
    }

    /** A sink with room for a given number of advisories, as a full queue leaves it. */
    private static final class Room implements AdvisorySink
    {
        final List<String> taken = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        int left;
        int offers;

        @Override
        public boolean offer(final AgeAdvisory advisory)
        {
            offers++;
            if (left == 0)
            {
                return false;
            }
            left--;
            taken.add(advisory.event().wireName() + ":" + advisory.node());
            return true;
        }

        @Override
        public void lost(final AgeAdvisory advisory)
        {
            lost.add(advisory.event().wireName() + ":" + advisory.node());
        }
    }

    /** A fleet falling silent at once overflows the queue: each timeout is offered again until taken, and the view shows the truth meanwhile. */
    @Test
    void shouldOfferAScansTimeoutAgainUntilTheSinkTakesIt()
    {
        final Room room = new Room();
        final FleetTracker owing = new FleetTracker(16, WARN, EXPIRE, room);
        for (final String node : List.of("a", "b", "c"))
        {
            owing.seen(node, 0, 1, T0, 100, false, T0);
        }
        room.left = 1;
        assertEquals(3, owing.scan(T0 + WARN + 1, true, 0, 0).late(), "the view follows ages, not the advisories handed over");
        assertEquals(1, room.taken.size());
        room.offers = 0;
        owing.scan(T0 + WARN + 2, true, 0, 0);
        assertEquals(1, room.offers, "a full sink is offered one advisory per scan, not every owed one");
        room.left = 10;
        owing.scan(T0 + WARN + 3, true, 0, 0);
        owing.scan(T0 + WARN + 4, true, 0, 0);
        assertEquals(List.of("timeout:a", "timeout:b", "timeout:c"), room.taken.stream().sorted().toList());
        assertEquals(List.of(), room.lost);
    }

    @Test
    void shouldRaiseAnOwedTimeoutAndExpireInTheirOrder()
    {
        final Room room = new Room();
        final FleetTracker owing = new FleetTracker(16, WARN, EXPIRE, room);
        owing.seen("a", 0, 1, T0, 100, false, T0);
        assertEquals(1, owing.scan(T0 + EXPIRE + 1, true, 0, 0).expired());
        room.left = 1;
        owing.scan(T0 + EXPIRE + 2, true, 0, 0);
        assertEquals(List.of("timeout:a"), room.taken);
        room.left = 1;
        owing.scan(T0 + EXPIRE + 3, true, 0, 0);
        assertEquals(List.of("timeout:a", "expire:a"), room.taken);
        room.left = 1;
        owing.scan(T0 + EXPIRE + 4, true, 0, 0);
        assertEquals(2, room.taken.size(), "each once");
    }

    @Test
    void shouldRaiseWhatANodeOwesBeforeTheAdvisoryOfItsReturn()
    {
        final Room room = new Room();
        final FleetTracker owing = new FleetTracker(16, WARN, EXPIRE, room);
        owing.seen("a", 0, 1, T0, 100, false, T0);
        owing.seen("b", 0, 1, T0, 100, false, T0);
        owing.scan(T0 + EXPIRE + 1, true, 0, 0);
        owing.seen("c", 0, 1, T0 + EXPIRE - WARN - 1, 100, false, T0);
        assertEquals(1, owing.scan(T0 + EXPIRE, true, 0, 0).late(), "c is late and owes its timeout");
        room.left = 100;
        owing.seen("a", 0, 1, T0 + EXPIRE + 10, 100, true, T0 + EXPIRE + 10);
        owing.seen("c", 0, 1, T0 + EXPIRE + 10, 100, true, T0 + EXPIRE + 10);
        assertEquals(List.of("timeout:a", "expire:a", "new:a", "timeout:c", "recover:c"), room.taken);
        owing.scan(T0 + EXPIRE + 11, true, 0, 0);
        assertEquals(List.of("timeout:b", "expire:b"), room.taken.subList(5, 7), "b still owed its own");
        assertEquals(7, room.taken.size());
        assertEquals(List.of(), room.lost);
    }

    /** What cannot be offered again is reported lost: a sighting's advisory, and what a node owed when it was forgotten. */
    @Test
    void shouldReportAsLostWhatWillNotBeOfferedAgain()
    {
        final Room room = new Room();
        final FleetTracker owing = new FleetTracker(16, WARN, EXPIRE, room);
        owing.seen("a", 0, 1, T0, 100, true, T0);
        assertEquals(List.of("new:a"), room.lost);
        owing.scan(T0 + EXPIRE + 1, true, 0, 0);
        owing.scan(T0 + 2 * EXPIRE + 1, true, 0, 0);
        assertEquals(0, owing.size());
        assertEquals(List.of("new:a", "timeout:a", "expire:a"), room.lost);
        assertEquals(List.of(), room.taken);
    }

    /**
     * A restart with a state file advises what happened while the daemon was down as a tracker that stayed up does, with
     * the same ids: b (late when written) came back, recover; c (expired) came back, new; d appeared, new; and the first
     * scan raises the timeouts of those silent since. a registered all along, and the downtime (longer than the warn
     * duration) between its last sighting written and the one the rebuild reads is not taken for silence.
     */
    @Test
    void shouldAdviseWhatHappenedWhileDownAsATrackerThatStayedUpWithTheSameIds(@TempDir final Path directory) throws Exception
    {
        final long written = T0 + 320_000;
        final long restart = written + 150_000;
        final List<long[]> history = new ArrayList<>(); // {at, node}: 0 a, 1 b, 2 c, 3 d
        for (long at = T0; at <= restart; at += 30_000)
        {
            history.add(new long[] {at, 0});
        }
        history.add(new long[] {T0, 1});
        history.add(new long[] {T0, 2});
        history.add(new long[] {T0 + 200_000, 1});
        history.add(new long[] {written + 20_000, 1});
        history.add(new long[] {written + 30_000, 2});
        history.add(new long[] {written + 40_000, 3});
        history.sort(java.util.Comparator.comparingLong(h -> h[0]));
        final String[] nodes = {"a", "b", "c", "d"};

        final FleetState state = new FleetState(directory.resolve("reg.fleet"), "reg", "reg.%s", WARN, EXPIRE);
        int advisedBeforeDown = -1;
        for (long tick = T0; tick <= restart; tick += 10_000)
        {
            for (final long[] h : history)
            {
                if (h[0] == tick)
                {
                    seen(nodes[(int)h[1]], tick);
                }
            }
            tracker.scan(tick, true, 0, 0);
            if (tick == written)
            {
                assertEquals("late", tracker.state("b"));
                assertEquals("expired", tracker.state("c"));
                state.write(tracker, tick, 42);
                advisedBeforeDown = advised.size();
            }
        }
        final List<AgeAdvisory> stayedUp = advised.subList(advisedBeforeDown, advised.size());

        final List<AgeAdvisory> restartedAdvised = new ArrayList<>();
        final FleetTracker restarted = new FleetTracker(16, WARN, EXPIRE, restartedAdvised::add);
        assertTrue(state.load(restarted).loaded());
        // the rebuild: each node's last registration, in the stream's order, judged as live
        final java.util.Map<Long, long[]> last = new java.util.HashMap<>();
        history.forEach(h -> last.put(h[1], h));
        last.values().stream().sorted(java.util.Comparator.comparingLong(h -> h[0])).forEach(h -> restarted.seen(nodes[(int)h[1]], 0, 1,
            h[0], 100, true, restart));
        restarted.endRestore();
        restarted.scan(restart, true, 0, 0);

        assertEquals(List.of("recover:b", "new:c", "new:d"), restartedAdvised.subList(0, 3).stream()
            .map(a -> a.event().wireName() + ":" + a.node()).toList(), "the rebuild's, in the stream's order");
        assertEquals(ids(stayedUp), ids(restartedAdvised), "the same advisories, the same ids");
        assertEquals(List.of("recover:b", "new:c", "new:d", "timeout:b", "timeout:c", "timeout:d"), ids(stayedUp).stream()
            .map(id -> id.substring(0, id.indexOf(' '))).toList());
        assertEquals(FleetReader.copy(tracker), FleetReader.copy(restarted), "the same view");
    }

    /**
     * Down for longer than the view keeps a node: one restored alive that the rebuild reads again is not new (it may well
     * have registered all along), one restored expired is, and one the rebuild does not read is forgotten by the first
     * scan, as any scan forgets it.
     */
    @Test
    void shouldKeepRestoredNodesUntilTheFirstScanAndNotCallAnAliveOneNew(@TempDir final Path directory) throws Exception
    {
        final FleetState state = writeAliveExpiredAndSilent(directory);
        assertEquals("expired", tracker.state("gone"));

        final long restart = T0 + 3 * EXPIRE;
        final List<AgeAdvisory> restartedAdvised = new ArrayList<>();
        final FleetTracker restarted = new FleetTracker(16, WARN, EXPIRE, restartedAdvised::add);
        assertEquals(3, state.load(restarted).restored(), "kept however old, until a scan");
        restarted.seen("alive", 0, 5, restart - 1_000, 100, true, restart);
        restarted.seen("gone", 0, 4, restart - 2_000, 100, true, restart);
        restarted.endRestore();
        restarted.scan(restart, true, 0, 0);
        assertEquals(List.of("new:gone"), restartedAdvised.stream().map(a -> a.event().wireName() + ":" + a.node()).toList());
        assertEquals("alive", restarted.state("alive"));
        assertEquals(T0, FleetReader.copy(restarted).get("alive").firstSeenMs(), "known since before the restart");
        assertEquals(null, restarted.state("silent"), "forgotten by the first scan");
    }

    /**
     * Loaded at a restart, a node late or expired longer ago than a scan keeps one is left out, as 6dbe8e6 leaves such
     * nodes out of a rebuild: until the first scan they would fill the view and leave live nodes untracked. One alive when
     * written is kept.
     */
    @Test
    void shouldLeaveOutOfARestoreTheSilentNodesTheFirstScanWouldForget(@TempDir final Path directory) throws Exception
    {
        final FleetState state = writeAliveExpiredAndSilent(directory);

        final long restart = T0 + 3 * EXPIRE;
        final List<AgeAdvisory> restartedAdvised = new ArrayList<>();
        // room for three: with the expired one loaded, a node first seen while the daemon was down would find none
        final FleetTracker restarted = new FleetTracker(16, 3, WARN, EXPIRE, restartedAdvised::add);
        assertEquals(2, state.load(restarted, restart).restored(), "the expired one left out, the two alive kept");
        assertEquals(null, restarted.state("gone"));
        assertEquals(Sighting.TRACKED, restarted.seen("fresh", 0, 5, restart - 2_000, 100, true, restart));
        restarted.endRestore();
        restarted.scan(restart, true, 0, 0);
        assertEquals(List.of("new:fresh"), restartedAdvised.stream().map(a -> a.event().wireName() + ":" + a.node()).toList());
    }

    /** The view of two nodes alive ("alive", "silent") and one expired ("gone") at T0, written to a state file. */
    private FleetState writeAliveExpiredAndSilent(final Path directory) throws Exception
    {
        seen("alive", T0);
        seen("gone", T0 - EXPIRE - 1_000);
        seen("silent", T0);
        tracker.scan(T0, true, 0, 0);
        final FleetState state = new FleetState(directory.resolve("reg.fleet"), "reg", "reg.%s", WARN, EXPIRE);
        state.write(tracker, T0, 1);
        return state;
    }

    /** Each advisory as event:node and its event id, in a stable order. */
    private static List<String> ids(final List<AgeAdvisory> advisories)
    {
        return advisories.stream().map(a -> a.event().wireName() + ":" + a.node() + " " + a.eventId()).sorted(
            java.util.Comparator.comparing((String id) -> "recover new timeout expire".indexOf(id.substring(0, id.indexOf(':'))))
                .thenComparing(id -> id)).toList();
    }
}
