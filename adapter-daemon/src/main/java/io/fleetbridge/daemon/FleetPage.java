package io.fleetbridge.daemon;

import java.util.List;
import java.util.Locale;

import io.fleetbridge.fleet.FleetSnapshot;
import io.fleetbridge.fleet.FleetTracker;

/**
 * The {@code /fleet} page: per adapter with a fleet view, the node counts by state, a bar chart
 * of last-seen ages (inline SVG, so it needs no script and no network) and the late and expired
 * nodes; and {@code /fleet.json}, the same for tools. Made per request from the views' last
 * snapshots; it reloads itself every ten seconds. Stateless.
 */
final class FleetPage
{
    static final String PATH = "/fleet";
    static final String JSON_PATH = "/fleet.json";
    static final String CONTENT_TYPE = "text/html; charset=utf-8";
    /** Late and expired nodes shown by name on the page (the JSON lists up to {@link FleetSnapshot#MAX_LISTED}). */
    static final int LISTED_ON_PAGE = 50;

    private static final int CHART_WIDTH = 720;
    private static final int CHART_HEIGHT = 220;

    private FleetPage()
    {
    }

    static String render(final List<FleetView> views)
    {
        final StringBuilder out = new StringBuilder(16 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .append("<title>fleetbridge: fleet</title><style>")
            .append("body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}")
            .append("table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}")
            .append(".n{text-align:right;font-variant-numeric:tabular-nums}.alive{color:#1a7f37}.late{color:#b35900}.expired{color:#c62828}")
            .append(".counts td{font-size:1.2em}.note{color:#666;font-size:.9em}")
            .append("</style></head><body><h1>Fleet</h1>\n");
        final long now = System.currentTimeMillis();
        for (final FleetView view : views)
        {
            adapter(out, view, now);
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void adapter(final StringBuilder out, final FleetView view, final long nowMs)
    {
        final FleetSnapshot s = view.snapshot();
        out.append("<section id=\"adapter-").append(html(view.adapter())).append("\"><h2>adapter ").append(html(view.adapter()));
        if (view.stream() != null)
        {
            out.append(" <span class=\"note\">stream ").append(html(view.stream())).append("</span>");
        }
        out.append("</h2>\n");
        final String problem = view.problem();
        if (problem != null)
        {
            out.append("<p class=\"late\">").append(html(problem)).append("</p>\n");
        }
        out.append("<table class=\"counts\"><tr><th>nodes</th><th class=\"alive\">alive</th><th class=\"late\">late</th>")
            .append("<th class=\"expired\">expired</th><th>oldest alive</th></tr><tr>")
            .append("<td class=\"n\" id=\"known\">").append(s.known()).append("</td>")
            .append("<td class=\"n alive\" id=\"alive\">").append(s.alive()).append("</td>")
            .append("<td class=\"n late\" id=\"late\">").append(s.late()).append("</td>")
            .append("<td class=\"n expired\" id=\"expired\">").append(s.expired()).append("</td>")
            .append("<td class=\"n\">").append(age(s.oldestAliveAgeMs())).append("</td></tr></table>\n");
        out.append("<p class=\"note\">late after ").append(GoDuration.format(view.settings().warnMs()))
            .append(", expired after ").append(GoDuration.format(view.settings().inspectMs()));
        if (s.rebuilt())
        {
            out.append("; rebuilt from the stream in ").append(GoDuration.format(s.rebuildMs()));
        }
        out.append("</p>\n");
        chart(out, s, view.settings().warnMs());
        listed(out, s, nowMs);
        out.append("</section>\n");
    }

    private static void chart(final StringBuilder out, final FleetSnapshot s, final long warnMs)
    {
        final long[] buckets = s.ageHistogram();
        long max = 1;
        for (final long count : buckets)
        {
            max = Math.max(max, count);
        }
        final int left = 60;
        final int bottom = CHART_HEIGHT - 36;
        final int plotHeight = bottom - 10;
        final double barWidth = (CHART_WIDTH - left - 10) / (double)buckets.length;
        out.append("<svg id=\"ages\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT)
            .append("\" role=\"img\" aria-label=\"nodes by time since last registration\" xmlns=\"http://www.w3.org/2000/svg\">")
            .append("<line x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"").append(CHART_WIDTH - 10)
            .append("\" y2=\"").append(bottom).append("\" stroke=\"#888\"/>")
            .append("<text x=\"").append(left - 6).append("\" y=\"16\" text-anchor=\"end\" font-size=\"11\">").append(max).append("</text>")
            .append("<text x=\"").append(left - 6).append("\" y=\"").append(bottom).append("\" text-anchor=\"end\" font-size=\"11\">0</text>");
        for (int i = 0; i < buckets.length; i++)
        {
            final long fromMs = i * s.bucketWidthMs();
            final String colour = i == buckets.length - 1 ? "#c62828" : fromMs >= warnMs ? "#e08a00" : "#2e9e4f";
            final int height = (int)Math.round(plotHeight * (double)buckets[i] / max);
            final double x = left + i * barWidth;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
                x + 1, bottom - height, barWidth - 2, height, colour))
                .append("<title>").append(buckets[i]).append(" nodes last seen ")
                .append(i == buckets.length - 1 ? "over " + age(fromMs) : age(fromMs) + " to " + age(fromMs + s.bucketWidthMs()))
                .append(" ago</title></rect>");
            if (i % 4 == 0 || i == buckets.length - 1)
            {
                out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x + 1, bottom + 16,
                    i == buckets.length - 1 ? "&gt;" + age(fromMs) : age(fromMs)));
            }
        }
        out.append("<text x=\"").append(CHART_WIDTH / 2).append("\" y=\"").append(CHART_HEIGHT - 6)
            .append("\" text-anchor=\"middle\" font-size=\"11\">time since last registration</text></svg>\n");
    }

    static void listed(final StringBuilder out, final FleetSnapshot s, final long nowMs)
    {
        if (s.listed().isEmpty())
        {
            out.append("<p class=\"alive\">No late or expired node.</p>\n");
            return;
        }
        out.append("<table id=\"silent\"><tr><th>node</th><th>state</th><th>last seen</th><th>last size</th></tr>\n");
        int shown = 0;
        for (final FleetSnapshot.Node node : s.listed())
        {
            if (shown == LISTED_ON_PAGE)
            {
                break;
            }
            shown++;
            out.append("<tr><td>").append(html(node.id())).append("</td><td class=\"").append(node.state()).append("\">")
                .append(node.state()).append("</td><td class=\"n\">").append(age(nowMs - node.lastSeenMs())).append(" ago</td>")
                .append("<td class=\"n\">").append(node.sizeBytes()).append(" B</td></tr>\n");
        }
        out.append("</table>\n");
        final long silent = s.late() + s.expired();
        if (silent > shown)
        {
            out.append("<p class=\"note\">").append(shown).append(" of ").append(silent)
                .append(" shown, oldest first; the fleet command lists more.</p>\n");
        }
    }

    /** The same as JSON: one object per adapter. */
    static String json(final List<FleetView> views)
    {
        final StringBuilder out = new StringBuilder(4096).append('[');
        for (int v = 0; v < views.size(); v++)
        {
            final FleetView view = views.get(v);
            final FleetSnapshot s = view.snapshot();
            out.append(v == 0 ? "" : ",").append("{\"adapter\":").append(quote(view.adapter()))
                .append(",\"stream\":").append(view.stream() == null ? "null" : quote(view.stream()))
                .append(",\"rebuilt\":").append(s.rebuilt()).append(",\"rebuild_ms\":").append(s.rebuildMs())
                .append(",\"taken\":").append(s.takenMs())
                .append(",\"known\":").append(s.known()).append(",\"alive\":").append(s.alive())
                .append(",\"late\":").append(s.late()).append(",\"expired\":").append(s.expired())
                .append(",\"oldest_alive_ms\":").append(s.oldestAliveAgeMs())
                .append(",\"bucket_ms\":").append(s.bucketWidthMs()).append(",\"ages\":[");
            for (int i = 0; i < s.ageHistogram().length; i++)
            {
                out.append(i == 0 ? "" : ",").append(s.ageHistogram()[i]);
            }
            out.append("],\"silent\":[");
            for (int i = 0; i < s.listed().size(); i++)
            {
                final FleetSnapshot.Node node = s.listed().get(i);
                out.append(i == 0 ? "" : ",").append("{\"node\":").append(quote(node.id())).append(",\"state\":\"").append(node.state())
                    .append("\",\"last_seen_ms\":").append(node.lastSeenMs()).append(",\"size\":").append(node.sizeBytes()).append('}');
            }
            out.append("]}");
        }
        return out.append("]\n").toString();
    }

    /** An age to the second, as Go prints durations: {@code 4m12s}. */
    static String age(final long ms)
    {
        return GoDuration.format(Math.max(0, ms) / 1000 * 1000);
    }

    private static String html(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Buckets of the chart, for tests. */
    static int buckets()
    {
        return FleetTracker.AGE_BUCKETS + 1;
    }
}
