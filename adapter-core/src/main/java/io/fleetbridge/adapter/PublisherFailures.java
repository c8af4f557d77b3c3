package io.fleetbridge.adapter;

import com.lmax.disruptor.ExceptionHandler;

/**
 * What a publisher thread does with an exception nothing else caught: logs it (rate-limited,
 * with the stack trace once) and counts it under {@code output_errors}, then goes on with the
 * next message.
 *
 * <p>The Disruptor's default handler rethrows, which ends the thread; the ring would then stop
 * moving for good and every later input would be dropped as {@code queue_full}. Going on is
 * the lesser harm. The message itself is already accounted for by its publisher
 * ({@link JetStreamPublisher}): dropped as {@code publish_failed} if the failure came before it
 * had its window position, else still in the window, retried or, after
 * {@code stream.retry_for}, dropped and counted like any other. This counter is the failure,
 * not the message. An {@link OutOfMemoryError} is also passed to the thread's uncaught-exception
 * handler ({@link FatalErrors}), so that the daemon stops reporting itself ready.
 *
 * <p>Runs on the publisher threads; allocates only when it logs.
 */
final class PublisherFailures implements ExceptionHandler<RegistrationEvent>
{
    private final AdapterMetrics metrics;
    private final ErrorLog errors;

    PublisherFailures(final AdapterMetrics metrics, final ErrorLog errors)
    {
        this.metrics = metrics;
        this.errors = errors;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final RegistrationEvent event)
    {
        FatalErrors.report(ex);
        metrics.outputErrors.increment();
        errors.record("publisher-exception", "unexpected failure while publishing a message; the publisher goes on: " + ex, ex);
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        errors.record("publisher-start", "publisher failed to start: " + ex, ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        errors.record("publisher-shutdown", "publisher failed while stopping: " + ex, ex);
    }
}
