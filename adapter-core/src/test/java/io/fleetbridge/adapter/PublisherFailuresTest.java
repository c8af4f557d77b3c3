package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublisherFailuresTest
{
    @Test
    void shouldCountAndLogAnEventFailureWithoutRethrowingSoThePublisherThreadGoesOn()
    {
        final CapturingLogger logger = new CapturingLogger();
        final AdapterMetrics metrics = new AdapterMetrics("test");
        final PublisherFailures failures = new PublisherFailures(metrics, new ErrorLog(logger));

        failures.handleEventException(new IllegalStateException("boom"), 7, new RegistrationEvent());
        failures.handleEventException(new IllegalStateException("boom"), 8, new RegistrationEvent());

        assertEquals(2, metrics.outputErrors.sum());
        assertEquals(1, logger.lines.size(), "repeats are rate-limited: " + logger.lines);
        assertTrue(logger.lines.get(0).contains("publisher goes on") && logger.lines.get(0).contains("boom"), logger.lines.toString());
    }
    @Test
    void shouldPassAnOutOfMemoryErrorToTheThreadsHandlerAndGoOn() throws Exception
    {
        final PublisherFailures failures = new PublisherFailures(new AdapterMetrics("test"), new ErrorLog(new CapturingLogger()));
        final java.util.List<Throwable> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread publisher = new Thread(() -> {
            failures.handleEventException(new IllegalStateException("bad message"), 1, new RegistrationEvent());
            failures.handleEventException(new OutOfMemoryError("Java heap space"), 2, new RegistrationEvent());
            handled.add(new AssertionError("still running"));
        });
        publisher.setUncaughtExceptionHandler((thread, ex) -> handled.add(ex));
        publisher.start();
        publisher.join();
        assertEquals(2, handled.size(), handled.toString());
        assertTrue(handled.get(0) instanceof OutOfMemoryError, "only the OutOfMemoryError reaches the handler: " + handled);
        assertEquals("still running", handled.get(1).getMessage(), "and the thread goes on");
    }
}
