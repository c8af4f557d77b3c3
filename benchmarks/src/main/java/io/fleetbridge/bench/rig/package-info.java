/**
 * The throughput comparison rig (not JMH): {@link io.fleetbridge.bench.rig.ThroughputRig} runs each
 * {@link io.fleetbridge.bench.rig.Variant} on one nats-server with the same payloads, in one run,
 * and reports what landed in the stream.
 *
 * <pre>
 *  LoadSource ──core NATS, ingest subject, at most `window` un-completed──► variant ──► JetStream stream
 *  (Choria v1 transports,                                                   (b) bridge      │
 *   unique request ids)                                                     adapter (ours)  │ last sequence
 *                                                                           go-core/go-sync ▼ before/after
 *  (a) PublishAsyncCeiling ──publishAsync of pre-encoded envelopes───────────────────────► RigStream
 * </pre>
 *
 * Both sources write through a {@link io.fleetbridge.bench.rig.SourceLink}: by default the protocol on
 * the sender's own thread, so that the stand-in for a remote fleet takes as little as it can of the CPU
 * it shares with the variant ({@code --source jnats} for the client instead).
 *
 * Latency ({@link io.fleetbridge.bench.rig.LatencySweep}): (b) as above (the median of three windows),
 * then the adapter fed open loop at fractions of (b)'s rate, never waiting for acks:
 *
 * <pre>
 *  PacedSource ──core NATS, message i at start + i/rate, no window──► adapter ──► stream
 *  (lag = sent - intended, per message)                               (ingest→ack histogram)
 * </pre>
 *
 * CPU: the JVM's process CPU, the load source's threads within it, and nats-server's from /proc.
 */
package io.fleetbridge.bench.rig;
