package io.fleetbridge.daemon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests: it refuses a sample whose
 * family has no HELP and TYPE before it, a family declared twice, malformed label sets and
 * values that do not parse, so a test that parses output also checks its syntax.
 */
final class ExpositionParser
{
    record Sample(String name, Map<String, String> labels, double value)
    {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    final Map<String, String> help = new LinkedHashMap<>();
    final Map<String, String> type = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static ExpositionParser parse(final String text)
    {
        final ExpositionParser parser = new ExpositionParser();
        if (!text.endsWith("\n"))
        {
            throw new IllegalArgumentException("exposition must end with a line feed");
        }
        for (final String line : text.split("\n"))
        {
            parser.line(line);
        }
        return parser;
    }

    private void line(final String line)
    {
        if (line.startsWith("# HELP "))
        {
            final String[] parts = line.substring(7).split(" ", 2);
            if (help.put(parts[0], parts[1]) != null)
            {
                throw new IllegalArgumentException("HELP twice: " + line);
            }
            return;
        }
        if (line.startsWith("# TYPE "))
        {
            final String[] parts = line.substring(7).split(" ", 2);
            if (!List.of("counter", "gauge", "summary", "histogram", "untyped").contains(parts[1]) || type.put(parts[0], parts[1]) != null)
            {
                throw new IllegalArgumentException("bad TYPE: " + line);
            }
            return;
        }
        final Matcher name = NAME.matcher(line);
        if (!name.lookingAt())
        {
            throw new IllegalArgumentException("bad line: " + line);
        }
        final String metric = name.group();
        final String family = family(metric);
        if (!type.containsKey(family) || !help.containsKey(family))
        {
            throw new IllegalArgumentException("sample before its HELP and TYPE: " + line);
        }
        int at = name.end();
        final Map<String, String> labels = new HashMap<>();
        if (line.charAt(at) == '{')
        {
            at++;
            while (line.charAt(at) != '}')
            {
                final Matcher label = NAME.matcher(line).region(at, line.length());
                if (!label.lookingAt() || line.charAt(label.end()) != '=' || line.charAt(label.end() + 1) != '"')
                {
                    throw new IllegalArgumentException("bad label at " + at + ": " + line);
                }
                at = label.end() + 2;
                final StringBuilder value = new StringBuilder();
                while (line.charAt(at) != '"')
                {
                    char c = line.charAt(at++);
                    if (c == '\\')
                    {
                        final char next = line.charAt(at++);
                        c = next == 'n' ? '\n' : next;
                        if (next != 'n' && next != '\\' && next != '"')
                        {
                            throw new IllegalArgumentException("bad escape: " + line);
                        }
                    }
                    value.append(c);
                }
                at++;
                if (labels.put(label.group(), value.toString()) != null)
                {
                    throw new IllegalArgumentException("label twice: " + line);
                }
                if (line.charAt(at) == ',')
                {
                    at++;
                }
            }
            at++;
        }
        if (line.charAt(at) != ' ')
        {
            throw new IllegalArgumentException("no space before value: " + line);
        }
        final String value = line.substring(at + 1);
        final double parsed = value.equals("+Inf") ? Double.POSITIVE_INFINITY
            : value.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value);
        samples.add(new Sample(metric, labels, parsed));
    }

    private String family(final String metric)
    {
        for (final String suffix : new String[] {"_bucket", "_sum", "_count"})
        {
            if (metric.endsWith(suffix))
            {
                final String base = metric.substring(0, metric.length() - suffix.length());
                final String baseType = type.get(base);
                if ("summary".equals(baseType) || "histogram".equals(baseType))
                {
                    return base;
                }
            }
        }
        return metric;
    }

    /** The one sample with this name and exactly these labels. */
    double value(final String name, final Map<String, String> labels)
    {
        Double found = null;
        for (final Sample sample : samples)
        {
            if (sample.name().equals(name) && sample.labels().equals(labels))
            {
                if (found != null)
                {
                    throw new IllegalArgumentException("duplicate sample " + name + labels);
                }
                found = sample.value();
            }
        }
        if (found == null)
        {
            throw new IllegalArgumentException("no sample " + name + labels);
        }
        return found;
    }
}
