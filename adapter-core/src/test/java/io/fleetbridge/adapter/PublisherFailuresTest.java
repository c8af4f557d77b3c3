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
}
