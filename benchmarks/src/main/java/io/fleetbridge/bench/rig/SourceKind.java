package io.fleetbridge.bench.rig;

import java.util.Locale;

/** How the load source talks to the ingest server ({@code --source}). */
enum SourceKind
{
    /**
     * jnats' {@code publish}: a new transport array, a copy into the client's outgoing queue, and a wake-up of
     * its writer thread whenever that queue was empty; 0.29 to 0.34 of the shared CPU at 18k msgs/s.
     */
    JNATS,
    /**
     * {@link SocketSourceLink}: the protocol written on the sender's thread, no copy and no other thread; 0.19 to
     * 0.23 of the CPU in the same runs (the history of docs/benchmarks.md).
     */
    SOCKET;

    static SourceKind parse(final String text)
    {
        for (final SourceKind kind : values())
        {
            if (kind.option().equals(text.trim()))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("--source is jnats or socket, not " + text);
    }

    /** How the report's header names it. */
    String description()
    {
        return this == SOCKET ? "the protocol written on the sender's thread (--source socket)" : "through jnats (--source jnats)";
    }

    /** As {@code --source} spells it. */
    String option()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
