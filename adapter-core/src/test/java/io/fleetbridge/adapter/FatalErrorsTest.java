package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class FatalErrorsTest
{
    @Test
    void shouldReportAnOutOfMemoryErrorTheNatsClientWrappedWhenAnIngestHandlerThrewIt() throws Exception
    {
        final ConnectionErrors listener = new ConnectionErrors("ingest 0", new AdapterMetrics("test"), new ErrorLog(new CapturingLogger()));
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
