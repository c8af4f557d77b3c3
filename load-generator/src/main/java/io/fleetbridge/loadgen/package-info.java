/**
 * The fleet load generator and verifier.
 *
 * <pre>
 *  Schedule (steady | rate | burst | max)      seq -&gt; (node, intended time), pure functions
 *        |
 *  FleetPublisher x --connections              waits for the intended time, never for the system
 *        |   FleetChurn: a stopped node's message is skipped (never sent, so never missing)
 *        |   FleetMessages: payload -&gt; request -&gt; secure -&gt; transport bytes, from (seq, node, time)
 *        |   Ledger.sent(seq, intended time)    8 bytes per message
 *        v
 *  core NATS publish on the ingest subject  ==&gt;  adapter under test  ==&gt;  JetStream stream
 *                                                                             |
 *  StreamWatcher: ordered consumer, created before the first send  &lt;----------+
 *        |
 *  EnvelopeVerifier: request id -&gt; seq; rebuild the exact envelope and subject; compare bytes (every copy)
 *        |   Ledger.land(seq)                   1 bit per message: first, duplicate or never sent
 *        |   latency = read-back time - intended time  (HdrHistogram Recorder)
 *        v
 *  Timeline (once a second) -&gt; progress line, LoadReport, LatencyPlot, .hgrm
 * </pre>
 *
 * <p>Nothing is kept per node: identities, payload sizes, payloads, splay offsets and the node
 * order all derive from the node index and the seed, which is what lets a million nodes run in
 * a small heap (churn adds one bit per node: whether it is one of those that stop). {@link io.fleetbridge.loadgen.LoadRun#run} is the entry for code and tests;
 * {@link io.fleetbridge.loadgen.Main} the command line.
 */
package io.fleetbridge.loadgen;
