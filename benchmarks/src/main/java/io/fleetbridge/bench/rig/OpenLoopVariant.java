package io.fleetbridge.bench.rig;

import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.LatencyRecorder;

import java.util.Map;

/**
 * A {@link Variant} that the latency sweep can feed open loop: it times each message from its
 * receipt on the ingest subject to its JetStream acknowledgement, and from its publish to that
 * acknowledgement, and says what it dropped and why. Both are read by the rig's driving thread while the variant runs.
 */
interface OpenLoopVariant extends Variant
{
    /** Receipt on the ingest subject to JetStream ack, every acknowledged message so far. */
    LatencyRecorder ingestToAck();

    /**
     * The part of {@link #ingestToAck} from the (last) publish to its ack: the client's write, the
     * server's work and the ack's way back. A bridge publishes in its ingest callback, so for it
     * the two are the same.
     */
    default LatencyRecorder sendToAck()
    {
        return ingestToAck();
    }

    /** Drops so far by reason, only reasons with a count above zero. */
    Map<DropReason, Long> dropsByReason();
}
