package io.fleetbridge.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fleetbridge.adapter.StreamCheck;
import io.fleetbridge.fleet.AdvisoryEvent;
import io.fleetbridge.fleet.FleetSettings;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;

/**
 * What {@code check} says of an adapter's fleet view: whether the output stream keeps a silent
 * node's last registration for as long as the view needs it (so that a rebuild at start is
 * exact), and whether a stream captures the advisories and drops them when a restarted view raises
 * them again. Stateless; runs on the caller's thread.
 */
final class FleetCheck
{
    /** nats-server's duplicate window when a stream sets none. */
    private static final long DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

    private FleetCheck()
    {
    }

    /** Prints what it finds; returns the problems (advisories nobody stores), warnings not counted. */
    static int check(final PrintStream out, final JetStreamManagement jsm, final String adapter, final FleetSettings settings,
        final List<String> outputStreams)
    {
        final String inspect = GoDuration.format(settings.inspectMs());
        for (final String stream : outputStreams)
        {
            final StreamConfiguration sc;
            try
            {
                sc = jsm.getStreamInfo(stream).getConfiguration();
            }
            catch (final Exception ex)
            {
                out.println("  WARNING: fleet view: cannot read stream " + stream + " (" + ex.getMessage() + ")");
                continue;
            }
            final Duration maxAge = sc.getMaxAge();
            if (maxAge != null && !maxAge.isZero() && maxAge.toMillis() < settings.inspectMs())
            {
                out.println("  WARNING: fleet view: stream " + stream + " keeps messages " + GoDuration.format(maxAge.toMillis())
                    + ", less than " + ConfigKeys.FLEET_INSPECT_DURATION.key(adapter) + " (" + inspect + "): a node silent longer "
                    + "is gone from the stream, so a view rebuilt at start does not know it and no expire advisory follows. "
                    + "Raise it (nats stream edit " + stream + " --max-age " + inspect + ") or lower the inspect duration.");
            }
            else
            {
                out.println("  ok: fleet view: stream " + stream + " keeps messages "
                    + (maxAge == null || maxAge.isZero() ? "without an age limit" : GoDuration.format(maxAge.toMillis()))
                    + ", at least the inspect duration (" + inspect + "): a rebuild at start is exact");
            }
            if (sc.getMaxMsgs() > 0 || sc.getMaxBytes() > 0)
            {
                out.println("  WARNING: fleet view: stream " + stream + " also limits messages (" + sc.getMaxMsgs() + ") or bytes ("
                    + sc.getMaxBytes() + "): when that limit applies, a silent node's last registration may be discarded before "
                    + "it expires; limit per subject (--max-msgs-per-subject) and by age instead");
            }
        }
        if (!settings.advises())
        {
            out.println("  ok: fleet view without advisories (" + ConfigKeys.FLEET_ADVISORY_SUBJECT.key(adapter) + " not set)");
            return 0;
        }
        final String filter = advisoryFilter(settings.advisorySubject());
        try
        {
            // the server lists every stream whose subjects overlap the filter; only those that hold it whole store them all
            final List<String> streams = jsm.getStreamNames(filter);
            final Map<String, StreamConfiguration> configs = new LinkedHashMap<>();
            final List<String> subjects = new ArrayList<>();
            for (final String stream : streams)
            {
                final StreamConfiguration sc = jsm.getStreamInfo(stream).getConfiguration();
                configs.put(stream, sc);
                subjects.addAll(sc.getSubjects());
            }
            final List<AdvisoryEvent> missed = uncaptured(settings.advisorySubject(), subjects);
            if (streams.isEmpty())
            {
                out.println("  PROBLEM: no JetStream stream captures the advisories (" + filter + "); they would be retried and lost. "
                    + "Create one, e.g.: nats stream add FLEET_ADVISORIES --subjects '" + filter + "' --storage file --dupe-window "
                    + GoDuration.format(2 * settings.inspectMs()) + " --defaults");
                return 1;
            }
            final String remembered = GoDuration.format(2 * settings.inspectMs());
            for (final Map.Entry<String, StreamConfiguration> entry : configs.entrySet())
            {
                final String stream = entry.getKey();
                if (uncaptured(settings.advisorySubject(), entry.getValue().getSubjects()).size() < AdvisoryEvent.values().length)
                {
                    duplicateWindow(out, adapter, settings, stream, entry.getValue().getDuplicateWindow(), remembered);
                }
            }
            if (!missed.isEmpty())
            {
                out.println("  PROBLEM: stream" + (streams.size() == 1 ? " " : "s ") + String.join(", ", streams)
                    + (streams.size() == 1 ? " does" : " do") + " not capture every advisory (" + filter + "): those of "
                    + missed.stream().map(AdvisoryEvent::wireName).toList() + " would be retried and lost. A node's name has dots (web1.example.net), so from the %v of "
                    + ConfigKeys.FLEET_ADVISORY_SUBJECT.key(adapter) + " on, a subject has as many tokens as the name has parts: "
                    + "capture " + filter + " instead.");
                return 1;
            }
            return 0;
        }
        catch (final Exception ex)
        {
            out.println("  PROBLEM: cannot list the streams for the advisories (" + ex.getMessage() + ")");
            return 1;
        }
    }

    private static void duplicateWindow(final PrintStream out, final String adapter, final FleetSettings settings, final String stream,
        final Duration window, final String remembered)
    {
        final long windowMs = window == null ? DEFAULT_DUPLICATE_WINDOW_MS : window.toMillis();
        if (windowMs < 2 * settings.inspectMs())
        {
            // a restarted view raises the timeout and expire of every node already late or expired again, with the
            // same ids; nodes are remembered for twice the inspect duration, so a window that long drops them all
            out.println("  WARNING: advisories go to stream " + stream + ", whose duplicate window (" + GoDuration.format(windowMs)
                + ") is shorter than twice " + ConfigKeys.FLEET_INSPECT_DURATION.key(adapter) + " (" + remembered + "): a daemon "
                + "restarted later than that after a node's timeout or expire sends it again. Raise it (nats stream edit "
                + stream + " --dupe-window " + remembered + "; a max age, if any, at least as long); advisories are few, so "
                + "the server's cost is small.");
        }
        else
        {
            out.println("  ok: advisories go to stream " + stream + "; trackers side by side, or one restarted, store each "
                + "advisory once (duplicate window " + GoDuration.format(windowMs) + ", at least twice the inspect duration)");
        }
    }

    /** The advisory subject with its event and node as wildcards: every subject an advisory may be published to. */
    static String advisoryFilter(final String subject)
    {
        return filter(subject, null);
    }

    /**
     * The events none of whose advisories {@code streamSubjects} is sure to capture: one of them must hold every subject
     * of the event, whatever the node, whole.
     */
    static List<AdvisoryEvent> uncaptured(final String subject, final List<String> streamSubjects)
    {
        final List<AdvisoryEvent> missed = new ArrayList<>();
        for (final AdvisoryEvent event : AdvisoryEvent.values())
        {
            final String eventFilter = filter(subject, event.wireName());
            if (streamSubjects.stream().noneMatch(streamSubject -> StreamCheck.holds(streamSubject, eventFilter)))
            {
                missed.add(event);
            }
        }
        return missed;
    }

    /**
     * The subject as a filter: {@code %s} becomes {@code event}, or its token {@code *} when null; from the token with
     * {@code %v} on, {@code >}, by the rule of the adapter's own topic ({@link StreamCheck#filterFor}), since a node's
     * dotted name spans as many tokens as it has parts wherever it stands (the replicator puts it anywhere).
     */
    private static String filter(final String subject, final String event)
    {
        return StreamCheck.filterFor(subject.replace("%s", event == null ? "*" : event).replace("%v", "%s"));
    }
}
