package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SubjectCacheTest
{
    private static String subject(final SubjectCache cache, final String sender)
    {
        final byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
        return cache.subjectFor(bytes, bytes.length, DecodedMessage.hash(bytes, bytes.length));
    }

    @Test
    void shouldReturnSameInstanceOnHit()
    {
        final SubjectCache cache = new SubjectCache("choria.node_metadata.%s", 64);
        final String first = subject(cache, "web1.example.net");
        assertEquals("choria.node_metadata.web1.example.net", first);
        assertSame(first, subject(cache, "web1.example.net"));
    }

    @Test
    void shouldCountEverySubjectItBuildsAndNoHit()
    {
        final LongAdder misses = new LongAdder();
        final SubjectCache cache = new SubjectCache("reg.%s", 64, misses);
        subject(cache, "web1");
        subject(cache, "web1");
        subject(cache, "web2");
        assertEquals(2, misses.sum());
        final String tooLong = "a".repeat(SubjectTokens.MAX_SENDER_BYTES + 1);
        subject(cache, tooLong);
        subject(cache, tooLong);
        assertEquals(4, misses.sum(), "a sender too long to keep is built each time");
        final LongAdder none = new LongAdder();
        subject(new SubjectCache("reg.constant", 64, none), "web1");
        assertEquals(0, none.sum(), "a constant subject is not looked up");
    }

    @Test
    void shouldCompareSenderBytesNotOnlyHashes()
    {
        final SubjectCache cache = new SubjectCache("x.%s", 2);
        final byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        final byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        assertEquals("x.a", cache.subjectFor(a, 1, 7));
        assertEquals("x.b", cache.subjectFor(b, 1, 7));
        assertEquals("x.a", cache.subjectFor(new byte[] {'a', 'z'}, 1, 7));
    }

    /** Looks senders up by the hash the test gives them, and counts a lookup as a hit when it returns the instance the previous one did. */
    private static final class Lookups
    {
        private final SubjectCache cache;
        private final Map<String, String> last = new HashMap<>();
        int hits;
        int misses;

        Lookups(final SubjectCache cache)
        {
            this.cache = cache;
        }

        boolean hit(final String sender, final int hash)
        {
            final byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
            final String subject = cache.subjectFor(bytes, bytes.length, hash);
            assertTrue(subject.endsWith("." + sender), subject);
            final boolean hit = subject == last.put(sender, subject);
            if (hit)
            {
                hits++;
            }
            else
            {
                misses++;
            }
            return hit;
        }

        boolean hit(final String sender)
        {
            final byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
            return hit(sender, DecodedMessage.hash(bytes, bytes.length));
        }
    }

    @Test
    void shouldKeepFourSendersThatShareASet()
    {
        final Lookups lookups = new Lookups(new SubjectCache("reg.%s", 64));
        final List<String> senders = List.of("a", "b", "c", "d");
        senders.forEach(sender -> lookups.hit(sender, 7));
        for (final String sender : senders)
        {
            assertTrue(lookups.hit(sender, 7), sender + " was evicted by a sender of the same set");
        }
    }

    @Test
    void shouldKeepServingAnOverfullSetWhenTheFleetRegistersInRounds()
    {
        // Five senders in a set of four, every one once per round: the order that makes a
        // direct-mapped or least-recently-used cache miss on every lookup.
        final Lookups lookups = new Lookups(new SubjectCache("reg.%s", 64));
        final List<String> senders = List.of("a", "b", "c", "d", "e");
        for (int round = 0; round < 10; round++)
        {
            final int before = lookups.hits;
            senders.forEach(sender -> lookups.hit(sender, 7));
            if (round >= 2)
            {
                assertTrue(lookups.hits - before >= 3, "round " + round + ": " + (lookups.hits - before) + " hits of 5");
            }
        }
    }

    @Test
    void shouldGiveTheSlotsOfSendersThatStoppedToNewOnes()
    {
        final Lookups lookups = new Lookups(new SubjectCache("reg.%s", 64));
        final List<String> gone = List.of("a", "b", "c", "d");
        for (int round = 0; round < 3; round++)
        {
            gone.forEach(sender -> lookups.hit(sender, 7));
        }
        final List<String> fresh = List.of("e", "f", "g");
        for (int round = 0; round < 2; round++)
        {
            fresh.forEach(sender -> lookups.hit(sender, 7));
        }
        for (final String sender : fresh)
        {
            assertTrue(lookups.hit(sender, 7), sender + " is not cached after two rounds");
        }
    }

    @Test
    void shouldMissRarelyWithTwiceTheSlotsOfTheFleetAndUnderAThirdAtOneSlotPerNode()
    {
        // A direct-mapped cache misses 30 to 39% and 51 to 63% of these lookups.
        for (final boolean shuffled : new boolean[] {true, false})
        {
            assertTrue(missRatio(4096, 8192, shuffled) < 0.08, "twice the slots of the fleet, shuffled " + shuffled);
            assertTrue(missRatio(8192, 8192, shuffled) < 1 / 3.0, "as many slots as nodes, shuffled " + shuffled);
        }
    }

    /**
     * Misses per lookup over rounds 2 to 5 of a fleet of {@code nodes} registering once per round, in a new order each
     * round or in the same one (nodes on fixed timers).
     */
    private static double missRatio(final int nodes, final int capacity, final boolean shuffled)
    {
        final Lookups lookups = new Lookups(new SubjectCache("choria.node_metadata.%s", capacity));
        final List<String> fleet = new ArrayList<>();
        for (int k = 0; k < nodes; k++)
        {
            fleet.add(String.format("n%05d.fleet.example.net", k));
        }
        final Random random = new Random(42);
        fleet.forEach(lookups::hit);
        lookups.misses = 0;
        lookups.hits = 0;
        for (int round = 0; round < 4; round++)
        {
            if (shuffled)
            {
                Collections.shuffle(fleet, random);
            }
            fleet.forEach(lookups::hit);
        }
        return (double)lookups.misses / (lookups.misses + lookups.hits);
    }

    @Test
    void shouldStayBoundedAndCorrectUnderManySenders()
    {
        final SubjectCache cache = new SubjectCache("reg.%s", 100);
        assertEquals(128, cache.capacity());
        for (int k = 0; k < 10_000; k++)
        {
            assertEquals("reg.node" + k, subject(cache, "node" + k));
        }
        assertEquals(128, cache.capacity());
    }

    @Test
    void shouldNotKeepASenderLongerThanTheLongestDnsName()
    {
        final SubjectCache cache = new SubjectCache("reg.%s", 2);
        final String sender = "a".repeat(SubjectTokens.MAX_SENDER_BYTES + 1);
        final String first = subject(cache, sender);
        assertEquals("reg." + sender, first);
        assertNotSame(first, subject(cache, sender), "built again, not cached");
        final String longest = "b".repeat(SubjectTokens.MAX_SENDER_BYTES);
        assertSame(subject(cache, longest), subject(cache, longest));
    }

    @Test
    void shouldRefuseATemplateWhoseSubjectsCannotBePublished()
    {
        final String tooLong = "x".repeat(SubjectCache.MAX_SUBJECT_BYTES - 2 * SubjectTokens.MAX_SENDER_BYTES + 1) + ".%s.%s";
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new SubjectCache(tooLong, 8));
        assertTrue(ex.getMessage().contains("3072"), ex.getMessage());
        new SubjectCache("x".repeat(SubjectCache.MAX_SUBJECT_BYTES - 2 * SubjectTokens.MAX_SENDER_BYTES - 2) + ".%s.%s", 8);
    }

    @Test
    void shouldReplaceEveryPlaceholder()
    {
        final SubjectCache cache = new SubjectCache("%s.reg.%s.x.%s", 8);
        assertEquals("n1.reg.n1.x.n1", subject(cache, "n1"));
        assertEquals("n\u00e9.reg.n\u00e9.x.n\u00e9", subject(cache, "n\u00e9"));
    }

    @Test
    void shouldReturnTemplateWhenItHasNoPlaceholder()
    {
        final SubjectCache cache = new SubjectCache("choria.registration", 8);
        assertSame(subject(cache, "n1"), subject(cache, "n2"));
        assertEquals("choria.registration", subject(cache, "n3"));
    }

    @Test
    void shouldRefuseInvalidArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> new SubjectCache("", 8));
        assertThrows(IllegalArgumentException.class, () -> new SubjectCache("x.%s", 0));
    }
}
