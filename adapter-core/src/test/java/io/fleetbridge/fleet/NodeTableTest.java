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

    /**
     * The budget bounds the ids' bytes, each with its length byte: the id that would pass it is refused, not stored by
     * growing past it, and the bytes of removed ids are taken again, so a budget reached once does not refuse forever.
     */
    @Test
    void shouldRefuseAnIdThatWouldPassTheBudgetAndTakeOneAgainOnceIdsAreRemoved()
    {
        final NodeTable table = new NodeTable(16, 1_000);
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            ids.add(i + "-" + "x".repeat(98));
        }
        for (int i = 0; i < 9; i++)
        {
            assertTrue(table.insert(ids.get(i), 0, 100, 1L, 1, NodeState.ALIVE) >= 0, "id " + i + ": 909 bytes with the ninth");
        }
        assertEquals(NodeTable.NO_ROOM, table.insert(ids.get(9), 0, 100, 1L, 1, NodeState.ALIVE), "the tenth makes 1,010 bytes");
        assertEquals(9, table.size());
        assertTrue(table.footprintBytes() <= table.capacity() * 25L + 1_000, table.footprintBytes() + " B");
        table.remove(table.find(ids.get(0), 0, 100));
        assertTrue(table.insert(ids.get(9), 0, 100, 1L, 1, NodeState.ALIVE) >= 0, "the removed id's bytes are taken again");
        for (int i = 1; i < 10; i++)
        {
            assertEquals(ids.get(i), table.id(table.find(ids.get(i), 0, 100)));
        }
        assertTrue(table.footprintBytes() <= table.capacity() * 25L + 1_000, table.footprintBytes() + " B");
    }

    /**
     * Whatever the names (1 to 255 bytes, ASCII or not) and however they come and go, the table holds its slots and at
     * most its budget, refuses exactly the id that would pass the budget counting the live ids only, and finds every id
     * it holds after the arena is compacted in place.
     */
    @Test
    void shouldHoldNoMoreThanItsSlotsAndItsBudgetWhateverTheNames()
    {
        final int budget = 16 * 1024;
        final NodeTable table = new NodeTable(16, budget);
        final Map<String, Long> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        final List<String> names = new ArrayList<>();
        final StringBuilder name = new StringBuilder();
        for (int i = 0; i < 2_000; i++)
        {
            name.setLength(0);
            name.append(i).append(i % 3 == 0 ? "-é" : "-");
            final int length = 1 + random.nextInt(NodeTable.MAX_ID_BYTES);
            while (name.toString().getBytes(StandardCharsets.UTF_8).length < length)
            {
                name.append((char)('a' + random.nextInt(26)));
            }
            names.add(name.toString());
        }
        long liveBytes = 0;
        int refused = 0;
        for (int round = 0; round < 100_000; round++)
        {
            final String id = names.get(random.nextInt(names.size()));
            final int bytes = 1 + id.getBytes(StandardCharsets.UTF_8).length;
            final int slot = table.find(id, 0, id.length());
            assertEquals(model.containsKey(id), slot >= 0, id);
            if (slot >= 0)
            {
                assertEquals(id, table.id(slot));
                assertEquals(model.get(id), table.lastSeenMs(slot), id);
                if (random.nextInt(2) == 0)
                {
                    table.remove(slot);
                    model.remove(id);
                    liveBytes -= bytes;
                }
            }
            else
            {
                final int inserted = table.insert(id, 0, id.length(), round, 1, NodeState.ALIVE);
                if (liveBytes + bytes > budget)
                {
                    assertEquals(NodeTable.NO_ROOM, inserted, id);
                    refused++;
                }
                else
                {
                    assertTrue(inserted >= 0, id);
                    model.put(id, (long)round);
                    liveBytes += bytes;
                }
            }
            assertEquals(model.size(), table.size());
            assertTrue(table.footprintBytes() <= table.capacity() * 25L + budget, "round " + round + ": " + table.footprintBytes() + " B");
        }
        assertTrue(refused > 1_000, "the budget was reached often: " + refused);
        for (final String id : names)
        {
            final int slot = table.find(id, 0, id.length());
            assertEquals(model.containsKey(id), slot >= 0, id);
            if (slot >= 0)
            {
                assertEquals(id, table.id(slot));
            }
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
