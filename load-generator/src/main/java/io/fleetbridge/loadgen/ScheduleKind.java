package io.fleetbridge.loadgen;

import java.util.Locale;

/** The shape of the sending plan, named as on the command line; all are open loop. */
public enum ScheduleKind
{
    /** Each node every interval, at its own offset within it (Choria's registration splay). */
    STEADY,
    /** A fixed total rate. */
    RATE,
    /** Every node once within a window: the herd that follows a broker restart. */
    BURST,
    /** As fast as the client can publish. */
    MAX;

    public static ScheduleKind parse(final String text)
    {
        try
        {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("schedule must be steady, rate, burst or max, not '" + text + "'", e);
        }
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
