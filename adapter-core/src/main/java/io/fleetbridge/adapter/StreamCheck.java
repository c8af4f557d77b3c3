package io.fleetbridge.adapter;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether some JetStream stream captures an adapter's output subjects, and whether it remembers
 * message ids for as long as the adapter may re-send a message.
 *
 * <p>Publishing never waits for this: messages to a subject no stream captures come back as
 * 503 and are retried. It exists so that the operator sees, once and loudly, the stream to
 * create, and so that readiness can say what is missing.
 *
 * <p>The duplicate window: a message whose ack was lost is re-sent for up to
 * {@code stream.retry_for}, and JetStream drops the copy by its {@code Nats-Msg-Id} only while
 * the id is inside the stream's duplicate window. A shorter window lets a late re-send be stored
 * twice, so the check warns once with the fix. It does not make the adapter unready: a longer
 * window also costs the server memory and latency (docs/benchmarks-method.md), and the operator may
 * have chosen it. Not thread safe: the adapter's {@code start} and {@code tick} call it.
 */
public final class StreamCheck
{
    private static final Logger LOG = LoggerFactory.getLogger(StreamCheck.class);

    private final String adapter;
    private final String filter;
    private final Duration retryFor;
    private volatile boolean found;
    private boolean warned;
    private String duplicateWindowWarning;

    StreamCheck(final String adapter, final String topicTemplate, final Duration retryFor)
    {
        this.adapter = adapter;
        this.filter = filterFor(topicTemplate);
        this.retryFor = retryFor;
    }

    /**
     * The subject filter that stands for every output subject: the token holding {@code %s} and every one after it
     * as {@code >}, since a sender's name has dots (web1.example.net) and so spans as many tokens as it has parts
     * wherever it stands. {@code a.%s.b} is {@code a.>}: {@code a.*.b} would miss every dotted name.
     */
    public static String filterFor(final String topicTemplate)
    {
        final int at = topicTemplate.indexOf("%s");
        if (at < 0)
        {
            return topicTemplate;
        }
        return topicTemplate.substring(0, topicTemplate.lastIndexOf('.', at) + 1) + ">";
    }

    /**
     * Whether a stream with the subject {@code streamSubject} stores every subject {@code filter} matches. The
     * server's stream list by subject names every stream that merely overlaps it: one on {@code a.*} is listed for
     * {@code a.>}, yet stores none of {@code a.web1.example.net}.
     */
    public static boolean holds(final String streamSubject, final String filter)
    {
        final String[] held = streamSubject.split("\\.", -1);
        final String[] wanted = filter.split("\\.", -1);
        for (int i = 0; i < held.length; i++)
        {
            if (held[i].equals(">"))
            {
                return i < wanted.length;
            }
            if (i == wanted.length || wanted[i].equals(">") || !held[i].equals("*") && !held[i].equals(wanted[i]))
            {
                return false;
            }
        }
        return held.length == wanted.length;
    }

    /**
     * What the streams the server lists for a filter (every one that overlaps it) make of it: those with a subject that
     * {@link #holds} it whole, and those with a subject inside it (a part of the output, such as
     * {@code choria.node_metadata.*}), the ones to give the whole filter. A stream that only overlaps it from outside
     * ({@code choria.>}, or another's) is in neither: none of ours to change.
     */
    public record Capture(List<String> holding, List<String> partial)
    {
    }

    /** Sorts the streams the server lists for {@code filter}, reading each one's subjects once. */
    public static Capture capture(final JetStreamManagement jsm, final List<String> streams, final String filter)
        throws IOException, JetStreamApiException
    {
        final List<String> holding = new ArrayList<>();
        final List<String> partial = new ArrayList<>();
        for (final String stream : streams)
        {
            final List<String> subjects = jsm.getStreamInfo(stream).getConfiguration().getSubjects();
            if (subjects.stream().anyMatch(subject -> holds(subject, filter)))
            {
                holding.add(stream);
            }
            else if (subjects.stream().anyMatch(subject -> holds(filter, subject)))
            {
                partial.add(stream);
            }
        }
        return new Capture(holding, partial);
    }

    /** The problem with streams that overlap {@code filter} but none of which holds it, naming them and the fix. */
    public static String partialCapture(final List<String> streams, final String filter)
    {
        return "stream" + (streams.size() == 1 ? " " : "s ") + String.join(", ", streams) + " capture" + (streams.size() == 1 ? "s" : "")
            + " only part of " + filter + ": a sender whose name has dots (web1.example.net) would be held, retried and dropped. "
            + "Give it the subject " + filter;
    }

    String filter()
    {
        return filter;
    }

    boolean found()
    {
        return found;
    }

    /** What was logged about a duplicate window shorter than {@code stream.retry_for}, or null. */
    String duplicateWindowWarning()
    {
        return duplicateWindowWarning;
    }

    void check(final Connection connection)
    {
        if (connection.getStatus() != Connection.Status.CONNECTED)
        {
            return;
        }
        try
        {
            final JetStreamManagement jsm = connection.jetStreamManagement();
            final Capture capture = capture(jsm, jsm.getStreamNames(filter), filter);
            final List<String> streams = capture.holding();
            if (!streams.isEmpty())
            {
                found = true;
                LOG.info("adapter {} stream 0 ({}): output subjects {} are captured by stream {}", adapter, connection.getConnectedUrl(),
                    filter, streams);
                for (final String stream : streams)
                {
                    checkDuplicateWindow(jsm, stream);
                }
                return;
            }
            final List<String> partial = capture.partial();
            if (!partial.isEmpty())
            {
                if (!warned)
                {
                    warned = true;
                    LOG.warn("adapter {} stream 0 ({}): {}", adapter, connection.getConnectedUrl(), partialCapture(partial, filter));
                }
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
            LOG.warn("adapter {} stream 0 ({}): NO JetStream stream captures {}; messages are held and retried until one does. "
                + "Create it with: {}", adapter, connection.getConnectedUrl(), filter, createCommand(adapter, "FILE"));
        }
    }

    private void checkDuplicateWindow(final JetStreamManagement jsm, final String stream)
    {
        final String warning;
        try
        {
            warning = duplicateWindowWarning(jsm, adapter, stream, retryFor);
        }
        catch (final Exception ex)
        {
            // the stream is there; only its window is unknown, which is no reason to say it is missing
            LOG.debug("adapter {}: cannot read the configuration of stream {}: {}", adapter, stream, ex.toString());
            return;
        }
        if (warning != null)
        {
            duplicateWindowWarning = warning;
            LOG.warn(warning);
        }
    }

    /**
     * The daemon's own command that creates the stream this adapter needs ({@link AdapterStream}),
     * so that the advice needs no other tool and matches what the command makes.
     *
     * @param configFile the configuration file, or a placeholder where it is not known
     */
    public static String createCommand(final String adapter, final String configFile)
    {
        return "fleetbridge create-stream --config " + configFile + " --adapter " + adapter;
    }

    /**
     * Reads a stream's duplicate window and returns {@link #duplicateWindowWarning(String, String, Duration, Duration)}
     * for it; throws what jnats throws when the stream's configuration cannot be read.
     */
    public static String duplicateWindowWarning(
        final JetStreamManagement jsm, final String adapter, final String stream, final Duration retryFor)
        throws IOException, JetStreamApiException
    {
        return duplicateWindowWarning(adapter, stream, jsm.getStreamInfo(stream).getConfiguration().getDuplicateWindow(),
            retryFor);
    }

    /**
     * The warning for a stream whose duplicate window is shorter than {@code stream.retry_for},
     * naming the fix; null when the window is long enough (or unknown).
     */
    public static String duplicateWindowWarning(
        final String adapter, final String stream, final Duration window, final Duration retryFor)
    {
        if (window == null || window.compareTo(retryFor) >= 0)
        {
            return null;
        }
        return String.format(Locale.ROOT,
            "adapter %s: stream %s forgets a Nats-Msg-Id after %s, but stream.retry_for re-sends for up to %s: "
                + "a message re-sent later than that (its first ack lost) is stored twice. "
                + "Raise the window (nats stream edit %s --dupe-window %s) or lower stream.retry_for.",
            adapter, stream, seconds(window), seconds(retryFor), stream, seconds(retryFor));
    }

    private static String seconds(final Duration duration)
    {
        final long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
