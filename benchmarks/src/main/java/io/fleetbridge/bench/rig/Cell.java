package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

/**
 * Where and with what one variant runs: the server, the fresh stream and its subjects, the
 * message size and the number of publisher connections. Immutable.
 *
 * @param url the nats-server
 * @param stream the stream's name; it captures {@code subjectPrefix + ".>"}
 * @param subjectPrefix the first token of every subject the stream captures
 * @param ingestSubject where the load source publishes transports (core NATS, not captured)
 * @param storage file or memory
 * @param messages the transports and envelopes of this cell's size
 * @param connections publisher connections (and, for the bridge and the adapter, ingest connections)
 * @param acksInFlight JetStream acks a variant may wait for at once, over all its connections
 * @param window un-completed messages the load source allows (its flow control)
 */
record Cell(
    String url,
    String stream,
    String subjectPrefix,
    String ingestSubject,
    StorageType storage,
    RegistrationTransports messages,
    int connections,
    int acksInFlight,
    int window)
{
    /** The adapter's {@code stream.topic}: one subject per sender. */
    String streamTopic()
    {
        return subjectPrefix + ".%s";
    }
}
