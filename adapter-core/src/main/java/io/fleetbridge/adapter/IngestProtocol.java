package io.fleetbridge.adapter;

import java.util.Locale;

/** What an adapter reads from its ingest subject: Choria requests (registration) or replies. */
public enum IngestProtocol
{
    REQUEST, REPLY;

    /** Parses the {@code ingest.protocol} configuration value; null when it is neither. */
    public static IngestProtocol parse(final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "request": return REQUEST;
            case "reply": return REPLY;
            default: return null;
        }
    }
}
