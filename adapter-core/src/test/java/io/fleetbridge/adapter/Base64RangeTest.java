package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64RangeTest
{
    private final ScratchBuffer out = new ScratchBuffer(16);

    private int decode(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return Base64Range.decode(b, 0, b.length, out);
    }

    @Test
    void shouldDecodeWhatTheJdkEncodesForEveryLengthAndOffset()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int length = 0; length < 300; length++)
        {
            final byte[] data = new byte[length];
            random.nextBytes(data);
            final byte[] encoded = Base64.getEncoder().encode(data);
            final byte[] framed = new byte[encoded.length + 10];
            System.arraycopy(encoded, 0, framed, 5, encoded.length);
            assertEquals(length, Base64Range.decode(framed, 5, 5 + encoded.length, out), "seed " + seed);
            assertArrayEquals(data, Arrays.copyOf(out.bytes(), out.length()), "seed " + seed);
        }
    }

    @Test
    void shouldIgnoreLineBreaksAndTolerateUnusedBitsAsGoDoes()
    {
        assertEquals(3, decode("Y\r\nWJj\n"));
        assertEquals(1, decode("YQ=\n="));
        assertEquals(1, decode("YR=="));
        assertEquals(0, decode(""));
        assertEquals(0, decode("\r\n"));
    }

    @Test
    void shouldRejectWhatGoRejects()
    {
        for (final String bad : new String[] {"Y", "YQ", "YQ=", "YWJ", "Y===", "====", "YQ==x", "YQ==YQ==", "YW-j", "YW_j", "YWJj ", "\u00ffWJj"})
        {
            assertEquals(-1, decode(bad), bad);
        }
    }
}
