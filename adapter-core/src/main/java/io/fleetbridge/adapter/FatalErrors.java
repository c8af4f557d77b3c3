package io.fleetbridge.adapter;

/**
 * Passes on an error the JVM may not recover from ({@link VirtualMachineError}: an
 * {@link OutOfMemoryError} above all) that a catch-all caught, ours or the NATS client's, to the
 * current thread's uncaught-exception handler, without ending the thread. Catch-alls keep the
 * publishers and the client's dispatchers running, which is right for a bad message but hides an
 * exhausted heap; the handler is where the daemon learns of it and stops reporting itself ready.
 *
 * <p>Stateless; any thread. Allocates nothing unless it finds such an error.
 */
public final class FatalErrors
{
    private FatalErrors()
    {
    }

    /** True when {@code failure} or one of its causes is a {@link VirtualMachineError}, which is then reported. */
    public static boolean report(final Throwable failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof VirtualMachineError)
            {
                final Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
                return true;
            }
        }
        return false;
    }
}
