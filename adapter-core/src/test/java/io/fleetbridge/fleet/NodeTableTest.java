package io.fleetbridge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NodeTableTest
{
    @Test
    void shouldAgreeWithAMapOverRandomInsertsAndRemovalsWhileGrowingAndCompacting()
    {
        final NodeTable table = new NodeTable(4);
        final Map<String, Long> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 60_000; i++)
        {
            names.add("node-" + i + ".dc" + (i % 7) + ".example.net");
        }
        for (int round = 0; round < 400_000; round++)
        {
            final String name = names.get(random.nextInt(names.size()));
            final int slot = table.find(name, 0, name.length());
            assertEquals(model.containsKey(name), slot >= 0, name);
            if (slot >= 0)
            {
                assertEquals(model.get(name), table.lastSeenMs(slot), name);
                assertEquals(name, table.id(slot));
                if (random.nextInt(3) == 0)
                {
                    table.remove(slot);
                    model.remove(name);
                }
            }
            else
            {
                final long seen = 1_700_000_000_000L + round;
                assertTrue(table.insert(name, 0, name.length(), seen, round, NodeState.ALIVE) >= 0);
                model.put(name, seen);
            }
            assertEquals(model.size(), table.size());
        }
        for (final String name : names)
        {
            final int slot = table.find(name, 0, name.length());
            assertEquals(model.containsKey(name), slot >= 0, name);
        }
    }

    @Test
    void shouldFindAnIdGivenAsPartOfASubject()
    {
        final NodeTable table = new NodeTable(16);
        final String subject = "choria.node_metadata.web1.ldn.example.net";
        final int from = "choria.node_metadata.".length();
        final int slot = table.insert(subject, from, subject.length(), 5_000L, 1234, NodeState.ALIVE);
        assertEquals(slot, table.find("web1.ldn.example.net", 0, 20));
        assertEquals(1234, table.sizeBytes(slot));
        assertEquals("web1.ldn.example.net", table.id(slot));
        assertEquals(-1, table.find("web1.ldn.example.ne", 0, 19));
    }

    @Test
    void shouldKeepNonAsciiIdsAsUtf8AndFindThemFromCharsOrBytes()
    {
        final NodeTable table = new NodeTable(16);
        final String id = "nœud-ü.example.net";
        final int slot = table.insert(id, 0, id.length(), 1_000L, 1, NodeState.ALIVE);
        assertEquals(slot, table.find(id, 0, id.length()));
        final byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        assertEquals(slot, table.find(utf8, 0, utf8.length));
        assertEquals(id, table.id(slot));
    }

    @Test
    void shouldRefuseAnEmptyIdOrOneLongerThan255Bytes()
    {
        final NodeTable table = new NodeTable(16);
        final String longest = "a".repeat(255);
        final String tooLong = "a".repeat(256);
        assertTrue(table.insert(longest, 0, 255, 1L, 1, NodeState.ALIVE) >= 0);
        assertEquals(-1, table.insert(tooLong, 0, 256, 1L, 1, NodeState.ALIVE));
        assertEquals(-1, table.insert("x", 0, 0, 1L, 1, NodeState.ALIVE));
        assertEquals(-1, table.find(tooLong, 0, 256));
        assertEquals(1, table.size());
    }

    /**
     * The heap a node costs, as fleet.max_nodes documents it, rests on this figure: every slot (25 bytes) and every byte
     * of the ids with its length byte, the arena holding at most half as much again since it grows by half when full.
     */
    @Test
    void shouldCountEveryIdByteInTheFootprintAndAtMostHalfAsMuchAgain()
    {
        final int nodes = 50_000;
        for (final int length : new int[] {20, NodeTable.MAX_ID_BYTES})
        {
            final NodeTable table = new NodeTable(16);
            final StringBuilder id = new StringBuilder(length);
            for (int i = 0; i < nodes; i++)
            {
                id.setLength(0);
                id.append('n').append(i).append('.');
                while (id.length() < length)
                {
                    id.append('x');
                }
                assertTrue(table.insert(id, 0, length, 1L, 1, NodeState.ALIVE) >= 0);
            }
            final long slotBytes = table.capacity() * 25L;
            final long idBytes = (long)nodes * (1 + length);
            final long footprint = table.footprintBytes();
            assertTrue(footprint >= slotBytes + idBytes, length + "-byte ids: " + footprint + " B, less than the slots and the ids");
            assertTrue(footprint <= slotBytes + idBytes * 3 / 2, length + "-byte ids: " + footprint + " B, more than half again for growth");
        }
    }

    @Test
    void shouldStoreFirstSeenInWholeSeconds()
    {
        final NodeTable table = new NodeTable(16);
        final int slot = table.insert("n", 0, 1, 1_764_000_000_999L, 1, NodeState.ALIVE);
        assertEquals(1_764_000_000_000L, table.firstSeenMs(slot));
        assertEquals(1_764_000_000_999L, table.lastSeenMs(slot));
    }
}
