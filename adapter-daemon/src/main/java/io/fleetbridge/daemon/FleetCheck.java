package io.fleetbridge.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

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
            final List<String> streams = jsm.getStreamNames(filter);
            if (streams.isEmpty())
            {
                out.println("  PROBLEM: no JetStream stream captures the advisories (" + filter + "); they would be retried and lost. "
                    + "Create one, e.g.: nats stream add FLEET_ADVISORIES --subjects '" + filter + "' --storage file --dupe-window "
                    + GoDuration.format(2 * settings.inspectMs()) + " --defaults");
                return 1;
            }
            final String remembered = GoDuration.format(2 * settings.inspectMs());
            for (final String stream : streams)
            {
                final Duration window = jsm.getStreamInfo(stream).getConfiguration().getDuplicateWindow();
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
            return 0;
        }
        catch (final Exception ex)
        {
            out.println("  PROBLEM: cannot list the streams for the advisories (" + ex.getMessage() + ")");
            return 1;
        }
    }

    /** The advisory subject with its event and node as wildcards. */
    static String advisoryFilter(final String subject)
    {
        final String events = subject.replace("%s", "*");
        return events.endsWith(".%v") ? events.substring(0, events.length() - 2) + ">" : events.replace("%v", "*");
    }
}
