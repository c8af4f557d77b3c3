/**
 * The data path of one adapter, from a NATS subject to a JetStream stream.
 *
 * <pre>
 *  ingest subject --queue group nats_ingest_&lt;name&gt;--&gt; IngestWorker (one per ingest connection,
 *        |                                           on the client's dispatcher thread)
 *        |  TransportDecoder: transport -&gt; secure -&gt; request/reply, into the worker's one DecodedMessage
 *        |  with ingest.verify, RequestVerifier: signer's chain (TrustedSigners), names, ttl, signature
 *        |  rejected: counted by DecodeResult, dropped as invalid / too_large
 *        |  EnvelopeEncoder: the exact-size body, written while the decoded bytes are in cache;
 *        |  EnvelopeParts: where the body holds the sender and request id
 *        |  QueueBudget.claim(), then RingBuffer.tryNext(): queue_bytes held or a full ring = queue_full
 *        |  drop, never a blocked dispatcher
 *        v
 *  RingBuffer&lt;RegistrationEvent&gt; (pre-allocated, queue_len slots; the body put in, no copy)
 *        |
 *        v  every publisher sees every slot and handles those of its shard (hash(sender) mod workers)
 *  JetStreamPublisher (one thread and one connection each)
 *        |  sender and request id read back from the body; SubjectTemplate: stream.topic with %s = sender;
 *        |  the request id kept for re-sends
 *        |  publish with Nats-Msg-Id and reply subject &lt;inbox&gt;.&lt;position&gt;.&lt;attempt&gt;
 *        |  (AttemptLabels: both reused per window position once the server answered)
 *        |  (the one call into jnats is a PublishCall, the tests' seam for client failures)
 *        |  AckWindow: at most stream.max_inflight unacknowledged; retries, OutageBackoff
 *        |  SenderOrder: one unacknowledged publish per sender; the next waits until it is settled,
 *        |  so a retry never lands after a newer message of its sender
 *        v
 *  JetStream --PubAck / 503--&gt; AckInbox (one synchronous subscription, polled by the publisher thread;
 *        PubAckReader reads each reply as JSON)
 *        publisher's released() sequence gates the ring: a slot is reused only once settled,
 *        and settling it (RegistrationEvent.release) gives its bytes back to the QueueBudget
 * </pre>
 *
 * <p>Accounting: every received message ends in {@link io.fleetbridge.adapter.AdapterMetrics#published}
 * or in exactly one {@link io.fleetbridge.adapter.DropReason}: a failure before a message has its
 * window position drops it as {@code publish_failed}; in the window, a failed publish call is a
 * failed attempt; messages leave the window in one place ({@code JetStreamPublisher.finish}); and
 * a close, interrupted or not, counts what it leaves as {@code shutdown}.
 */
package io.fleetbridge.adapter;
