package io.fleetbridge.bench.rig;

import java.util.Arrays;
import java.util.Locale;

/**
 * A distribution-free confidence interval for the median of a few paired differences: the k-th
 * smallest and k-th largest of n values, with k the largest for which the chance that the true
 * median lies outside, 2 × P(Binomial(n, ½) ≤ k − 1), is at most {@link #MISS_CHANCE} (the sign
 * test's interval). It assumes only that the rounds are independent, not that the p99s are
 * normal, which on a shared machine they are not: one round's p99 moves several times over.
 *
 * <p>It is what lets the latency target be judged on a handful of rounds without pretending: met
 * when the whole interval is within the target, missed when the whole interval is beyond it, and
 * otherwise not decided by that many rounds. {@code confidence} is the chance that the interval
 * holds the median, at least 1 - {@link #MISS_CHANCE}. Immutable; {@link #of} allocates a sorted copy.
 */
record MedianInterval(double low, double high, double confidence)
{
    /** At most this chance that the median lies outside the interval: at least 90% confidence. */
    static final double MISS_CHANCE = 0.10;

    /** The verdict on a target "at most {@code limit}". */
    enum Verdict
    {
        MET("met"),
        MISSED("missed"),
        UNDECIDED("not decided");

        private final String label;

        Verdict(final String label)
        {
            this.label = label;
        }

        String label()
        {
            return label;
        }
    }

    /** The interval for the median of {@code values}, or null when there are too few (under 5) for 90% confidence. */
    static MedianInterval of(final double[] values)
    {
        final int n = values.length;
        int k = 0;
        double outside = 0;
        // the binomial's lower tail, in logs so that many rounds do not underflow
        double logMass = -n * Math.log(2);
        double tail = 0;
        for (int j = 0; j < n; j++)
        {
            tail += Math.exp(logMass);
            if (2 * tail > MISS_CHANCE)
            {
                break;
            }
            k = j + 1;
            outside = 2 * tail;
            logMass += Math.log((double)(n - j) / (j + 1));
        }
        if (k == 0)
        {
            return null;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new MedianInterval(sorted[k - 1], sorted[n - k], 1 - outside);
    }

    /** Met when all of the interval is at most {@code limit}, missed when all of it is above, else not decided. */
    Verdict against(final double limit)
    {
        if (high <= limit)
        {
            return Verdict.MET;
        }
        return low > limit ? Verdict.MISSED : Verdict.UNDECIDED;
    }

    /** "[-1.20, +3.40] at 97.9%", the bounds in the values' unit. */
    String describe()
    {
        return String.format(Locale.ROOT, "[%+.2f, %+.2f] at %.1f%%", low, high, confidence * 100);
    }
}
