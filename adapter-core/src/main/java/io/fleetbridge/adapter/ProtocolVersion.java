package io.fleetbridge.adapter;

/** The Choria protocol generation a message arrived in; both are accepted on one ingest subject. */
public enum ProtocolVersion
{
    /** X.509 era: {@code choria:transport:1}, times in seconds, payload kept as base64 text. */
    V1,
    /** ed25519/JWT era: {@code io.choria.protocol.v2.transport}, times in nanoseconds, payload decoded. */
    V2
}
