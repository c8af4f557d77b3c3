package io.fleetbridge.adapter;

/** Choria inputs for the tests of other modules; see {@link ChoriaMessage} for the full builder. */
public final class TestMessages
{
    /** 2018-03-03T14:49:17Z */
    public static final long TIME_SECONDS = ChoriaMessage.TIME_SECONDS;

    private TestMessages()
    {
    }

    /** A v1 registration request, as a Choria server publishes it. */
    public static byte[] v1Request(final String sender, final String requestId, final byte[] payload)
    {
        return ChoriaMessage.v1Request(sender, requestId, TIME_SECONDS, payload).bytes();
    }

    /** A v2 request; {@code timeNanos} is Unix time in nanoseconds. */
    public static byte[] v2Request(final String sender, final String requestId, final long timeNanos, final byte[] payload)
    {
        return ChoriaMessage.v2Request(sender, requestId, timeNanos, payload).bytes();
    }
}
