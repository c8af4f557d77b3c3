package io.fleetbridge.daemon;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Durations written as Go writes them, the way Choria configuration files do: a sequence of
 * decimal numbers each with a unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}), such as {@code 500ms}, {@code 2s}, {@code 1m30s} or {@code 1.5h}.
 * A plain whole number means seconds. Read to whole milliseconds, rounded half up.
 *
 * <p>Stateless.
 */
final class GoDuration
{
    private static final BigDecimal MAX_MS = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000L);

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
