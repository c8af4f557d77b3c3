package io.fleetbridge.daemon;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Durations written as Go writes them, the way Choria configuration files do: a sequence of
 * decimal numbers each with a unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}), such as {@code 500ms}, {@code 2s}, {@code 1m30s} or {@code 1.5h}.
 * A plain whole number means seconds. As go-choria's {@code util.ParseDuration}, one number may also
 * end in {@code d} or {@code D} (days), {@code w} or {@code W} (weeks), {@code M} (30-day months) or {@code y}
 * or {@code Y} (365-day years), counted in whole hours as Choria counts them ({@code 1.5d} is 36h).
 * Read to whole milliseconds, rounded half up.
 *
 * <p>Stateless.
 */
final class GoDuration
{
    private static final BigDecimal MAX_MS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000L);
    /** A decimal number as Go's {@code strconv.ParseFloat} reads one (a sign, {@code .5}, {@code 1.}, an exponent); no infinities or hex. */
    private static final String GO_DECIMAL_FLOAT = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";

    private GoDuration()
    {
    }

    /** @throws IllegalArgumentException when {@code text} is not a duration */
    static long parseMs(final String text)
    {
        if (text.matches("[0-9]{1,12}"))
        {
            return Long.parseLong(text) * 1000L;
        }
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("");
        }
        final long hoursPerUnit = choriaHours(text.charAt(text.length() - 1));
        final String value = text.substring(0, text.length() - 1);
        if (hoursPerUnit > 0 && value.matches(GO_DECIMAL_FLOAT))
        {
            // util.ParseDuration: strconv.ParseFloat(s, 32), then time.Duration(value * hours) * time.Hour: the value is
            // rounded to a float32, multiplied as a float64 and truncated to whole hours; Java's casts do the same
            final double hours = (double)Float.parseFloat(value) * hoursPerUnit;
            if (!(hours < MAX_MS.longValue() / 3_600_000L))
            {
                throw new IllegalArgumentException("");
            }
            return (long)hours * 3_600_000L;
        }
        BigDecimal totalMs = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length())
        {
            final int numberStart = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.'))
            {
                at++;
            }
            final int unitStart = at;
            while (at < text.length() && !Character.isDigit(text.charAt(at)) && text.charAt(at) != '.')
            {
                at++;
            }
            final String number = text.substring(numberStart, unitStart);
            final BigDecimal msPerUnit = msPerUnit(text.substring(unitStart, at));
            if (number.isEmpty() || number.equals(".") || msPerUnit == null || number.indexOf('.') != number.lastIndexOf('.'))
            {
                throw new IllegalArgumentException("");
            }
            totalMs = totalMs.add(new BigDecimal(number).multiply(msPerUnit));
            if (totalMs.compareTo(MAX_MS) > 0)
            {
                throw new IllegalArgumentException("");
            }
        }
        return totalMs.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Hours in one of go-choria's long units ({@code util.ParseDuration}); 0 for any other character. */
    private static long choriaHours(final char unit)
    {
        switch (unit)
        {
            case 'd': case 'D': return 24;
            case 'w': case 'W': return 7 * 24;
            case 'M': return 30 * 24;
            case 'y': case 'Y': return 365 * 24;
            default: return 0;
        }
    }

    /** The shortest form {@link #parseMs} reads back to {@code ms}: {@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}. */
    static String format(final long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }
        if (ms < 1000)
        {
            return ms + "ms";
        }
        final StringBuilder out = new StringBuilder();
        final long hours = ms / 3_600_000L;
        final long minutes = ms / 60_000L % 60;
        final long millis = ms % 60_000L;
        if (hours > 0)
        {
            out.append(hours).append('h');
        }
        if (minutes > 0)
        {
            out.append(minutes).append('m');
        }
        if (millis > 0)
        {
            out.append(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()).append('s');
        }
        return out.toString();
    }

    private static BigDecimal msPerUnit(final String unit)
    {
        switch (unit)
        {
            case "ns": return new BigDecimal("0.000001");
            case "us":
            case "µs":
            case "μs": return new BigDecimal("0.001");
            case "ms": return BigDecimal.ONE;
            case "s": return BigDecimal.valueOf(1_000);
            case "m": return BigDecimal.valueOf(60_000);
            case "h": return BigDecimal.valueOf(3_600_000);
            default: return null;
        }
    }
}
