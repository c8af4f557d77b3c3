package io.fleetbridge.adapter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Rate-limited logging of distinct errors, after Agrona's {@code DistinctErrorLog}: the hot path
 * reports a problem every time it happens, the log shows it once and then a count.
 *
 * <p>The first occurrence of a key is logged at WARN at once. Further occurrences within the
 * interval are only counted; the first occurrence after the interval has passed logs one summary
 * line ("... repeated N times in the last 12s") and starts a new interval. A key that stays quiet
 * for a whole interval starts afresh: its next occurrence is logged in full again. {@link #flush()}
 * logs the pending counts at once, for shutdown or a periodic timer.
 *
 * <p>Thread safe; any thread may call {@link #record}. Keys should be constants (string
 * literals): a suppressed call is then one map lookup, one clock read and one atomic increment,
 * and allocates nothing. Only the first call for a new key allocates its entry, and only calls
 * that log build a log line.
 */
public final class ErrorLog
{
    /** Default length of the window in which repeats of a key are only counted. */
    public static final long DEFAULT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final Logger logger;
    private final long intervalNs;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Logs to {@code logger} with the default interval and the system's monotonic clock. */
    public ErrorLog(final Logger logger)
    {
        this(logger, DEFAULT_INTERVAL_NS, System::nanoTime);
    }

    /** @param nanoClock monotonic time in nanoseconds; tests pass their own. */
    public ErrorLog(final Logger logger, final long intervalNs, final LongSupplier nanoClock)
    {
        if (intervalNs <= 0)
        {
            throw new IllegalArgumentException("intervalNs must be positive: " + intervalNs);
        }
        this.logger = logger;
        this.intervalNs = intervalNs;
        this.nanoClock = nanoClock;
    }

    /** Reports one occurrence of the problem {@code key}, described by {@code message}. */
    public void record(final String key, final String message)
    {
        record(key, message, null);
    }

    /** As {@link #record(String, String)}; the cause's stack trace is logged with the first occurrence only. */
    public void record(final String key, final String message, final Throwable cause)
    {
        final long nowNs = nanoClock.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null)
        {
            final Entry fresh = new Entry(nowNs, message);
            entry = entries.putIfAbsent(key, fresh);
            if (entry == null)
            {
                logFirst(key, message, cause);
                return;
            }
        }
        entry.lastMessage = message;
        final long windowStartNs = entry.windowStartNs.get();
        if (nowNs - windowStartNs < intervalNs)
        {
            entry.suppressed.increment();
            return;
        }
        // Interval over: one thread wins the window and speaks for it; the others just count.
        if (!entry.windowStartNs.compareAndSet(windowStartNs, nowNs))
        {
            entry.suppressed.increment();
            return;
        }
        final long repeats = entry.suppressed.sumThenReset();
        if (repeats == 0)
        {
            logFirst(key, message, cause);
        }
        else
        {
            logSummary(key, message, repeats + 1, nowNs - windowStartNs);
        }
    }

    /** Logs a summary for every key with suppressed occurrences, and starts their intervals afresh. */
    public void flush()
    {
        final long nowNs = nanoClock.getAsLong();
        entries.forEach((key, entry) ->
        {
            final long windowStartNs = entry.windowStartNs.getAndSet(nowNs);
            final long repeats = entry.suppressed.sumThenReset();
            if (repeats > 0)
            {
                logSummary(key, entry.lastMessage, repeats, nowNs - windowStartNs);
            }
        });
    }

    /** Occurrences of {@code key} counted but not yet logged; for tests and diagnostics. */
    public long pending(final String key)
    {
        final Entry entry = entries.get(key);
        return entry == null ? 0 : entry.suppressed.sum();
    }

    private void logFirst(final String key, final String message, final Throwable cause)
    {
        if (cause == null)
        {
            logger.warn("[{}] {}", key, message);
        }
        else
        {
            logger.warn("[{}] {}", key, message, cause);
        }
    }

    private void logSummary(final String key, final String message, final long times, final long elapsedNs)
    {
        final long seconds = Math.max(1, Math.round(elapsedNs / 1e9));
        logger.warn("[{}] {} (repeated {} times in the last {}s)", key, message, times, seconds);
    }

    private static final class Entry
    {
        final AtomicLong windowStartNs;
        final LongAdder suppressed = new LongAdder();
        volatile String lastMessage;

        Entry(final long windowStartNs, final String message)
        {
            this.windowStartNs = new AtomicLong(windowStartNs);
            this.lastMessage = message;
        }
    }
}
