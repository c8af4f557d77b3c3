/**
 * The fleet view: every node's last registration, read back from an adapter's output stream, and
 * age advisories when a node goes silent.
 *
 * <pre>
 *  output stream (subjects stream.topic, %s = sender)
 *        |  ordered consumer, headers only: DeliverPolicy.LastPerSubject (the rebuild), then live
 *        v
 *  FleetReader (thread fleet-&lt;adapter&gt;): AckSubject reads the stored time and pending count
 *        |  from the reply subject, Nats-Msg-Size the body size
 *        v
 *  FleetTracker over NodeTable (primitive arrays + one id arena): new / timeout / recover / expire
 *        |  FleetState (fleet.state_file): the table written every minute and at a stop, loaded before
 *        |  the rebuild so that a restart advises what happened while the daemon was down
 *        |  every scan interval: a FleetSnapshot for metrics, /fleet and the fleet command
 *        v
 *  AdvisoryPublisher (thread fleet-advisories-&lt;adapter&gt;): io.choria.sr.v2.age_advisory to
 *        the advisory subject, Nats-Msg-Id = AgeAdvisory.eventId() (node, event, causing sighting),
 *        acknowledged, retried; twin trackers and restarts are de-duplicated by the stream
 * </pre>
 */
package io.fleetbridge.fleet;
