package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;

/**
 * The one call that hands a publish to the NATS client: {@code Connection.publish} with a reply
 * subject and headers. A seam of its own so that tests can make the client fail (throw, or lose
 * a message as a broken connection does) against a real server.
 *
 * <p>Called on the publisher thread; whatever it throws is a client-side failure of that
 * attempt (see {@link JetStreamPublisher}).
 */
@FunctionalInterface
interface PublishCall
{
    void publish(String subject, String replyTo, Headers headers, byte[] body);
}
