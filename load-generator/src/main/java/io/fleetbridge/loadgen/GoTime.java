package io.fleetbridge.loadgen;

/**
 * Writes a UTC instant the way Go prints a {@code time.Time} in JSON (RFC 3339 with up to nine
 * fraction digits, trailing zeros dropped, none at all when zero), which is what the adapter's
 * envelope carries in {@code time}.
 *
 * <p>Stateless; writes straight into a {@link ByteSink} without allocating.
 */
final class GoTime
{
    private GoTime()
    {
    }

    static void append(final ByteSink sink, final long epochSeconds, final int nanos)
    {
        final long days = Math.floorDiv(epochSeconds, 86_400L);
        final long secs = Math.floorMod(epochSeconds, 86_400L);
        // civil-from-days (proleptic Gregorian), the algorithm java.time uses too
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        sink.zeroPadded(year, 4).append((byte)'-').zeroPadded(month, 2).append((byte)'-').zeroPadded(day, 2)
            .append((byte)'T').zeroPadded(secs / 3600, 2).append((byte)':').zeroPadded(secs / 60 % 60, 2)
            .append((byte)':').zeroPadded(secs % 60, 2);
        if (nanos != 0)
        {
            int n = nanos;
            int width = 9;
            while (n % 10 == 0)
            {
                n /= 10;
                width--;
            }
            sink.append((byte)'.').zeroPadded(n, width);
        }
        sink.append((byte)'Z');
    }
}
