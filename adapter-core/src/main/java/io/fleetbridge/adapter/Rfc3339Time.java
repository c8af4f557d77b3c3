package io.fleetbridge.adapter;

/**
 * Writes a Unix time as Go's {@code time.Time} marshals to JSON in UTC (RFC 3339 with up to nine
 * fraction digits, trailing zeros dropped, no fraction at all when zero):
 * {@code 2018-03-03T14:49:17Z}, {@code 2018-03-03T14:49:17.1234Z}.
 *
 * <p>Stateless and allocation free: the civil date comes from Howard Hinnant's days-to-civil
 * algorithm rather than java.time. Only years 0000..9999 can be written, which the decoder
 * guarantees ({@link DecodeResult#BAD_TIME}).
 */
final class Rfc3339Time
{
    private static final int SECONDS_PER_DAY = 86_400;

    private Rfc3339Time()
    {
    }

    /** Bytes {@link #write} produces for this time. */
    static int length(final int nanos)
    {
        return nanos == 0 ? 20 : 21 + fractionDigits(nanos);
    }

    private static int fractionDigits(final int nanos)
    {
        int digits = 9;
        int rest = nanos;
        while (rest % 10 == 0)
        {
            rest /= 10;
            digits--;
        }
        return digits;
    }

    /** Writes the time at {@code at}; returns the index after it. */
    static int write(final long seconds, final int nanos, final byte[] d, final int at)
    {
        final long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        final int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);

        // days since 1970-01-01 to year/month/day in the proleptic Gregorian calendar,
        // counting eras of 400 years from 0000-03-01 so that the leap day ends each year
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long monthIndex = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        final int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        final int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

        int w = at;
        w = digits(d, w, year / 100, 2);
        w = digits(d, w, year % 100, 2);
        d[w++] = '-';
        w = digits(d, w, month, 2);
        d[w++] = '-';
        w = digits(d, w, day, 2);
        d[w++] = 'T';
        w = digits(d, w, secondOfDay / 3600, 2);
        d[w++] = ':';
        w = digits(d, w, secondOfDay / 60 % 60, 2);
        d[w++] = ':';
        w = digits(d, w, secondOfDay % 60, 2);
        if (nanos != 0)
        {
            final int count = fractionDigits(nanos);
            int fraction = nanos;
            for (int k = count; k < 9; k++)
            {
                fraction /= 10;
            }
            d[w++] = '.';
            w = digits(d, w, fraction, count);
        }
        d[w++] = 'Z';
        return w;
    }

    private static int digits(final byte[] d, final int at, final int value, final int count)
    {
        int v = value;
        for (int k = count - 1; k >= 0; k--)
        {
            d[at + k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + count;
    }
}
