package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class FatalErrorsTest
{
    @Test
    void shouldReportAnOutOfMemoryErrorTheNatsClientWrappedWhenAnIngestHandlerThrewIt() throws Exception
    {
        final ConnectionErrors listener = new ConnectionErrors("adapter test ingest 0", "ingest 0",
            List.of("nats://127.0.0.1:4222"), new AtomicBoolean(), new AtomicReference<>(), new AdapterMetrics("test"),
            new ErrorLog(new CapturingLogger()), new AtomicReference<>());
        final OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        final List<Throwable> handled = new CopyOnWriteArrayList<>();
        final Thread dispatcher = new Thread(() -> {
            listener.exceptionOccurred(null, new java.io.IOException("read error"));
            // what the client's dispatcher does with an Error from MessageHandler.onMessage
            listener.exceptionOccurred(null, new Exception(oom));
        });
        dispatcher.setUncaughtExceptionHandler((thread, ex) -> handled.add(ex));
        dispatcher.start();
        dispatcher.join();
        assertEquals(1, handled.size(), handled.toString());
        assertSame(oom, handled.get(0));
    }
}
