package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time scans must stop exactly where a byte-by-byte loop stops: a stop byte in any
 * word of a long run, from any start offset and before any end, and on random base64 with sparse
 * stops. (JsonCursorTest covers each special byte in every position of one word.)
 */
class ByteScanTest
{
    private interface Scan
    {
        int end(byte[] b, int from, int to);
    }

    private static final IntPredicate QUOTE = c -> c == '"';
    private static final IntPredicate STRING_STOP = c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7F;
    private static final IntPredicate GO_ESCAPES = c -> STRING_STOP.test(c) || c == '<' || c == '>' || c == '&';

    private static int reference(final IntPredicate stop, final byte[] b, final int from, final int to)
    {
        int i = from;
        while (i < to && !stop.test(b[i] & 0xFF))
        {
            i++;
        }
        return i;
    }

    /** One stop byte at every position of a 160-byte run, from every start offset within a word. */
    private static void assertStopsEverywhere(final Scan scan, final IntPredicate stop, final byte stopByte, final String name)
    {
        for (int at = 0; at < 160; at++)
        {
            final byte[] b = new byte[168];
            Arrays.fill(b, (byte) 'Q');
            b[at] = stopByte;
            for (int from = 0; from < 8 && from <= at; from++)
            {
                assertEquals(reference(stop, b, from, b.length), scan.end(b, from, b.length), name + ": stop at " + at + ", from " + from);
                assertEquals(Math.min(at, 150), scan.end(b, from, 150), name + ": stop at " + at + ", from " + from + ", to 150");
            }
        }
    }

    @Test
    void shouldStopWhereAByteLoopStopsFromAnyOffsetAndBeforeAnyEnd()
    {
        assertStopsEverywhere(ByteScan::quoteEnd, QUOTE, (byte) '"', "quoteEnd");
        assertStopsEverywhere(ByteScan::stringRunEnd, STRING_STOP, (byte) '\\', "stringRunEnd");
        assertStopsEverywhere(ByteScan::stringRunEnd, STRING_STOP, (byte) 0x0A, "stringRunEnd");
        assertStopsEverywhere(ByteScan::plainRunEnd, GO_ESCAPES, (byte) '<', "plainRunEnd");
        assertStopsEverywhere(ByteScan::plainRunEnd, GO_ESCAPES, (byte) 0xC3, "plainRunEnd");
    }

    @Test
    void shouldCopyTheBytesThatShareAWordTestWithTheAnglesAndTheBackslash()
    {
        // '^', '|' and '~' pass plainRunEnd's word test for '<', '>' and '\\'; Go writes them as they are
        for (final byte lookalike : new byte[] {'^', '|', '~'})
        {
            for (int at = 0; at < 40; at++)
            {
                final byte[] b = new byte[48];
                Arrays.fill(b, (byte) 'Q');
                b[at] = lookalike;
                assertEquals(b.length, ByteScan.plainRunEnd(b, 0, b.length), (char) lookalike + " at " + at);
                b[b.length - 1] = '<';
                assertEquals(b.length - 1, ByteScan.plainRunEnd(b, 0, b.length), (char) lookalike + " at " + at + ", then '<'");
            }
        }
        final byte[] dense = "^|~^|~^|~^|~^|~^|~\\".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(dense.length - 1, ByteScan.plainRunEnd(dense, 0, dense.length));
    }

    @Test
    void shouldStopAtEveryByteValueExactlyWhereAByteLoopStops()
    {
        // every byte value in every position of two words, after plain bytes and before a second value
        for (int value = 0; value < 256; value++)
        {
            for (int at = 0; at < 16; at++)
            {
                for (final byte after : new byte[] {'Q', 0, '"', (byte) 0x80, '\\'})
                {
                    final byte[] b = new byte[24];
                    Arrays.fill(b, (byte) 'Q');
                    b[at] = (byte) value;
                    b[Math.min(at + 1, b.length - 1)] = after;
                    final String where = "value 0x" + Integer.toHexString(value) + " at " + at + ", then " + after;
                    assertEquals(reference(QUOTE, b, 0, b.length), ByteScan.quoteEnd(b, 0, b.length), "quoteEnd: " + where);
                    assertEquals(reference(STRING_STOP, b, 0, b.length), ByteScan.stringRunEnd(b, 0, b.length), "stringRunEnd: " + where);
                    assertEquals(reference(GO_ESCAPES, b, 0, b.length), ByteScan.plainRunEnd(b, 0, b.length), "plainRunEnd: " + where);
                }
            }
        }
    }

    @Test
    void shouldAgreeWithAByteLoopOnRandomBase64WithSparseStops()
    {
        final byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // every byte some scan stops at, and the look-alikes of plainRunEnd's word test
        final int[] stops = IntStream.range(0, 256).filter(c -> GO_ESCAPES.test(c) || c == '^' || c == '|' || c == '~').toArray();
        final SplittableRandom random = new SplittableRandom(27);
        for (int round = 0; round < 4_000; round++)
        {
            final byte[] b = new byte[random.nextInt(1, 600)];
            // sparse stops in half the rounds, one in ten bytes in the others (several in a word)
            final int oneIn = round % 2 == 0 ? 300 : 10;
            for (int k = 0; k < b.length; k++)
            {
                b[k] = random.nextInt(oneIn) == 0 ? (byte) stops[random.nextInt(stops.length)] : alphabet[random.nextInt(alphabet.length)];
            }
            final int from = random.nextInt(b.length);
            final int to = random.nextInt(from, b.length + 1);
            assertEquals(reference(QUOTE, b, from, to), ByteScan.quoteEnd(b, from, to), "quoteEnd, round " + round);
            assertEquals(reference(STRING_STOP, b, from, to), ByteScan.stringRunEnd(b, from, to), "stringRunEnd, round " + round);
            assertEquals(reference(GO_ESCAPES, b, from, to), ByteScan.plainRunEnd(b, from, to), "plainRunEnd, round " + round);
        }
    }
}
