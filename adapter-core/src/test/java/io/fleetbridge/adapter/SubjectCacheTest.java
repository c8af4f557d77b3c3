package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
    void shouldCompareSenderBytesNotOnlyHashes()
    {
        final SubjectCache cache = new SubjectCache("x.%s", 2);
        final byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        final byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        assertEquals("x.a", cache.subjectFor(a, 1, 7));
        assertEquals("x.b", cache.subjectFor(b, 1, 7));
        assertEquals("x.a", cache.subjectFor(new byte[] {'a', 'z'}, 1, 7));
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
