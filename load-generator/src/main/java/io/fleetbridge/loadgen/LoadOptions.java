package io.fleetbridge.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Option;

/**
 * Everything a run needs, with its command-line option, default and accessor together. The
 * command line fills it through picocli; tests use the fluent setters:
 * {@code new LoadOptions().servers("nats://127.0.0.1:4222").nodes(100).schedule(ScheduleKind.RATE).rate(500)}.
 *
 * <p>Not thread safe; {@link LoadRun} reads it once at start.
 */
public final class LoadOptions
{
    static final String DEFAULT_STREAM = "NODE_METADATA";
    static final String DEFAULT_TOPIC = "choria.node_metadata.%s";

    @Option(names = "--servers", split = ",", paramLabel = "URL",
        description = "Ingest NATS server URLs the fleet publishes to (comma separated). Default: ${DEFAULT-VALUE}")
    private List<String> servers = List.of("nats://127.0.0.1:4222");

    @Option(names = "--subject", paramLabel = "SUBJECT",
        description = "Ingest subject (the adapter's ingest.topic). Default: ${DEFAULT-VALUE}")
    private String subject = "choria.broadcast.agent.registration";

    @Option(names = "--stream-servers", split = ",", paramLabel = "URL",
        description = "NATS servers of the JetStream output to verify against. Default: the --servers")
    private List<String> streamServers;

    @Option(names = "--stream", paramLabel = "NAME",
        description = "Output stream to read back from. Default: ${DEFAULT-VALUE}")
    private String stream = DEFAULT_STREAM;

    @Option(names = "--topic", paramLabel = "TEMPLATE",
        description = "Output subject template (the adapter's stream.topic); %%s is the sender. Default: ${DEFAULT-VALUE}")
    private String topic = DEFAULT_TOPIC;

    @Option(names = "--adapter-type", paramLabel = "TYPE", converter = AdapterTypeConverter.class,
        description = "The <type> in the envelopes' protocol (choria:adapters:<type>:output:1): the adapter's type (jetstream or "
            + "choria_streams), or choria_streams whatever the type when the daemon sets stream.protocol_compat = go-choria. "
            + "Default: ${DEFAULT-VALUE}")
    private String adapterType = "jetstream";

    @Option(names = "--create-stream",
        description = "Create the output stream (file storage, subjects from --topic) if it does not exist.")
    private boolean createStream;

    @Option(names = "--nodes", paramLabel = "N",
        description = "Virtual nodes in the fleet; a million fit in a few hundred MB of heap. Default: ${DEFAULT-VALUE}")
    private int nodes = 10_000;

    @Option(names = "--schedule", paramLabel = "KIND", converter = ScheduleKindText.class,
        description = "steady (each node every --interval, splayed), rate (--rate msgs/s in total), "
            + "burst (every node once within --window), max (as fast as possible). Default: ${DEFAULT-VALUE}")
    private ScheduleKind schedule = ScheduleKind.STEADY;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationText.class,
        description = "steady: registration interval of each node. Default: 300s")
    private Duration interval = Duration.ofSeconds(300);

    @Option(names = "--rate", paramLabel = "MSGS_PER_S",
        description = "rate: total messages per second. Default: ${DEFAULT-VALUE}")
    private double rate = 1000;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationText.class,
        description = "burst: the window all nodes send within; --duration must not be shorter. Default: 10s")
    private Duration window = Duration.ofSeconds(10);

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationText.class,
        description = "Stop sending after this long (250ms, 30s, 1m30s, 2h; a plain number is seconds). Default: 60s")
    private Duration duration = Duration.ofSeconds(60);

    @Option(names = "--count", paramLabel = "N",
        description = "Stop sending after this many messages (0: only --duration bounds the run). Default: ${DEFAULT-VALUE}")
    private long count;

    @Option(names = "--churn", paramLabel = "FRACTION",
        description = "Fleet churn: this fraction of the nodes (0..1, e.g. 0.01; chosen by --seed) stops at --churn-at and "
            + "sends nothing until --churn-return-at; their skipped registrations are not counted as missing. Default: 0")
    private double churn;

    @Option(names = "--churn-at", paramLabel = "DURATION", converter = DurationText.class,
        description = "With --churn: when the nodes stop, after the start (within --duration).")
    private Duration churnAt;

    @Option(names = "--churn-return-at", paramLabel = "DURATION", converter = DurationText.class,
        description = "With --churn: when the stopped nodes resume their schedule, after the start. Default: they stay stopped")
    private Duration churnReturnAt;

    @Option(names = "--churn-list", paramLabel = "FILE",
        description = "With --churn: write the stopped nodes' sender ids, one per line, before the first message.")
    private Path churnList;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", converter = WireProtocolText.class,
        description = "v1-request, v1-reply or v2-request. Default: ${DEFAULT-VALUE}")
    private WireProtocol protocol = WireProtocol.V1_REQUEST;

    @Option(names = "--size", paramLabel = "SPEC",
        description = "Registration payload bytes per node: MIN-MAX (uniform, per node) or a fixed N; k = KiB. Default: ${DEFAULT-VALUE}")
    private String size = "1024-4096";

    @Option(names = "--sign",
        description = "Sign v1 requests with RSA (a key and self-signed certificate are generated unless --sign-key and --sign-cert are given); "
            + "signatures are made once per payload template. Without it: the insecure registration signature.")
    private boolean sign;

    @Option(names = "--sign-each",
        description = "With --sign: sign every message over its exact bytes, for an adapter with ingest.verify; "
            + "RSA signing then limits the rate (roughly a thousand msgs/s per connection).")
    private boolean signEach;

    @Option(names = "--sign-key", paramLabel = "PEM", description = "PKCS#8 PEM private key (RSA) for --sign.")
    private Path signKey;

    @Option(names = "--sign-cert", paramLabel = "PEM", description = "PEM certificate for --sign.")
    private Path signCert;

    @Option(names = "--connections", paramLabel = "N",
        description = "Publishing connections, each with its own thread, when one cannot keep up. Default: ${DEFAULT-VALUE}")
    private int connections = 1;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationText.class,
        description = "After sending, how long to wait for stragglers to land. Default: 30s")
    private Duration drainTimeout = Duration.ofSeconds(30);

    @Option(names = "--drain-idle", paramLabel = "DURATION", converter = DurationText.class,
        description = "After sending, stop waiting early once nothing new has landed for this long (0: wait the whole "
            + "--drain-timeout). Default: 10s")
    private Duration drainIdle = Duration.ofSeconds(10);

    @Option(names = "--late-after", paramLabel = "DURATION", converter = DurationText.class,
        description = "A message landing later than this after its scheduled send time counts as late. Default: 5s")
    private Duration lateAfter = Duration.ofSeconds(5);

    @Option(names = "--allow-loss", paramLabel = "N|P%", converter = LossAllowanceText.class,
        description = "Missing plus corrupted messages tolerated before the exit status is 1: a count or a percentage. Default: 0")
    private LossAllowance allowLoss = LossAllowance.NONE;

    @Option(names = "--metrics-url", paramLabel = "URL",
        description = "The daemon's /metrics: its received, published and dropped counters (by reason) are reported beside what the verifier saw.")
    private String metricsUrl;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the latency percentile distribution (HdrHistogram .hgrm, ms).")
    private Path hgrm;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG: latency by percentile, and throughput and latency over time.")
    private Path plot;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of node order and splay, for repeatable schedules. Default: random")
    private Long seed;

    @Option(names = "--quiet", description = "No progress line on stderr.")
    private boolean quiet;

    @Option(names = "--show-envelope", description = "Print one landed envelope (subject and body) in the report.")
    private boolean showEnvelope;

    public List<String> servers() { return servers; }
    public LoadOptions servers(final String... urls) { this.servers = List.of(urls); return this; }
    public String subject() { return subject; }
    public LoadOptions subject(final String value) { this.subject = value; return this; }
    public List<String> streamServers() { return streamServers == null || streamServers.isEmpty() ? servers : streamServers; }
    public LoadOptions streamServers(final String... urls) { this.streamServers = List.of(urls); return this; }
    public String stream() { return stream; }
    public LoadOptions stream(final String value) { this.stream = value; return this; }
    public String topic() { return topic; }
    public LoadOptions topic(final String value) { this.topic = value; return this; }
    public String adapterType() { return adapterType; }
    public LoadOptions adapterType(final String value) { this.adapterType = value; return this; }
    public boolean createStream() { return createStream; }
    public LoadOptions createStream(final boolean value) { this.createStream = value; return this; }
    public int nodes() { return nodes; }
    public LoadOptions nodes(final int value) { this.nodes = value; return this; }
    public ScheduleKind schedule() { return schedule; }
    public LoadOptions schedule(final ScheduleKind value) { this.schedule = value; return this; }
    public Duration interval() { return interval; }
    public LoadOptions interval(final Duration value) { this.interval = value; return this; }
    public double rate() { return rate; }
    public LoadOptions rate(final double value) { this.rate = value; return this; }
    public Duration window() { return window; }
    public LoadOptions window(final Duration value) { this.window = value; return this; }
    public Duration duration() { return duration; }
    public LoadOptions duration(final Duration value) { this.duration = value; return this; }
    public long count() { return count; }
    public LoadOptions count(final long value) { this.count = value; return this; }
    public double churn() { return churn; }
    public LoadOptions churn(final double fraction) { this.churn = fraction; return this; }
    public Duration churnAt() { return churnAt; }
    public LoadOptions churnAt(final Duration value) { this.churnAt = value; return this; }
    /** Null when the stopped nodes stay stopped to the end of the run. */
    public Duration churnReturnAt() { return churnReturnAt; }
    public LoadOptions churnReturnAt(final Duration value) { this.churnReturnAt = value; return this; }
    public Path churnList() { return churnList; }
    public LoadOptions churnList(final Path file) { this.churnList = file; return this; }
    public WireProtocol protocol() { return protocol; }
    public LoadOptions protocol(final WireProtocol value) { this.protocol = value; return this; }
    public String size() { return size; }
    public LoadOptions size(final String value) { this.size = value; return this; }
    public boolean sign() { return sign; }
    public LoadOptions sign(final boolean value) { this.sign = value; return this; }
    public boolean signEach() { return signEach; }
    public LoadOptions signEach(final boolean value) { this.signEach = value; this.sign |= value; return this; }
    public Path signKey() { return signKey; }
    public Path signCert() { return signCert; }
    public LoadOptions signWith(final Path key, final Path certificate) { this.signKey = key; this.signCert = certificate; this.sign = true; return this; }
    public int connections() { return connections; }
    public LoadOptions connections(final int value) { this.connections = value; return this; }
    public Duration drainTimeout() { return drainTimeout; }
    public LoadOptions drainTimeout(final Duration value) { this.drainTimeout = value; return this; }
    public Duration drainIdle() { return drainIdle; }
    public LoadOptions drainIdle(final Duration value) { this.drainIdle = value; return this; }
    public Duration lateAfter() { return lateAfter; }
    public LoadOptions lateAfter(final Duration value) { this.lateAfter = value; return this; }
    public LossAllowance allowLoss() { return allowLoss; }
    public LoadOptions allowLoss(final LossAllowance value) { this.allowLoss = value; return this; }
    public String metricsUrl() { return metricsUrl; }
    public LoadOptions metricsUrl(final String value) { this.metricsUrl = value; return this; }
    public Path hgrm() { return hgrm; }
    public LoadOptions hgrm(final Path value) { this.hgrm = value; return this; }
    public Path plot() { return plot; }
    public LoadOptions plot(final Path value) { this.plot = value; return this; }
    public Long seed() { return seed; }
    public LoadOptions seed(final long value) { this.seed = value; return this; }
    public boolean quiet() { return quiet; }
    public LoadOptions quiet(final boolean value) { this.quiet = value; return this; }
    public boolean showEnvelope() { return showEnvelope; }
    public LoadOptions showEnvelope(final boolean value) { this.showEnvelope = value; return this; }

    /** Checks what picocli cannot; throws {@link IllegalArgumentException} naming the option. */
    void validate()
    {
        require(nodes >= 1, "--nodes must be at least 1");
        require(connections >= 1 && connections <= 64, "--connections must be 1..64");
        require(count >= 0, "--count must not be negative");
        require(!duration.isZero() || count > 0, "--duration 0 needs a --count");
        require(schedule != ScheduleKind.RATE || rate > 0, "--rate must be positive");
        require(schedule != ScheduleKind.STEADY || !interval.isZero(), "--interval must be positive");
        require(!sign || protocol == WireProtocol.V1_REQUEST, "--sign applies to --protocol v1-request only");
        require(!signEach || sign, "--sign-each needs --sign");
        require((signKey == null) == (signCert == null), "--sign-key and --sign-cert go together");
        require(topic.contains("%s"), "--topic must contain %s (the sender)");
        SizeDistribution.parse(size);
        validateChurn();
        if (schedule == ScheduleKind.BURST)
        {
            // a burst is every node once: a bound that cuts it short would run a different test under the same name
            require(duration.isZero() || duration.compareTo(window) >= 0, String.format(Locale.ROOT,
                "--duration %s would cut the burst short: about %d of the %d nodes send within it, not every node "
                    + "within --window %s; give --duration at least the window",
                DurationText.format(duration), (long)(nodes * (duration.toNanos() / (double)window.toNanos())), nodes,
                DurationText.format(window)));
            require(count == 0 || count >= nodes, String.format(Locale.ROOT,
                "--count %d would cut the burst short: %d of the %d nodes would send; give --count 0 or at least --nodes, "
                    + "or fewer --nodes", count, count, nodes));
        }
    }

    private void validateChurn()
    {
        require(churn >= 0 && churn <= 1, "--churn is a fraction of the nodes, 0..1 (0.01 is one node in a hundred), not " + churn);
        if (churn == 0)
        {
            require(churnAt == null && churnReturnAt == null && churnList == null,
                "--churn-at, --churn-return-at and --churn-list need --churn");
            return;
        }
        require(FleetChurn.stoppedCount(churn, nodes) >= 1, String.format(Locale.ROOT,
            "--churn %s of %d nodes stops no node; give at least %s", churn, nodes, 1.0 / nodes));
        require(churnAt != null, "--churn needs --churn-at: when the nodes stop");
        require(duration.isZero() || churnAt.compareTo(duration) < 0, String.format(Locale.ROOT,
            "--churn-at %s is not within --duration %s: no node would stop", DurationText.format(churnAt),
            DurationText.format(duration)));
        require(churnReturnAt == null || churnReturnAt.compareTo(churnAt) > 0, String.format(Locale.ROOT,
            "--churn-return-at must be after --churn-at %s", DurationText.format(churnAt)));
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * A parser's {@link IllegalArgumentException} as picocli's conversion error, so that the user sees the
     * parser's own message, not an exception's class name.
     */
    static <T> T converted(final java.util.function.Supplier<T> parse)
    {
        try
        {
            return parse.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new picocli.CommandLine.TypeConversionException(ex.getMessage());
        }
    }

    /** picocli converters that reuse the parsers' own messages. */
    static final class ScheduleKindText implements picocli.CommandLine.ITypeConverter<ScheduleKind>
    {
        @Override
        public ScheduleKind convert(final String value)
        {
            return converted(() -> ScheduleKind.parse(value));
        }
    }

    static final class WireProtocolText implements picocli.CommandLine.ITypeConverter<WireProtocol>
    {
        @Override
        public WireProtocol convert(final String value)
        {
            return converted(() -> WireProtocol.parse(value));
        }
    }

    static final class LossAllowanceText implements picocli.CommandLine.ITypeConverter<LossAllowance>
    {
        @Override
        public LossAllowance convert(final String value)
        {
            return converted(() -> LossAllowance.parse(value));
        }
    }

    /** Only the two types an envelope can name: another word would count every envelope corrupt rather than be refused. */
    static final class AdapterTypeConverter implements picocli.CommandLine.ITypeConverter<String>
    {
        @Override
        public String convert(final String value)
        {
            if (!value.equals("jetstream") && !value.equals("choria_streams"))
            {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not an adapter type: expected jetstream or choria_streams");
            }
            return value;
        }
    }
}
