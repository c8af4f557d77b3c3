package io.fleetbridge.loadgen;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The outcome of a run: what was sent, what landed and how, the latency distribution from the
 * scheduled send time, and (with a metrics URL) the daemon's own counters for the same period.
 *
 * <p>Immutable once built; {@link #latencyUs()} returns the run's histogram, which callers must
 * not change.
 */
public final class LoadReport
{
    private static final int SENDERS_SHOWN = 5;

    private final String description;
    private final long planned;
    private final long sent;
    private final long publishErrors;
    private final long landed;
    private final long duplicates;
    private final long corrupted;
    private final long late;
    private final long unexpected;
    private final long foreign;
    private final long unread;
    private final double sendSeconds;
    private final double runSeconds;
    private final Histogram latencyUs;
    private final List<Timeline.Sample> timeline;
    private final List<String> missingIds;
    private final List<String> corruptSamples;
    private final AdapterCounters adapter;
    private final String adapterError;
    private final LossAllowance allowance;
    private final String example;
    private final ChurnOutcome churn;
    private final Instant startTime;

    /**
     * What the churn did: its plan, how many nodes stopped (all of the plan's, once the run reached
     * the stop time), how many have sent again since their return, the registrations they skipped,
     * and the file that names them all (null without --churn-list).
     */
    record ChurnOutcome(FleetChurn plan, int stopped, int returned, long skipped, Path list)
    {
    }

    LoadReport(final String description, final long planned, final long sent, final long publishErrors,
        final long landed, final long duplicates, final long corrupted, final long late, final long unexpected,
        final long foreign, final long unread, final double sendSeconds, final double runSeconds, final Histogram latencyUs,
        final List<Timeline.Sample> timeline, final List<String> missingIds, final List<String> corruptSamples,
        final AdapterCounters adapter, final String adapterError, final LossAllowance allowance, final String example,
        final ChurnOutcome churn, final Instant startTime)
    {
        this.churn = churn;
        this.startTime = startTime;
        this.example = example;
        this.description = description;
        this.planned = planned;
        this.sent = sent;
        this.publishErrors = publishErrors;
        this.landed = landed;
        this.duplicates = duplicates;
        this.corrupted = corrupted;
        this.late = late;
        this.unexpected = unexpected;
        this.foreign = foreign;
        this.unread = unread;
        this.sendSeconds = sendSeconds;
        this.runSeconds = runSeconds;
        this.latencyUs = latencyUs;
        this.timeline = timeline;
        this.missingIds = missingIds;
        this.corruptSamples = corruptSamples;
        this.adapter = adapter;
        this.adapterError = adapterError;
        this.allowance = allowance;
    }

    /** What was run: fleet, schedule, protocol, payload, connections. */
    public String description() { return description; }
    /** Messages the schedule planned within the bounds (Long.MAX_VALUE for max without --count). */
    public long planned() { return planned; }
    /** Messages handed to the NATS client. */
    public long sent() { return sent; }
    /** Messages the client refused (outgoing queue full too long, connection gone); not counted as sent. */
    public long publishErrors() { return publishErrors; }
    /** Distinct sent messages whose envelope was read back from the stream. */
    public long landed() { return landed; }
    /** Sent messages never read back. */
    public long missing() { return sent - landed; }
    public long duplicates() { return duplicates; }
    /** Envelopes (first or re-sent copies) whose body or subject is not what the adapter's contract requires, or that carry no request id of the run. */
    public long corrupted() { return corrupted; }
    /** Landed later than --late-after after their scheduled send time. */
    public long late() { return late; }
    /** Request ids of this run that were never sent (the client failed a publish that went out after all). */
    public long unexpected() { return unexpected; }
    /** Envelopes of other runs sharing the stream. */
    public long foreign() { return foreign; }
    /**
     * Envelopes in the stream after the last one the verifier read, when something was missing: up to that many
     * of the missing may have landed unverified. 0 when nothing was missing, -1 when the server could not tell.
     */
    public long unread() { return unread; }
    public double sendSeconds() { return sendSeconds; }
    /** Latency from scheduled send time to read-back, microseconds. */
    public Histogram latencyUs() { return latencyUs; }
    public List<Timeline.Sample> timeline() { return timeline; }
    /** Up to a few request ids of missing messages. */
    public List<String> missingIds() { return missingIds; }
    public List<String> corruptSamples() { return corruptSamples; }
    /**
     * The daemon's counters over the run, or null without --metrics-url (or when the scrape failed);
     * when {@link AdapterCounters#reset()} the daemon restarted and they count from its restart.
     */
    public AdapterCounters adapter() { return adapter; }

    /**
     * Time zero of the run: when its first message was due. Each message's own timestamp (the
     * envelope's {@code time}) is this plus its scheduled offset, and {@link FleetChurn#stopAt()} and
     * {@link FleetChurn#returnAt()} count from it. Null for a report not made by a run.
     */
    public Instant startTime() { return startTime; }

    /** The churn the run played (which nodes stop, when, when they return), or null without --churn. */
    public FleetChurn churn() { return churn == null ? null : churn.plan(); }
    /** Nodes that stopped: all of {@link #churn()}'s once the run reached its stop time; 0 without churn. */
    public int churnStopped() { return churn == null ? 0 : churn.stopped(); }
    /** Stopped nodes that have sent a registration since their return; 0 without churn. */
    public int churnReturned() { return churn == null ? 0 : churn.returned(); }
    /** Registrations the stopped nodes did not send (not counted as sent, nor as missing); 0 without churn. */
    public long churnSkipped() { return churn == null ? 0 : churn.skipped(); }

    /** Latency at a percentile (0-100), in milliseconds; NaN when nothing landed. */
    public double percentileMs(final double percentile)
    {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMs()
    {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getMaxValue() / 1000.0;
    }

    /** Missing plus corrupted: what --allow-loss is weighed against. */
    public long lost()
    {
        return missing() + corrupted;
    }

    /**
     * Nothing lost beyond the allowance, nothing stored twice, and something sent: a run that sent nothing proved
     * nothing, and the adapter's contract is each message stored once (de-duplicated by {@code Nats-Msg-Id}), which
     * no allowance relaxes.
     */
    public boolean passed()
    {
        return lost() <= allowance.allowed(sent) && duplicates == 0 && sent > 0;
    }

    /** 0 when the loss is within the allowance and nothing was stored twice, 1 otherwise (and when nothing could be sent). */
    public int exitCode()
    {
        return passed() ? 0 : 1;
    }

    public String format()
    {
        final StringBuilder s = new StringBuilder(2048);
        s.append("fleetbridge load run: ").append(description).append('\n');
        line(s, "sent", "%d in %.1f s (%.0f msgs/s)%s", sent, sendSeconds, rate(sent, sendSeconds),
            planned == Long.MAX_VALUE || planned == sent + churnSkipped() ? "" : String.format(Locale.ROOT, ", %d planned", planned));
        if (churn != null)
        {
            churn(s);
        }
        if (publishErrors > 0)
        {
            line(s, "publish errors", "%d (client refused; not counted as sent)", publishErrors);
        }
        line(s, "landed", "%d (%.0f msgs/s over the run)", landed, rate(landed, runSeconds));
        if (sent > 0 && landed == 0)
        {
            // the usual cause is not the adapter being slow but no adapter at all between the two
            line(s, "hint", "%s", "nothing landed: is an adapter subscribed to the subject and publishing into the stream "
                + "named above, and does the stream capture its topic?");
        }
        line(s, "missing", "%d (%s)%s", missing(), percent(missing(), sent),
            missingIds.isEmpty() ? "" : "  e.g. " + String.join(", ", missingIds));
        if (unread > 0)
        {
            // the verdict stands (what was not read was not verified), but the cause is the reader, not the adapter
            line(s, "unread", "%d in the stream after the last envelope the verifier read: it fell behind, so up to %d of "
                + "the missing may have landed; give it longer with --drain-timeout", unread, Math.min(unread, missing()));
        }
        line(s, "duplicates", "%d", duplicates);
        line(s, "corrupted", "%d", corrupted);
        line(s, "late", "%d", late);
        if (unexpected > 0 || foreign > 0)
        {
            line(s, "other envelopes", "%d of this run never sent, %d of other runs", unexpected, foreign);
        }
        line(s, "latency ms", "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (from scheduled send time, %d samples)",
            ms(percentileMs(50)), ms(percentileMs(90)), ms(percentileMs(99)), ms(percentileMs(99.9)), ms(maxMs()),
            latencyUs.getTotalCount());
        if (adapter != null)
        {
            line(s, "daemon", "%sreceived %.0f  published %.0f  dropped %.0f", adapter.reset()
                ? "restarted during the run: counters reset; figures since the restart: " : "", adapter.received(),
                adapter.published(), adapter.droppedTotal());
            for (final Map.Entry<String, Double> e : adapter.dropped().entrySet())
            {
                if (e.getValue() != 0)
                {
                    line(s, "  dropped " + e.getKey(), "%.0f", e.getValue());
                }
            }
            if (adapter.reset())
            {
                line(s, "we vs daemon", "not comparable: what the daemon counted before its restart is gone");
            }
            else
            {
                line(s, "we vs daemon", "sent %d / received %.0f, landed %d / published %.0f", sent, adapter.received(),
                    landed, adapter.published());
            }
        }
        else if (adapterError != null)
        {
            line(s, "daemon", "metrics not available: %s", adapterError);
        }
        if (example != null)
        {
            final int cut = example.indexOf('\n');
            line(s, "example subject", "%s", example.substring(0, cut));
            final String body = example.substring(cut + 1);
            line(s, "example body", "%s", body.length() > 400
                ? body.substring(0, 200) + " ...(" + body.length() + " bytes)... " + body.substring(body.length() - 150) : body);
        }
        for (final String sample : corruptSamples)
        {
            line(s, "corrupt", "%s", sample);
        }
        line(s, "result", "%s (lost %d, allowed %d)%s", passed() ? "PASS" : "FAIL", lost(), allowance.allowed(sent),
            sent == 0 ? planned == 0
                ? ": nothing was due within the run; lengthen --duration or shorten --interval, or add --nodes"
                : ": nothing was sent"
                : duplicates > 0 ? ": " + duplicates + " stored twice (the stream's duplicate window shorter than the daemon's"
                    + " stream.retry_for, or a de-duplication fault)" : "");
        return s.toString();
    }

    private void churn(final StringBuilder s)
    {
        final FleetChurn plan = churn.plan();
        final String back = plan.returnAt() == null ? ", to the end (no --churn-return-at)"
            : String.format(Locale.ROOT, ", %d of them sent again since %s", churn.returned(), DurationText.format(plan.returnAt()));
        line(s, "churn", "%d nodes stopped at %s%s; %d registrations not sent (not missing)", churn.stopped(),
            DurationText.format(plan.stopAt()), back, churn.skipped());
        final List<String> senders = plan.stoppedSenders();
        line(s, "stopped nodes", "%s%s", String.join(", ", senders.subList(0, Math.min(senders.size(), SENDERS_SHOWN))),
            senders.size() <= SENDERS_SHOWN ? "" : String.format(Locale.ROOT, " and %d more (%s)",
                senders.size() - SENDERS_SHOWN, churn.list() == null ? "--churn-list FILE writes them all" : "all in " + churn.list()));
    }

    private static void line(final StringBuilder s, final String label, final String format, final Object... args)
    {
        s.append(String.format(Locale.ROOT, "  %-16s ", label + ":")).append(String.format(Locale.ROOT, format, args))
            .append('\n');
    }

    private static double rate(final long n, final double seconds)
    {
        return seconds > 0 ? n / seconds : 0;
    }

    private static String percent(final long n, final long of)
    {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.3f%%", 100.0 * n / of);
    }

    private static String ms(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
