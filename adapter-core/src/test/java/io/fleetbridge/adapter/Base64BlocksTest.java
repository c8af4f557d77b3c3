package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64BlocksTest
{
    private final Base64Blocks blocks = new Base64Blocks();
    private final ScratchBuffer out = new ScratchBuffer(16);
    private final ScratchBuffer expected = new ScratchBuffer(16);

    /** Decodes with both decoders and insists they agree on the result and the bytes. */
    private int decodeBoth(final byte[] b, final int from, final int to, final String what)
    {
        final int want = Base64Range.decode(b, from, to, expected);
        final int got = blocks.decode(b, from, to, out);
        assertEquals(want, got, what);
        if (want >= 0)
        {
            assertArrayEquals(Arrays.copyOf(expected.bytes(), want), Arrays.copyOf(out.bytes(), got), what);
        }
        return got;
    }

    private static byte[] encoded(final SplittableRandom random, final int length)
    {
        final byte[] data = new byte[length];
        random.nextBytes(data);
        return Base64.getEncoder().encode(data);
    }

    @Test
    void shouldDecodeWhatTheJdkEncodesAtEveryLengthAroundTheBlockSizes()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int length = 0; length < 3300; length += length < 400 ? 1 : 7)
        {
            final byte[] data = new byte[length];
            random.nextBytes(data);
            final byte[] text = Base64.getEncoder().encode(data);
            final byte[] framed = new byte[text.length + 10];
            System.arraycopy(text, 0, framed, 3, text.length);
            assertEquals(length, blocks.decode(framed, 3, 3 + text.length, out), "seed " + seed + " length " + length);
            assertArrayEquals(data, Arrays.copyOf(out.bytes(), out.length()), "seed " + seed + " length " + length);
        }
    }

    @Test
    void shouldDecodeInputsLargerThanTheLargestBlock()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final byte[] data = new byte[100_000];
        random.nextBytes(data);
        final byte[] text = Base64.getEncoder().encode(data);
        assertEquals(data.length, blocks.decode(text, 0, text.length, out));
        assertArrayEquals(data, Arrays.copyOf(out.bytes(), out.length()));
    }

    @Test
    void shouldIgnoreLineBreaksInsideABlockAsGoDoes()
    {
        // a MIME-style wrapped text: every block holds line breaks, which the JDK decoder refuses
        final byte[] wrapped = Base64.getMimeEncoder().encode(new byte[3000]);
        assertEquals(3000, decodeBoth(wrapped, 0, wrapped.length, "wrapped"));
        final byte[] text = encoded(new SplittableRandom(1), 900);
        for (final int at : new int[] {0, 1, 63, 64, 65, 127, 128, 600, text.length - 1})
        {
            final byte[] broken = new byte[text.length + 2];
            System.arraycopy(text, 0, broken, 0, at);
            broken[at] = '\r';
            broken[at + 1] = '\n';
            System.arraycopy(text, at, broken, at + 2, text.length - at);
            assertEquals(900, decodeBoth(broken, 0, broken.length, "line break at " + at));
        }
    }

    @Test
    void shouldRejectPaddingThatEndsABlockButNotTheInput()
    {
        // "YQ==" closes a 64-character block, which the JDK decoder accepts on its own; Go does not accept data after padding
        final String block = "A".repeat(60) + "YQ==";
        final byte[] text = (block + "A".repeat(64) + "AAAA").getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, decodeBoth(text, 0, text.length, "padding inside"));
        final byte[] ending = (block.repeat(2)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, decodeBoth(ending, 0, ending.length, "padding twice"));
        final byte[] last = ("A".repeat(124) + "YQ==").getBytes(StandardCharsets.US_ASCII);
        assertEquals(94, decodeBoth(last, 0, last.length, "padding at the end"));
    }

    @Test
    void shouldAgreeWithTheScalarDecoderOnEveryKindOfDamage()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] damage = {'=', '\r', '\n', '-', '_', ' ', '"', '\\', 0, (byte) 0xFF, 'A'};
        for (int round = 0; round < 3000; round++)
        {
            final byte[] text = encoded(random, random.nextInt(700));
            final int hits = 1 + random.nextInt(3);
            for (int h = 0; h < hits && text.length > 0; h++)
            {
                text[random.nextInt(text.length)] = damage[random.nextInt(damage.length)];
            }
            final int from = text.length == 0 ? 0 : random.nextInt(Math.min(8, text.length));
            decodeBoth(text, from, text.length, "seed " + seed + " round " + round);
        }
    }

    @Test
    void shouldProveTheAlphabetUpToTheBlockHoldingAnythingElseAndNeverPastIt()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] foreign = "=\"\\<>& \n\u0000".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 2000; round++)
        {
            final byte[] text = encoded(random, 3 * random.nextInt(1, 4000));
            // the shortest text is 4 characters: start inside it
            final int from = random.nextInt(0, Math.min(8, text.length));
            final int limit = random.nextInt(from, text.length + 1);
            final int at = random.nextInt(from, text.length);
            text[at] = random.nextBoolean() ? foreign[random.nextInt(foreign.length)] : (byte)random.nextInt(0x80, 0x100);
            final String what = "seed " + seed + " round " + round + " from " + from + " limit " + limit + " foreign at " + at;
            final int end = blocks.alphabetEnd(text, from, limit);
            assertTrue(end >= from && end <= Math.min(at, limit), what + ": " + end);
            // whole blocks only: what is left before the foreign byte (or the limit) is under one largest block
            assertTrue(Math.min(at, limit) - end < 64 << 6, what + ": " + end);
        }
    }

    @Test
    void shouldProveAllButTheLastSmallBlockOfPureAlphabet()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int length = 0; length < 20_000; length += 37)
        {
            final byte[] text = encoded(random, length);
            final int limit = text.length - (text.length > 0 && text[text.length - 1] == '=' ? 4 : 0);
            final int end = blocks.alphabetEnd(text, 0, limit);
            assertTrue(limit - end < 64, "length " + length + ": " + end + " of " + limit);
        }
    }
}
