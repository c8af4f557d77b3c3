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
 * The operator page ({@code --page}, {@code --quick}; {@link io.fleetbridge.bench.rig.OperatorPage}): the
 * {@link io.fleetbridge.bench.rig.Headline} of (b), the same-work bridge {@code b-envelopes}, the adapter and
 * go-core closed loop, then open loop at fractions of the same-work bridge's rate, and the plot
 * ({@link io.fleetbridge.bench.rig.LoadPlot}) of stored msgs/s and p99 against offered load.
 *
 * CPU: the JVM's process CPU, the load source's threads within it, and nats-server's from /proc; memory
 * ({@link io.fleetbridge.bench.rig.Footprint}): live heap after a full collection and the resident set.
 */
package io.fleetbridge.bench.rig;
