package io.fleetbridge.loadgen;

/** Which Choria message the simulated fleet sends, named as on the command line. */
public enum WireProtocol
{
    /** Protocol v1 registration requests, what a classic fleet sends (the default). */
    V1_REQUEST("v1-request"),
    /** Protocol v1 replies, for an adapter with {@code ingest.protocol = reply}. */
    V1_REPLY("v1-reply"),
    /** Protocol v2 (ed25519/JWT era) requests. */
    V2_REQUEST("v2-request");

    private final String label;

    WireProtocol(final String label)
    {
        this.label = label;
    }

    /** Parses the command-line name ({@code v1-request}, ...); also accepts the constant name. */
    public static WireProtocol parse(final String text)
    {
        for (final WireProtocol p : values())
        {
            if (p.label.equalsIgnoreCase(text.trim()) || p.name().equalsIgnoreCase(text.trim()))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol must be v1-request, v1-reply or v2-request, not '" + text + "'");
    }

    @Override
    public String toString()
    {
        return label;
    }
}
