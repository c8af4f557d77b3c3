package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class JvmFailureTest
{
    @Test
    void shouldStayReadyAfterAnExceptionAndNotAfterAnOutOfMemoryError()
    {
        final JvmFailure jvm = new JvmFailure();
        jvm.uncaughtException(Thread.currentThread(), new IllegalStateException("a bug ended one thread"));
        assertEquals(List.of(), jvm.problems(), "an exception says nothing about the JVM");

        jvm.uncaughtException(new Thread("fleetbridge-reg-publish-0"), new OutOfMemoryError("Java heap space"));
        jvm.uncaughtException(Thread.currentThread(), new StackOverflowError());
        final List<String> problems = jvm.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("the JVM failed (java.lang.OutOfMemoryError: Java heap space on thread "
            + "fleetbridge-reg-publish-0): restart the daemon"), problems.get(0));
    }
}
