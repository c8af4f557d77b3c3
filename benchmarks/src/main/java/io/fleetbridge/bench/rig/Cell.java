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
 * @param window un-completed messages the load source allows (its flow control), over all lanes
 * @param lanes independent paths through the cell, each its own ingest subject, stream and subjects ({@link #lane}):
 *              2 for two adapters in one daemon, 1 otherwise; the load source splits its senders over them
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
    int window,
    int lanes)
{
    /**
     * Lane {@code lane} as a cell of one lane: lane 0 has this cell's names, so that a one-lane cell is its own lane 0; lane
     * i has them suffixed with its number (stream {@code RIG7_2} capturing {@code rig7_2.>}, ingest subject
     * {@code ingest7.registration.2}), so that no lane's stream captures another's subjects.
     */
    Cell lane(final int lane)
    {
        if (lane < 0 || lane >= lanes)
        {
            throw new IllegalArgumentException("lane " + lane + " of a cell of " + lanes);
        }
        final String suffix = lane == 0 ? "" : "_" + (lane + 1);
        return new Cell(url, stream + suffix, subjectPrefix + suffix, lane == 0 ? ingestSubject : ingestSubject + "." + (lane + 1),
            storage, messages, connections, acksInFlight, window, 1);
    }

    /** The adapter's {@code stream.topic}: one subject per sender. */
    String streamTopic()
    {
        return subjectPrefix + ".%s";
    }
}
