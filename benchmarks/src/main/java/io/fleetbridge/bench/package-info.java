/**
 * JMH benchmarks of the hot path; each class says in its header how to run it. Inputs are built
 * by the benchmark code itself ({@link io.fleetbridge.bench.RegistrationMessages}).
 */
package io.fleetbridge.bench;
