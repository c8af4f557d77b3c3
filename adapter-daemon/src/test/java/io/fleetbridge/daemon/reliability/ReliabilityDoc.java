package io.fleetbridge.daemon.reliability;

import com.dslplatform.json.DslJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Assembles {@code docs/reliability.md} from the measurements the scenarios wrote under
 * {@code target/reliability/}: one table per scenario and what it shows. Each scenario rewrites
 * the document after writing its own file (when {@code -Dfleetbridge.reliabilityDoc=FILE} is
 * set, as the {@code reliability-doc} profile does), so the last one to finish leaves it complete.
 * Runs on the calling thread; the scenarios of one JVM run one after the other.
 */
public final class ReliabilityDoc
{
    static final String COMMAND = "mvn -B -pl test-support,adapter-core,adapter-daemon -am clean verify -Preliability-doc";
    private static final Set<String> TABLED = Set.of("id", "title", "setup", "sent", "received", "published", "landed",
        "duplicatesInStream", "ackedDuplicates", "retries", "recoveryMs", "recoveryFrom", "shows", "dropped", "section");

    /** What a section says before its scenarios. */
    private static final Map<String, String> SECTIONS = Map.of("Hostile input",
        "What a hostile node or a careless operator tried against the daemon, each attempt an automated test; every row\n"
            + "says what was sent and what landed. Nothing forged was let in, nothing genuine was lost, and every input\n"
            + "was counted: published, or dropped with its reason.\n");

    private ReliabilityDoc()
    {
    }

    /** {@code ReliabilityDoc MEASUREMENTS_DIR OUTPUT_FILE}: assembles the document by hand. */
    public static void main(final String[] args) throws IOException
    {
        write(Path.of(args[0]), Path.of(args[1]));
    }

    static void writeIfRequested() throws IOException
    {
        final String target = System.getProperty("fleetbridge.reliabilityDoc");
        if (target != null && !target.isBlank())
        {
            write(ScenarioReport.DIRECTORY, Path.of(target));
        }
    }

    static void write(final Path measurements, final Path output) throws IOException
    {
        final List<Map<String, Object>> scenarios = new ArrayList<>();
        final DslJson<Object> json = new DslJson<>();
        final List<Path> files;
        try (Stream<Path> listing = Files.list(measurements))
        {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        for (final Path file : files)
        {
            final byte[] bytes = Files.readAllBytes(file);
            @SuppressWarnings("unchecked")
            final Map<String, Object> scenario = json.deserialize(Map.class, bytes, bytes.length);
            scenarios.add(scenario);
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, render(scenarios));
    }

    static String render(final List<Map<String, Object>> scenarios)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Reliability: what happens when things break\n\n")
            .append("Every scenario below is an automated test against real `nats-server` processes (a single server, or a\n")
            .append("3-node cluster with an R3 stream); ingest and JetStream run on separate servers unless said. Load is\n")
            .append("sent on a fixed schedule by a sender thread. Each test checks the accounting invariant\n")
            .append("`received = published + dropped{reason}` from the daemon's own counters, and reads the whole stream\n")
            .append("back to check that each accepted message is in it exactly once, by request id.\n\n")
            .append("The tables are generated from one run of the tests (`adapter-daemon/src/test/java/io/fleetbridge/daemon/reliability/`);\n")
            .append("regenerate this file with:\n\n")
            .append("```\n").append(COMMAND).append("\n```\n\n")
            .append("The short forms run in every build; `-Preliability-long` runs each with ten times the load.\n")
            .append("Numbers are from a small shared machine (").append(Runtime.getRuntime().availableProcessors())
            .append(" cores) and vary from run to run; the invariants do not.\n\n")
            .append("Rows: *sent* inputs published on the ingest subject; *received* taken off it by the daemon;\n")
            .append("*published* acknowledged by JetStream (a retry that JetStream reports as a duplicate counts once);\n")
            .append("*landed* distinct request ids in the stream; *duplicates in stream* copies beyond the first (always 0);\n")
            .append("*acked as duplicate* retries JetStream de-duplicated by `Nats-Msg-Id`; *recovery* from the end of\n")
            .append("the fault until everything received up to then was settled.\n");
        Object section = null;
        for (final Map<String, Object> s : scenarios)
        {
            final Object current = s.get("section");
            if (current != null && !current.equals(section))
            {
                md.append("\n## ").append(current).append("\n\n").append(SECTIONS.getOrDefault(current, ""));
            }
            section = current;
            md.append(section == null ? "\n## " : "\n### ").append(s.get("title")).append("\n\n").append(s.get("setup")).append("\n\n")
                .append("| measure | value |\n| --- | --- |\n");
            row(md, "sent", s.get("sent"));
            row(md, "received", s.get("received"));
            row(md, "published (acknowledged)", s.get("published"));
            row(md, "landed (distinct in stream)", s.get("landed"));
            row(md, "duplicates in stream", s.get("duplicatesInStream"));
            row(md, "acked as duplicate (de-duplicated retries)", s.get("ackedDuplicates"));
            row(md, "publish retries", s.get("retries"));
            row(md, "dropped by reason", drops(s.get("dropped")));
            if (s.get("recoveryMs") != null)
            {
                row(md, "recovery", number(s.get("recoveryMs")) + " ms (from " + s.get("recoveryFrom") + ")");
            }
            for (final Map.Entry<String, Object> extra : s.entrySet())
            {
                if (!TABLED.contains(extra.getKey()))
                {
                    row(md, extra.getKey(), extra.getValue());
                }
            }
            md.append("\n").append(s.get("shows")).append("\n");
        }
        md.append("\n## Fuzzing the decoder\n\n")
            .append("`adapter-core/src/test/java/io/fleetbridge/adapter/DecoderPropertiesTest.java` holds jqwik properties over\n")
            .append("inputs generated from valid Choria messages of every form (arbitrary senders, ids, times, payloads): valid\n")
            .append("ones are accepted and their fields reach the envelope; layer mutations, splices of two messages and any\n")
            .append("nesting depth never throw, and whatever is accepted encodes to an envelope that parses with a usable\n")
            .append("sender; every strict prefix is refused. Every build runs 1,000 tries per property. The long run:\n\n")
            .append("```\nmvn -B -pl test-support,adapter-core -am verify -Dtest=DecoderPropertiesTest \\\n")
            .append("    -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=1000000\n```\n\n")
            .append("A failure is shrunk to a small input and its seed is replayed first on the next run\n")
            .append("(`adapter-core/target/jqwik-database`). `CodecFuzzTest` adds seeded random mutation and byte soup.\n");
        return md.toString();
    }

    private static void row(final StringBuilder md, final String name, final Object value)
    {
        if (value != null)
        {
            md.append("| ").append(name).append(" | ").append(value instanceof Number ? number(value) : value).append(" |\n");
        }
    }

    private static String number(final Object value)
    {
        final double d = ((Number)value).doubleValue();
        return d == Math.rint(d) ? String.format("%,d", (long)d) : String.format("%,.1f", d);
    }

    private static String drops(final Object dropped)
    {
        if (!(dropped instanceof Map))
        {
            return null;
        }
        final StringBuilder text = new StringBuilder();
        long zero = 0;
        for (final Map.Entry<?, ?> entry : ((Map<?, ?>)dropped).entrySet())
        {
            if (((Number)entry.getValue()).longValue() != 0)
            {
                text.append(text.length() > 0 ? ", " : "").append('`').append(entry.getKey()).append("` ")
                    .append(number(entry.getValue()));
            }
            else
            {
                zero++;
            }
        }
        return text.length() == 0 ? "none" : text + (zero > 0 ? ", no others" : "");
    }
}
