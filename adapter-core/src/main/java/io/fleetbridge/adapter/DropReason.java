package io.fleetbridge.adapter;

/**
 * Why an input never reached the stream. Every received message ends either published or
 * dropped with exactly one of these reasons, which is what keeps the accounting invariant
 * {@code received = published + dropped} checkable from the metrics alone.
 */
public enum DropReason
{
    /** Not a Choria document the adapter accepts (not JSON, wrong protocol, bad sender, ...). */
    INVALID("invalid"),
    /** Input above the configured size limit, or an envelope above the stream server's max payload. */
    TOO_LARGE("too_large"),
    /** The ring was full when the message arrived: the publishers were behind or JetStream was away. */
    QUEUE_FULL("queue_full"),
    /** Discarded by the NATS client before we saw them because the ingest callback fell behind. */
    SLOW_CONSUMER("slow_consumer"),
    /** Not acknowledged by JetStream within the retry bound. */
    PUBLISH_FAILED("publish_failed"),
    /** Still in the ring when the drain bound ran out at shutdown. */
    SHUTDOWN("shutdown");

    private final String label;

    DropReason(final String label)
    {
        this.label = label;
    }

    /** The value of the {@code reason} label in the metrics. */
    public String label()
    {
        return label;
    }
}
