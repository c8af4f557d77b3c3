package io.fleetbridge.fleet;

/**
 * The kinds of age advisory, named as the Choria Stream Replicator names them on the wire
 * ({@code event} of {@code io.choria.sr.v2.age_advisory}).
 */
public enum AdvisoryEvent
{
    /** A node seen for the first time, or again after it expired. */
    NEW("new"),
    /** A node not seen for longer than the warn duration. */
    TIMEOUT("timeout"),
    /** A node seen again after a timeout, before it expired. */
    RECOVER("recover"),
    /** A node not seen for longer than the inspect duration: forgotten, and new should it return. */
    EXPIRE("expire");

    private final String wireName;

    AdvisoryEvent(final String wireName)
    {
        this.wireName = wireName;
    }

    /** The value of the advisory's {@code event} field and of {@code %s} in the subject. */
    public String wireName()
    {
        return wireName;
    }
}
