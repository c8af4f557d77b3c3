package io.fleetbridge.adapter;

import io.nats.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Whether some JetStream stream captures an adapter's output subjects.
 *
 * <p>Publishing never waits for this: messages to a subject no stream captures come back as
 * 503 and are retried. It exists so that the operator sees, once and loudly, the stream to
 * create, and so that readiness can say what is missing. Not thread safe: the adapter's
 * {@code start} and {@code tick} call it.
 */
public final class StreamCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(StreamCheck.class);

    private final String adapter;
    private final String filter;
    private volatile boolean found;
    private boolean warned;

    StreamCheck(final String adapter, final String topicTemplate)
    {
        this.adapter = adapter;
        this.filter = filterFor(topicTemplate);
    }

    /** The subject filter that stands for every output subject: {@code %s} as a wildcard. */
    public static String filterFor(final String topicTemplate)
    {
        if (topicTemplate.endsWith(".%s"))
        {
            return topicTemplate.substring(0, topicTemplate.length() - 2).replace("%s", "*") + ">";
        }
        return topicTemplate.replace("%s", "*");
    }

    String filter()
    {
        return filter;
    }

    boolean found()
    {
        return found;
    }

    void check(final Connection connection)
    {
        if (connection.getStatus() != Connection.Status.CONNECTED)
        {
            return;
        }
        try
        {
            final List<String> streams = connection.jetStreamManagement().getStreamNames(filter);
            if (!streams.isEmpty())
            {
                found = true;
                LOG.info("adapter {}: output subjects {} are captured by stream {}", adapter, filter, streams);
                return;
            }
        }
        catch (final Exception ex)
        {
            LOG.debug("adapter {}: stream lookup failed: {}", adapter, ex.toString());
        }
        if (!warned)
        {
            warned = true;
            LOG.warn("adapter {}: NO JetStream stream captures {}; messages are held and retried until one does. "
                + "Create one, e.g.: nats stream add NODE_METADATA --subjects '{}' --storage file --dupe-window 2m "
                + "--max-msgs-per-subject 5 --defaults", adapter, filter, filter);
        }
    }
}
