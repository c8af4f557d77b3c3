/**
 * Real {@code nats-server} processes for integration tests: {@link io.fleetbridge.testsupport.NatsServer}
 * (one JetStream server), {@link io.fleetbridge.testsupport.NatsCluster} (three nodes) and the JUnit 5
 * extensions that run them per class or per test.
 *
 * <p>Every server listens on free loopback ports, keeps its config, log and store in its own
 * temporary directory, and is started and stopped by the tests themselves; nothing is mocked.
 * The binary comes from the {@code NATS_SERVER} environment variable or {@code PATH}.
 */
package io.fleetbridge.testsupport;
