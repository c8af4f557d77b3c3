package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ErrorLogTest
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final CapturingLogger logger = new CapturingLogger();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final ErrorLog log = new ErrorLog(logger, INTERVAL_NS, clock::get);

    @Test
    void shouldLogFirstOccurrenceAtOnceAtWarn()
    {
        log.record("bad-json", "input is not JSON");

        assertEquals(List.of("WARN [bad-json] input is not JSON"), logger.lines);
    }

    @Test
    void shouldOnlyCountRepeatsWithinTheInterval()
    {
        for (int i = 0; i < 100; i++)
        {
            log.record("bad-json", "input is not JSON");
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
        }

        assertEquals(1, logger.lines.size());
        assertEquals(99, log.pending("bad-json"));
    }

    @Test
    void shouldLogOneSummaryWhenTheIntervalHasPassed()
    {
        log.record("bad-json", "input is not JSON");
        for (int i = 0; i < 5; i++)
        {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            log.record("bad-json", "input is not JSON");
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(7));
        log.record("bad-json", "input is not JSON");
        log.record("bad-json", "input is not JSON");

        assertEquals(2, logger.lines.size(), logger.lines::toString);
        assertEquals("WARN [bad-json] input is not JSON (repeated 6 times in the last 12s)", logger.lines.get(1));
        assertEquals(1, log.pending("bad-json"));
    }

    @Test
    void shouldLogInFullAgainAfterAQuietInterval()
    {
        log.record("bad-json", "first");
        clock.addAndGet(INTERVAL_NS);
        log.record("bad-json", "second");

        assertEquals(List.of("WARN [bad-json] first", "WARN [bad-json] second"), logger.lines);
    }

    @Test
    void shouldKeepKeysApart()
    {
        log.record("bad-json", "input is not JSON");
        log.record("bad-sender", "sender has a wildcard");
        log.record("bad-json", "input is not JSON");

        assertEquals(2, logger.lines.size());
        assertEquals(1, log.pending("bad-json"));
        assertEquals(0, log.pending("bad-sender"));
    }

    @Test
    void shouldLogCauseWithFirstOccurrenceOnly()
    {
        log.record("publish", "publish failed", new IllegalStateException("503"));
        log.record("publish", "publish failed", new IllegalStateException("503"));
        clock.addAndGet(INTERVAL_NS);
        log.record("publish", "publish failed", new IllegalStateException("503"));

        assertEquals("WARN [publish] publish failed cause=503", logger.lines.get(0));
        assertEquals("WARN [publish] publish failed (repeated 2 times in the last 10s)", logger.lines.get(1));
    }

    @Test
    void shouldReportPendingCountsOnFlush()
    {
        log.record("bad-json", "input is not JSON");
        log.record("bad-json", "input is not JSON");
        log.record("bad-json", "input is not JSON");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(3));

        log.flush();
        log.flush();

        assertEquals(2, logger.lines.size());
        assertEquals("WARN [bad-json] input is not JSON (repeated 2 times in the last 3s)", logger.lines.get(1));
        assertEquals(0, log.pending("bad-json"));
    }

    @Test
    void shouldCountEveryOccurrenceFromManyThreads() throws Exception
    {
        final int threads = 4;
        final int perThread = 50_000;
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread worker = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++)
                {
                    log.record("storm", "the same problem");
                    if (i % 1000 == 0)
                    {
                        clock.addAndGet(INTERVAL_NS / 4);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
        log.flush();

        long logged = 0;
        for (final String line : logger.lines)
        {
            final int at = line.indexOf("(repeated ");
            logged += at < 0 ? 1 : Long.parseLong(line.substring(at + 10, line.indexOf(" times", at)));
        }
        assertEquals((long)threads * perThread, logged, "every occurrence is logged or summarised exactly once");
        assertTrue(logger.lines.size() < threads * perThread / 100, "repeats are summarised, not logged one by one");
    }
}
