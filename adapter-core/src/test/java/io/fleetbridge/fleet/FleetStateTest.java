package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetStateTest
{
    private static final long WARN = 60_000;
    private static final long EXPIRE = 300_000;
    private static final long T0 = 1_764_000_000_000L;
    private static final String TOPIC = "choria.node_metadata.%s";

    private static final String ALIVE = "web1.example.net";
    private static final String LATE = "n\u0153ud-\u00e9t\u00e9.example.net";
    private static final String EXPIRED = "x".repeat(255);
    private static final String LONGEST_NON_ASCII = "\u00e9".repeat(127) + "x"; // 255 bytes

    @TempDir
    Path directory;

    private FleetState state(final Path file)
    {
        return new FleetState(file, "reg", TOPIC, WARN, EXPIRE);
    }

    /**
     * A fleet whose sink takes nothing, so that its scan leaves the late node owing a timeout and the expired one a
     * timeout and an expiry: an alive node first seen before its last sighting, a late non-ASCII one, an expired one of
     * 255 bytes, an alive one of 255 non-ASCII bytes.
     */
    private static FleetTracker fleet()
    {
        final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, advisory -> false);
        seen(tracker, ALIVE, T0 - 10_000, 100);
        seen(tracker, ALIVE, T0, 150);
        seen(tracker, LATE, T0 - 2 * WARN, 200);
        seen(tracker, EXPIRED, T0 - EXPIRE - 1_000, 300);
        seen(tracker, LONGEST_NON_ASCII, T0 - 5_000, 400);
        tracker.scan(T0, true, 0, 0);
        return tracker;
    }

    private static void seen(final FleetTracker tracker, final String id, final long atMs, final int size)
    {
        assertEquals(Sighting.TRACKED, tracker.seen(id, 0, id.length(), atMs, size, true, atMs));
    }

    private static int owed(final FleetTracker tracker, final String id)
    {
        final NodeTable table = tracker.table();
        return table.owed(table.find(id, 0, id.length()));
    }

    @Test
    void shouldRestoreEveryNodeWithItsTimesSizeStateAndWhatItOwes() throws Exception
    {
        final FleetTracker original = fleet();
        assertEquals(NodeTable.OWES_TIMEOUT, owed(original, LATE));
        assertEquals(NodeTable.OWES_TIMEOUT | NodeTable.OWES_EXPIRE, owed(original, EXPIRED));
        final FleetState state = state(directory.resolve("reg.fleet"));
        state.write(original, T0 + 1, 4_321);

        final FleetTracker restored = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        final FleetState.Restore restore = state.load(restored);
        assertTrue(restore.loaded(), String.valueOf(restore));
        assertEquals(4, restore.nodes());
        assertEquals(4, restore.restored());
        assertEquals(T0 + 1, restore.writtenMs());
        assertEquals(4_321, restore.lastSequence());
        final Map<String, FleetSnapshot.Node> expected = FleetReader.copy(original);
        assertEquals(expected, FleetReader.copy(restored));
        assertEquals("late", expected.get(LATE).state());
        assertEquals("expired", expected.get(EXPIRED).state());
        assertEquals(T0 - 10_000, expected.get(ALIVE).firstSeenMs());
        for (final String id : expected.keySet())
        {
            assertEquals(owed(original, id), owed(restored, id), id);
        }
        assertTrue(restored.restoring(), "the rebuild that follows is judged as a restart's");
        assertFalse(Files.exists(directory.resolve("reg.fleet.tmp")), "the temporary file renamed");
    }

    @Test
    void shouldReplaceTheFileWhole() throws Exception
    {
        final FleetState state = state(directory.resolve("reg.fleet"));
        state.write(fleet(), T0 + 1, 1);
        final FleetTracker one = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        seen(one, "only.example.net", T0, 1);
        state.write(one, T0 + 2, 2);
        final FleetTracker restored = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        assertEquals(1, state.load(restored).nodes());
        assertEquals(FleetReader.copy(one), FleetReader.copy(restored));
    }

    @Test
    void shouldSayTheFileIsMissingAndLeaveTheTrackerAsItWas()
    {
        final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        final FleetState.Restore restore = state(directory.resolve("none.fleet")).load(tracker);
        assertFalse(restore.loaded());
        assertNull(restore.refused(), "a missing file is not refused: there is nothing yet");
        assertFalse(tracker.restoring());
    }

    /** Cut anywhere, the file is refused, and not one node of it is loaded. */
    @Test
    void shouldRefuseATruncatedFileWhereverItIsCut() throws Exception
    {
        final Path file = directory.resolve("reg.fleet");
        state(file).write(fleet(), T0 + 1, 1);
        final byte[] whole = Files.readAllBytes(file);
        for (int length = 0; length < whole.length; length++)
        {
            Files.write(file, Arrays.copyOf(whole, length));
            final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
            final FleetState.Restore restore = state(file).load(tracker);
            assertFalse(restore.loaded(), "cut at " + length);
            assertNotNull(restore.refused(), "cut at " + length);
            assertEquals(0, tracker.size(), "cut at " + length);
            assertFalse(tracker.restoring(), "cut at " + length);
        }
    }

    @Test
    void shouldRefuseAFileOfAnotherVersion() throws Exception
    {
        final Path file = directory.resolve("reg.fleet");
        state(file).write(fleet(), T0 + 1, 1);
        final byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(4, FleetState.VERSION + 1);
        Files.write(file, bytes);
        final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        final FleetState.Restore restore = state(file).load(tracker);
        assertFalse(restore.loaded());
        assertTrue(restore.refused().contains("version " + (FleetState.VERSION + 1)), restore.refused());
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldRefuseAFileWithAByteChanged() throws Exception
    {
        final Path file = directory.resolve("reg.fleet");
        state(file).write(fleet(), T0 + 1, 1);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 12] ^= 0x40; // in the last node's last sighting
        Files.write(file, bytes);
        final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
        final FleetState.Restore restore = state(file).load(tracker);
        assertTrue(restore.refused().contains("checksum"), restore.refused());
        assertEquals(0, tracker.size());
    }

    /** States decided under other durations, or of another adapter's stream, are not this view's. */
    @Test
    void shouldRefuseAFileWrittenForAnotherAdapterTopicOrDurations() throws Exception
    {
        final Path file = directory.resolve("reg.fleet");
        state(file).write(fleet(), T0 + 1, 1);
        for (final FleetState other : new FleetState[] {
            new FleetState(file, "other", TOPIC, WARN, EXPIRE),
            new FleetState(file, "reg", "other.%s", WARN, EXPIRE),
            new FleetState(file, "reg", TOPIC, WARN / 2, EXPIRE),
            new FleetState(file, "reg", TOPIC, WARN, EXPIRE * 2)})
        {
            final FleetTracker tracker = new FleetTracker(16, WARN, EXPIRE, AdvisorySink.NONE);
            final FleetState.Restore restore = other.load(tracker);
            assertFalse(restore.loaded());
            assertTrue(restore.refused().startsWith("it was written for") || restore.refused().startsWith("it was written with"),
                restore.refused());
            assertEquals(0, tracker.size());
        }
    }
}
