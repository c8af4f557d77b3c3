package io.fleetbridge.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The scope rule shared by {@link NatsServerExtension} and {@link NatsClusterExtension}.
 *
 * <p>Registered in a {@code static} field, JUnit calls {@code beforeAll}: the servers start
 * once for the class and stop after it; before each test, any node an earlier test stopped,
 * killed or paused is brought back on its port and store, so tests do not depend on order.
 * Registered in an instance field, only {@code beforeEach}/{@code afterEach} run: fresh
 * servers for every test. A start failure fails the test (never skips it) and whatever did
 * start is closed. Callbacks run on JUnit's test thread; no threads of its own.
 */
abstract class LifecycleExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback
{
    private boolean classScoped;
    private boolean started;

    /** Starts the servers, waiting until they are ready. */
    abstract void startServers();

    /** Brings back nodes a test stopped, killed or paused. */
    abstract void reviveServers();

    /** Stops the servers and deletes their directories. */
    abstract void closeServers();

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        classScoped = true;
        begin();
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        if (started)
        {
            reviveServers();
        }
        else
        {
            begin();
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (!classScoped)
        {
            end();
        }
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        end();
    }

    final boolean isStarted()
    {
        return started;
    }

    private void begin()
    {
        try
        {
            startServers();
            started = true;
        }
        catch (final RuntimeException | Error e)
        {
            closeServers();
            throw e;
        }
    }

    private void end()
    {
        started = false;
        closeServers();
    }
}
