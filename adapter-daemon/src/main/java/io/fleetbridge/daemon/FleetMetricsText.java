package io.fleetbridge.daemon;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fleetbridge.fleet.AdvisoryEvent;
import io.fleetbridge.fleet.FleetCounters;
import io.fleetbridge.fleet.FleetSnapshot;

/**
 * The fleet views' metrics in the Prometheus text format, appended to the adapters' exposition.
 * Labels {@code identity} and {@code name} (the adapter) as the adapter metrics, plus
 * {@code state} and {@code event}. Reads each view's last snapshot; allocates the text.
 */
final class FleetMetricsText
{
    private FleetMetricsText()
    {
    }

    static String render(final List<FleetView> views, final String identity)
    {
        final StringBuilder out = new StringBuilder(2048);
        if (views.isEmpty())
        {
            return "";
        }
        // one snapshot per view for the whole scrape: a scan between families must not make them disagree
        final Map<FleetView, FleetSnapshot> snapshots = new IdentityHashMap<>();
        views.forEach(v -> snapshots.put(v, v.snapshot()));
        family(out, "choria_adapter_fleet_nodes", "Nodes the fleet view knows, in any state", "gauge");
        views.forEach(v -> sample(out, "choria_adapter_fleet_nodes", identity, v, "", snapshots.get(v).known()));
        family(out, "choria_adapter_fleet_nodes_by_state", "Nodes by state: alive (seen within warn_duration), late, expired", "gauge");
        for (final FleetView v : views)
        {
            final FleetSnapshot s = snapshots.get(v);
            sample(out, "choria_adapter_fleet_nodes_by_state", identity, v, ",state=\"alive\"", s.alive());
            sample(out, "choria_adapter_fleet_nodes_by_state", identity, v, ",state=\"expired\"", s.expired());
            sample(out, "choria_adapter_fleet_nodes_by_state", identity, v, ",state=\"late\"", s.late());
        }
        family(out, "choria_adapter_fleet_oldest_alive_seconds", "Time since the least recently seen alive node registered", "gauge");
        views.forEach(v -> sample(out, "choria_adapter_fleet_oldest_alive_seconds", identity, v, "",
            snapshots.get(v).oldestAliveAgeMs() / 1000.0));
        family(out, "choria_adapter_fleet_clock_offset_seconds", "Least time from the stream storing a registration to the view "
            + "reading it, in the last scan interval with live registrations: this daemon's clock less the server's, plus delivery; "
            + "every age is off by as much",
            "gauge");
        for (final FleetView v : views)
        {
            final long offsetMs = v.clockOffsetMs();
            if (offsetMs != Long.MIN_VALUE)
            {
                sample(out, "choria_adapter_fleet_clock_offset_seconds", identity, v, "", offsetMs / 1000.0);
            }
        }
        family(out, "choria_adapter_fleet_rebuild_seconds", "Time the view took to rebuild from the stream at start", "gauge");
        views.forEach(v -> sample(out, "choria_adapter_fleet_rebuild_seconds", identity, v, "", snapshots.get(v).rebuildMs() / 1000.0));
        family(out, "choria_adapter_fleet_rebuilt", "1 once the view was rebuilt from the stream", "gauge");
        views.forEach(v -> sample(out, "choria_adapter_fleet_rebuilt", identity, v, "", snapshots.get(v).rebuilt() ? 1 : 0));
        family(out, "choria_adapter_fleet_read_msgs", "Registrations read back from the stream, headers only", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_read_msgs", identity, v, "", v.counters().read.sum()));
        family(out, "choria_adapter_fleet_unusable_msgs", "Messages read back that name no usable node or carry no stream time", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_unusable_msgs", identity, v, "", v.counters().unusable.sum()));
        family(out, "choria_adapter_fleet_untracked_msgs", "Registrations of new nodes not tracked because the view holds fleet.max_nodes or fleet.max_name_bytes", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_untracked_msgs", identity, v, "", v.counters().untracked.sum()));
        family(out, "choria_adapter_fleet_advisories", "Age advisories stored by the advisory stream, by event", "counter");
        for (final FleetView v : views)
        {
            final FleetCounters c = v.counters();
            for (final AdvisoryEvent event : AdvisoryEvent.values())
            {
                sample(out, "choria_adapter_fleet_advisories", identity, v, ",event=\"" + event.wireName() + "\"", c.published(event).sum());
            }
        }
        family(out, "choria_adapter_fleet_advisory_duplicates", "Advisories the stream already held (from a twin tracker or before a restart)", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_advisory_duplicates", identity, v, "", v.counters().duplicates.sum()));
        family(out, "choria_adapter_fleet_advisory_errors", "Failed advisory publish attempts, each retried", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_advisory_errors", identity, v, "", v.counters().publishErrors.sum()));
        family(out, "choria_adapter_fleet_advisories_owed",
            "Timeouts and expiries a scan raised that wait for room in the advisory queue (raised again each scan)", "gauge");
        views.forEach(v -> sample(out, "choria_adapter_fleet_advisories_owed", identity, v, "", snapshots.get(v).owedAdvisories()));
        family(out, "choria_adapter_fleet_advisories_lost",
            "Advisories given up on: after every retry, at a stop, raised by a registration when the queue was full, or owed by a node forgotten first",
            "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_advisories_lost", identity, v, "", v.counters().lost.sum()));
        family(out, "choria_adapter_fleet_state_refused", "State files (fleet.state_file) refused at start as corrupt, of another "
            + "version or of other settings: the view was rebuilt from the stream alone", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_state_refused", identity, v, "", v.counters().stateRefused.sum()));
        family(out, "choria_adapter_fleet_state_write_errors", "Failed writes of the state file (fleet.state_file)", "counter");
        views.forEach(v -> sample(out, "choria_adapter_fleet_state_write_errors", identity, v, "", v.counters().stateWriteErrors.sum()));
        return out.toString();
    }

    private static void family(final StringBuilder out, final String name, final String help, final String type)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(final StringBuilder out, final String metric, final String identity, final FleetView view,
        final String extraLabels, final double value)
    {
        out.append(metric).append("{identity=\"").append(escape(identity)).append("\",name=\"").append(escape(view.adapter()))
            .append('"').append(extraLabels).append("} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            out.append((long)value);
        }
        else
        {
            out.append(String.format(Locale.ROOT, "%.3f", value));
        }
        out.append('\n');
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
