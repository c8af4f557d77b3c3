package io.fleetbridge.adapter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger that keeps every formatted line, for assertions; thread safe. */
final class CapturingLogger extends LegacyAbstractLogger
{
    private static final long serialVersionUID = 1L;

    final transient List<String> lines = new CopyOnWriteArrayList<>();

    CapturingLogger()
    {
        this.name = "capture";
    }

    @Override
    protected String getFullyQualifiedCallerName()
    {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        final Level level, final Marker marker, final String pattern, final Object[] args, final Throwable cause)
    {
        final String text = MessageFormatter.basicArrayFormat(pattern, args);
        lines.add(level + " " + text + (cause == null ? "" : " cause=" + cause.getMessage()));
    }

    @Override
    public boolean isTraceEnabled()
    {
        return true;
    }

    @Override
    public boolean isDebugEnabled()
    {
        return true;
    }

    @Override
    public boolean isInfoEnabled()
    {
        return true;
    }

    @Override
    public boolean isWarnEnabled()
    {
        return true;
    }

    @Override
    public boolean isErrorEnabled()
    {
        return true;
    }
}
