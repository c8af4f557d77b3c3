package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The sign test's interval for a median: which order statistics, at what confidence, and the verdict it gives. */
class MedianIntervalTest
{
    private static final double EXACT = 1e-12;

    @Test
    void shouldNeedFiveValuesForNinetyPercent()
    {
        // with four, even the smallest to the largest misses the median with chance 2/16 = 12.5%
        assertNull(MedianInterval.of(new double[] {1, 2, 3, 4}));
        final MedianInterval five = MedianInterval.of(new double[] {5, 1, 4, 2, 3});
        assertEquals(1, five.low());
        assertEquals(5, five.high());
        assertEquals(1 - 2.0 / 32, five.confidence(), EXACT);
    }

    @Test
    void shouldTakeTheKthSmallestAndLargestForTheLargestKThatKeepsNinetyPercent()
    {
        final double[] ten = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
        final MedianInterval interval = MedianInterval.of(ten);

        // P(B <= 1) = 11/1024 keeps 97.9%; P(B <= 2) = 56/1024 would leave 89.1%, under 90%
        assertEquals(2, interval.low());
        assertEquals(9, interval.high());
        assertEquals(1 - 2 * 11.0 / 1024, interval.confidence(), EXACT);

        final double[] twelve = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        final MedianInterval wider = MedianInterval.of(twelve);
        // P(B <= 2) = 79/4096 keeps 96.1%; P(B <= 3) = 299/4096 would leave 85.4%
        assertEquals(3, wider.low());
        assertEquals(10, wider.high());
        assertEquals(1 - 2 * 79.0 / 4096, wider.confidence(), EXACT);
    }

    @Test
    void shouldNotUnderflowOnManyRounds()
    {
        final double[] many = new double[2000];
        for (int i = 0; i < many.length; i++)
        {
            many[i] = i;
        }
        final MedianInterval interval = MedianInterval.of(many);

        // about the median plus or minus 1.645 standard deviations of the count, sqrt(2000) / 2 = 22.4: 963 to 1036
        assertEquals(963, interval.low(), 2);
        assertEquals(1036, interval.high(), 2);
    }

    @Test
    void shouldCallAVerdictOnlyWhenAllOfTheIntervalAgrees()
    {
        final double[] within = {-1, 0.5, 0.2, 0.9, 1.0};
        final double[] beyond = {1.5, 2, 1.01, 7, 3};
        final double[] across = {0.2, 2, 3, 7, 3};

        assertEquals(MedianInterval.Verdict.MET, MedianInterval.of(within).against(1.0));
        assertEquals(MedianInterval.Verdict.MISSED, MedianInterval.of(beyond).against(1.0));
        assertEquals(MedianInterval.Verdict.UNDECIDED, MedianInterval.of(across).against(1.0));
    }
}
