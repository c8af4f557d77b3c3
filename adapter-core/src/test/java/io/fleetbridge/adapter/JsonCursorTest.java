package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The string fast paths: the eight-bytes-at-a-time scan must stop at every byte that matters
 * wherever it sits in a word, and reading a string into a buffer in one pass must give exactly
 * what reading it and then unquoting it gives. The layout's hints, a guessed closing quote and a
 * known plain run, may save work but must never change a read.
 */
class JsonCursorTest
{
    private final JsonCursor cursor = new JsonCursor(new Base64Blocks());
    private final ScratchBuffer fused = new ScratchBuffer(8);
    private final ScratchBuffer unquoted = new ScratchBuffer(8);

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code doc} both ways and insists on the same status, range, flag and content. */
    private int readBoth(final byte[] doc, final String what)
    {
        cursor.reset(doc, 0, doc.length);
        final int plain = cursor.readString();
        final int start = cursor.stringStart();
        final int end = cursor.stringEnd();
        final boolean escaped = cursor.stringEscaped();
        cursor.reset(doc, 0, doc.length);
        final int status = cursor.readStringInto(fused);
        assertEquals(plain, status, what);
        if (status == JsonCursor.OK)
        {
            assertEquals(start, cursor.stringStart(), what);
            assertEquals(end, cursor.stringEnd(), what);
            assertEquals(escaped, cursor.stringEscaped(), what);
            final int length = JsonUnquote.unquote(doc, start, end, unquoted);
            assertArrayEquals(Arrays.copyOf(unquoted.bytes(), length), Arrays.copyOf(fused.bytes(), fused.length()), what);
        }
        return status;
    }

    @Test
    void shouldStopTheScanAtEachSpecialByteInEveryPositionOfAWord()
    {
        final byte[] specials = {'"', '\\', 0, 0x1F, (byte) 0x80, (byte) 0xFF};
        for (final byte special : specials)
        {
            for (int at = 0; at < 40; at++)
            {
                final byte[] b = new byte[48];
                Arrays.fill(b, (byte) 'A');
                b[at] = special;
                // DEL and the bytes next to the special ones must not stop it
                b[(at + 9) % 48] = 0x7F;
                b[(at + 17) % 48] = 0x20;
                b[(at + 25) % 48] = 0x21;
                b[(at + 33) % 48] = 0x5D;
                assertEquals(at, ByteScan.stringRunEnd(b, 0, b.length), "byte " + special + " at " + at);
                assertEquals(at, ByteScan.stringRunEnd(b, at, b.length), "byte " + special + " from " + at);
            }
        }
        final byte[] none = bytes("abcdefghijklmnopqrstuvwxyz0123456789+/=~");
        assertEquals(none.length, ByteScan.stringRunEnd(none, 0, none.length));
        assertEquals(5, ByteScan.stringRunEnd(none, 3, 5));
    }

    @Test
    void shouldStopTheEscapeScanAtEachByteGoEscapesInEveryPositionOfAWord()
    {
        final byte[] escaped = {'"', '\\', '<', '>', '&', 0, 0x1F, (byte) 0x80, (byte) 0xE2};
        // neighbours of the tests' constants (x | 4, x | 2) that Go copies as they are
        final byte[] copied = {'$', '\'', '%', ' ', '!', '#', ':', ';', '=', '?', '.', ',', '*', '(', 0x7F, ']', '['};
        for (final byte special : escaped)
        {
            for (int at = 0; at < 40; at++)
            {
                final byte[] b = new byte[48];
                for (int k = 0; k < b.length; k++)
                {
                    b[k] = copied[k % copied.length];
                }
                b[at] = special;
                assertEquals(at, ByteScan.plainRunEnd(b, 0, b.length), "byte " + special + " at " + at);
                assertEquals(at, ByteScan.plainRunEnd(b, at, b.length), "byte " + special + " from " + at);
            }
        }
        final byte[] none = bytes("$'%!#:;=?.,*#]['ABCxyz0189+/ \u007f~`^|{}()");
        assertEquals(none.length, ByteScan.plainRunEnd(none, 0, none.length));
        assertEquals(none.length, JsonEscape.length(none, 0, none.length));
    }

    @Test
    void shouldFlagStringsThatAreMoreThanACopy()
    {
        cursor.reset(bytes("\"plain base64+/==\""), 0, 18);
        assertEquals(JsonCursor.OK, cursor.readString());
        assertFalse(cursor.stringEscaped());
        final byte[] utf8 = "\"caf\u00e9\"".getBytes(StandardCharsets.UTF_8);
        cursor.reset(utf8, 0, utf8.length);
        assertEquals(JsonCursor.OK, cursor.readString());
        assertTrue(cursor.stringEscaped(), "non-ASCII needs checking when unquoted");
        assertEquals(JsonCursor.OK, readBoth(utf8, "utf8"));
    }

    @Test
    void shouldReadIntoABufferWhatUnquotingGives()
    {
        final String[] cases = {
            "\"\"", "\"a\"", "\"\\\"quoted\\\" and \\\\ and \\/ \\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20ac\"",
            "\"\\ud83d\\ude00 pair\"", "\"\\ud83d alone\"", "\"\\ude00 low alone\"", "\"\\ud83d\\u0041\"", "\"\\ud83d\\ud83d\\ude00\"",
            "\"\\ud83d\"", "\"x\\ud83d\\u00\"",
            "\"\u00c3\u00a9 valid two-byte\"", "\"\u00ff invalid\"", "\"\u00e2\u0082 cut\"", "\"\u00ed\u00a0\u0080 surrogate\"",
            "\"\u00e2\u0082", "\"\u00c3\"",
            "\"unterminated", "\"bad \\x escape\"", "\"bad \\u12g4\"", "\"short \\u12\"", "\"raw \n newline\"", "\"trailing \\",
        };
        for (final String c : cases)
        {
            readBoth(bytes(c), c);
        }
    }

    @Test
    void shouldReadIntoABufferWhatUnquotingGivesForRandomStrings()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final String[] pieces = {"a", "Zz09+/", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d", "\\ude00", "\\uD83D\\uDE00", "\u00c3\u00a9",
            "\u00ff", "\u00e2\u0082\u00ac", "\u00f0\u009f\u0098\u0080", "\u00ed\u00a0\u0080", "\\q", "\u0001", "<>&", "\\u12"};
        int accepted = 0;
        for (int round = 0; round < 5000; round++)
        {
            final StringBuilder s = new StringBuilder("\"");
            final int count = random.nextInt(30);
            for (int k = 0; k < count; k++)
            {
                s.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : "abcdefgh".substring(random.nextInt(8)));
            }
            if (random.nextInt(10) != 0)
            {
                s.append('"');
            }
            if (readBoth(bytes(s.toString()), "seed " + seed + " round " + round) == JsonCursor.OK)
            {
                accepted++;
            }
        }
        assertTrue(accepted > 500, "seed " + seed);
    }
    @Test
    void shouldDecodePlainBase64AsItIsReadAndReadEverythingElseAsAString()
    {
        final String plain = java.util.Base64.getEncoder().encodeToString(new byte[500]);
        final String[][] cases = {
            // input, expected status, decoded on the way
            {"\"" + plain + "\"", "OK", "yes"},
            {"\"\"", "OK", "yes"},
            {"\"YQ==\"", "OK", "yes"},
            {"\"" + plain.substring(0, 200) + "\\/" + plain.substring(202) + "\"", "OK", "no"},
            {"\"" + plain.substring(0, 200) + "\\\"" + plain.substring(202) + "\"", "OK", "no"},
            {"\"" + plain.substring(0, 199) + "\"", "OK", "no"},
            {"\"" + plain.substring(0, 196) + "\r\n\r\n\"", "SYNTAX", "no"},
            {"\"" + plain.substring(0, 200) + " \u00e9\"", "OK", "no"},
            {"\"YQ==YQ==\"", "OK", "no"},
            {"\"" + plain, "SYNTAX", "no"},
        };
        final ScratchBuffer decoded = new ScratchBuffer(8);
        for (final String[] c : cases)
        {
            final byte[] doc = bytes(c[0]);
            cursor.reset(doc, 0, doc.length);
            final int status = cursor.readBase64Into(decoded);
            final String what = c[0].length() > 40 ? c[0].substring(0, 20) + "..." + c[0].substring(c[0].length() - 20) : c[0];
            assertEquals(c[1].equals("OK") ? JsonCursor.OK : JsonCursor.SYNTAX, status, what);
            if (status == JsonCursor.OK)
            {
                assertEquals(c[2].equals("yes"), cursor.stringDecoded(), what);
                cursor.reset(doc, 0, doc.length);
                final int strict = cursor.readString();
                assertEquals(JsonCursor.OK, strict, what);
                assertEquals(doc.length - 1, cursor.stringEnd(), what);
            }
            if (cursor.stringDecoded())
            {
                assertArrayEquals(java.util.Base64.getDecoder().decode(c[0].substring(1, c[0].length() - 1)),
                    Arrays.copyOf(decoded.bytes(), decoded.length()), what);
            }
        }
    }

    @Test
    void shouldGiveTheSameReadWhereverTheQuoteIsGuessed()
    {
        final String plain = java.util.Base64.getEncoder().encodeToString(new byte[120]);
        final String[] strings = {
            "\"" + plain + "\"",
            "\"YQ==\"",
            "\"\"",
            "\"" + plain.substring(0, 40) + "\\\"" + plain.substring(42) + "\"",
            "\"" + plain.substring(0, 40) + "\\/" + plain.substring(42) + "\"",
            "\"" + plain.substring(0, 36) + "\r\n\r\n" + plain.substring(36) + "\"",
            "\"YQ==YQ==\"",
            "\"" + plain.substring(0, 39) + "\"",
        };
        // later quotes to mislead a guess: what a transport's headers put after its data
        final String after = ",\"headers\":{\"reply\":\"AAAA\",\"x\":\"\"}}";
        final ScratchBuffer unguessed = new ScratchBuffer(8);
        final ScratchBuffer guessed = new ScratchBuffer(8);
        for (final String string : strings)
        {
            final byte[] doc = bytes(string + after);
            cursor.reset(doc, 0, doc.length);
            final int status = cursor.readBase64Into(unguessed);
            final int start = cursor.stringStart();
            final int end = cursor.stringEnd();
            final boolean decoded = cursor.stringDecoded();
            final boolean escaped = cursor.stringEscaped();
            for (int guess = -1; guess <= doc.length; guess++)
            {
                final String what = string.substring(0, Math.min(12, string.length())) + "..., quote guessed at " + guess;
                cursor.reset(doc, 0, doc.length);
                cursor.expectQuoteAt(guess);
                assertEquals(status, cursor.readBase64Into(guessed), what);
                if (status != JsonCursor.OK)
                {
                    continue;
                }
                assertEquals(start, cursor.stringStart(), what);
                assertEquals(end, cursor.stringEnd(), what);
                assertEquals(decoded, cursor.stringDecoded(), what);
                assertEquals(escaped, cursor.stringEscaped(), what);
                assertEquals(',', cursor.peek(), what);
                if (decoded)
                {
                    assertArrayEquals(Arrays.copyOf(unguessed.bytes(), unguessed.length()), Arrays.copyOf(guessed.bytes(), guessed.length()), what);
                }
            }
        }
    }

    @Test
    void shouldRecordTheLongestRunCopiedAsIs()
    {
        final ScratchBuffer out = new ScratchBuffer(8);
        final byte[] doc = bytes("ab\\\"cdefghi\\\"jk<lmnopqrstu\"");
        JsonUnquote.unquoteString(doc, 0, doc.length, out);
        // ab"cdefghi"jk<lmnopqrstu: '<' ends a run too, since Go's encoder escapes it
        assertEquals("lmnopqrstu", new String(out.bytes(), out.plainRunFrom(), out.plainRunTo() - out.plainRunFrom(),
            StandardCharsets.ISO_8859_1));
        out.length(3);
        assertEquals(0, out.plainRunTo() - out.plainRunFrom(), "a new length forgets the run");
    }

    @Test
    void shouldUnquoteTheSameWhenToldOfAnyPartOfAPlainRun()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final String[] pieces = {"\\\"", "\\n", "\\u00e9", "<", "&", "\u00c3\u00a9", "\\/"};
        final ScratchBuffer first = new ScratchBuffer(8);
        final ScratchBuffer told = new ScratchBuffer(8);
        for (int round = 0; round < 300; round++)
        {
            final StringBuilder text = new StringBuilder();
            for (int k = 0; k < 6; k++)
            {
                text.append(pieces[random.nextInt(pieces.length)]);
                for (int n = random.nextInt(60); n > 0; n--)
                {
                    text.append((char) ('A' + random.nextInt(26)));
                }
            }
            final byte[] doc = bytes(text + "\",\"x\":1}");
            final long plain = JsonUnquote.unquoteString(doc, 0, doc.length, first);
            final byte[] expected = Arrays.copyOf(first.bytes(), first.length());
            final boolean expectedPlain = first.plain();
            // every truly plain run of the input, and pieces of it
            for (int at = 0; at < doc.length; at++)
            {
                final int runEnd = ByteScan.plainRunEnd(doc, at, doc.length);
                if (runEnd == at)
                {
                    continue;
                }
                final int from = at + random.nextInt(runEnd - at);
                final int to = from + random.nextInt(runEnd - from + 1);
                final String what = "round " + round + ", told [" + from + ", " + to + ")";
                assertEquals(plain, JsonUnquote.unquoteString(doc, 0, doc.length, told, from, to), what);
                assertArrayEquals(expected, Arrays.copyOf(told.bytes(), told.length()), what);
                assertEquals(expectedPlain, told.plain(), what);
                at = runEnd;
            }
        }
    }
}
