package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubjectTemplateTest
{
    private static String subject(final SubjectTemplate template, final String sender)
    {
        final byte[] bytes = sender.getBytes(StandardCharsets.UTF_8);
        return template.subjectFor(bytes, bytes.length);
    }

    @Test
    void shouldPutTheSenderInPlaceOfThePlaceholder()
    {
        final SubjectTemplate template = new SubjectTemplate("choria.node_metadata.%s");
        assertEquals("choria.node_metadata.web1.example.net", subject(template, "web1.example.net"));
        assertEquals("choria.node_metadata.db2", subject(template, "db2"), "a shorter sender after a longer one");
    }

    @Test
    void shouldReplaceEveryPlaceholder()
    {
        final SubjectTemplate template = new SubjectTemplate("%s.reg.%s.x.%s");
        assertEquals("n1.reg.n1.x.n1", subject(template, "n1"));
        assertEquals("n\u00e9.reg.n\u00e9.x.n\u00e9", subject(template, "n\u00e9"));
    }

    @Test
    void shouldReadOnlyTheSendersLengthOfItsArray()
    {
        final SubjectTemplate template = new SubjectTemplate("reg.%s.x");
        final byte[] buffer = "web1.example.netGARBAGE".getBytes(StandardCharsets.UTF_8);
        assertEquals("reg.web1.example.net.x", template.subjectFor(buffer, "web1.example.net".length()));
    }

    /** Decoding the whole subject must give what decoding the sender alone and concatenating gave. */
    @Test
    void shouldDecodeAnySenderBytesAsTheSenderAloneWouldBe()
    {
        final String format = "\u00e9.%s.\u00fc%s\u20ac";
        final SubjectTemplate template = new SubjectTemplate(format);
        final Random random = new Random(42);
        for (int round = 0; round < 2_000; round++)
        {
            final byte[] sender = new byte[1 + random.nextInt(12)];
            random.nextBytes(sender);
            final String alone = new String(sender, StandardCharsets.UTF_8);
            assertEquals(format.replace("%s", alone), template.subjectFor(sender, sender.length));
        }
    }

    @Test
    void shouldStillBuildASenderLongerThanTheLongestDnsName()
    {
        final SubjectTemplate template = new SubjectTemplate("reg.%s.%s");
        final String sender = "a".repeat(SubjectTokens.MAX_SENDER_BYTES * 3);
        assertEquals("reg." + sender + "." + sender, subject(template, sender));
        assertEquals("reg.b.b", subject(template, "b"));
    }

    @Test
    void shouldRefuseATemplateWhoseSubjectsCannotBePublished()
    {
        final String tooLong = "x".repeat(SubjectTemplate.MAX_SUBJECT_BYTES - 2 * SubjectTokens.MAX_SENDER_BYTES + 1) + ".%s.%s";
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new SubjectTemplate(tooLong));
        assertTrue(ex.getMessage().contains("3072"), ex.getMessage());
        final String longest = "x".repeat(SubjectTemplate.MAX_SUBJECT_BYTES - 2 * SubjectTokens.MAX_SENDER_BYTES - 2) + ".%s.%s";
        final String sender = "s".repeat(SubjectTokens.MAX_SENDER_BYTES);
        assertEquals(SubjectTemplate.MAX_SUBJECT_BYTES, subject(new SubjectTemplate(longest), sender).length());
    }

    @Test
    void shouldReturnTheTemplateWhenItHasNoPlaceholder()
    {
        final SubjectTemplate template = new SubjectTemplate("choria.registration");
        assertSame(subject(template, "n1"), subject(template, "n2"));
        assertEquals("choria.registration", subject(template, "n3"));
    }

    @Test
    void shouldRefuseAnEmptyTemplate()
    {
        assertThrows(IllegalArgumentException.class, () -> new SubjectTemplate(""));
        assertThrows(IllegalArgumentException.class, () -> new SubjectTemplate(null));
    }
}
