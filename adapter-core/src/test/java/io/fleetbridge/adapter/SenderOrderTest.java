package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SenderOrderTest
{
    @Test
    void shouldLetOnlyTheOldestMessageOfASenderGoAndTheNextOneWhenItIsSettled()
    {
        final SenderOrder order = new SenderOrder(8);
        assertEquals(-1, enter(order, 0, "a"), "the first of a sender goes at once");
        assertEquals(-1, enter(order, 1, "b"));
        assertEquals(0, enter(order, 2, "a"), "the second of a waits for the first");
        assertEquals(2, enter(order, 3, "a"), "the third for the second");

        assertEquals(-1, order.leave(1), "b had no other message");
        assertEquals(2, order.leave(0), "settling a's first lets its second go");
        assertEquals(3, order.leave(2));
        assertEquals(-1, order.leave(3));
        assertEquals(-1, enter(order, 3, "a"), "a has nothing in the window any more");
    }

    @Test
    void shouldTellSendersApartWhoseHashesCollide()
    {
        final SenderOrder order = new SenderOrder(4);
        keep(order, 0, "x", 42);
        assertEquals(-1, order.enter(0));
        keep(order, 1, "y", 42);
        assertEquals(-1, order.enter(1), "same hash, another sender: no wait");
        keep(order, 2, "y", 42);
        assertEquals(1, order.enter(2));
        assertEquals(-1, order.leave(0));
        keep(order, 0, "y", 42);
        assertEquals(2, order.enter(0), "still found after x left the probe run");
    }

    @Test
    void shouldMatchAQueuePerSenderThroughManyRandomEntriesAndSettlements()
    {
        // a model: one queue of positions per sender; few senders and few hash values make long probe runs
        final int capacity = 64;
        final SenderOrder order = new SenderOrder(capacity);
        final Map<String, ArrayDeque<Integer>> model = new HashMap<>();
        final String[] senderAt = new String[capacity];
        final List<Integer> free = new ArrayList<>();
        final List<Integer> heads = new ArrayList<>();
        for (int p = 0; p < capacity; p++)
        {
            free.add(p);
        }
        final Random random = new Random(7);
        for (int step = 0; step < 200_000; step++)
        {
            if (!free.isEmpty() && (heads.isEmpty() || random.nextInt(3) > 0))
            {
                final int position = free.remove(random.nextInt(free.size()));
                final String sender = "node-" + random.nextInt(40);
                senderAt[position] = sender;
                keep(order, position, sender, sender.hashCode() % 5);
                final ArrayDeque<Integer> queue = model.computeIfAbsent(sender, s -> new ArrayDeque<>());
                final int expected = queue.isEmpty() ? -1 : queue.peekLast();
                assertEquals(expected, order.enter(position), "enter at step " + step);
                if (queue.isEmpty())
                {
                    heads.add(position);
                }
                queue.addLast(position);
            }
            else
            {
                final int position = heads.remove(random.nextInt(heads.size()));
                final ArrayDeque<Integer> queue = model.get(senderAt[position]);
                assertEquals(position, queue.removeFirst());
                final int expected = queue.isEmpty() ? -1 : queue.peekFirst();
                assertEquals(expected, order.leave(position), "leave at step " + step);
                if (expected >= 0)
                {
                    heads.add(expected);
                }
                free.add(position);
            }
        }
    }

    private static int enter(final SenderOrder order, final int position, final String sender)
    {
        keep(order, position, sender, DecodedMessage.hash(sender.getBytes(StandardCharsets.UTF_8), sender.length()));
        return order.enter(position);
    }

    private static void keep(final SenderOrder order, final int position, final String sender, final int hash)
    {
        final byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
        order.keep(position, bytes, bytes.length, hash);
    }
}
