package io.fleetbridge.adapter;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of one adapter, as the pipeline needs them: already validated, defaulted and
 * normalised (server lists are URLs, the queue length is a power of two, durations are
 * milliseconds).
 *
 * <p>Immutable and safe to share between threads. Pure data: reading and checking the
 * configuration file is the daemon's job, so that tests and benchmarks can build one with
 * {@link #builder(String)} and no file at all. The {@code DEFAULT_*} constants are the single
 * source of the defaults; the daemon's key table and its generated documentation use them.
 */
public final class AdapterConfig
{
    /**
     * Ring slots when {@code queue_len} is not set. Measured (docs/benchmarks-method.md, "Ring size"):
     * 16,384 takes a 20,000-node registration herd within one second without loss, where 1,024
     * and 4,096 lost 17-50% of it; about 64 MB of buffers at 4 KiB per registration.
     */
    public static final int DEFAULT_QUEUE_LENGTH = 16384;
    /** Largest ring the daemon accepts; every slot is allocated at start. */
    public static final int MAX_QUEUE_LENGTH = 1 << 24;
    /** Publishers (each with its own NATS connection), as in the Choria Broker. */
    public static final int DEFAULT_STREAM_WORKERS = 10;
    /** Ingest connections in the queue group, as in the Choria Broker. */
    public static final int DEFAULT_INGEST_WORKERS = 10;
    /**
     * Acknowledgements one publisher may wait for at once. With one publisher per processor that
     * is 2,048 per adapter on a two-core broker: JetStream's throughput is flat from 1k to 10k
     * acks in flight, and a bounded window keeps the ack round trip under the timeout when the
     * server is saturated (at 10k in flight a busy server answered after more than 2 s, and the
     * retries that caused added load).
     */
    public static final int DEFAULT_MAX_INFLIGHT = 1024;
    /** Largest window of acknowledgements per publisher; its arrays are allocated at start, and JetStream gains nothing beyond 10k in flight. */
    public static final int MAX_MAX_INFLIGHT = 1 << 16;
    /** How long a publish waits for its acknowledgement before it is retried. */
    public static final long DEFAULT_ACK_TIMEOUT_MS = 2_000;
    /**
     * How long one message is retried before it is dropped: Choria's default registration
     * interval, after which a newer registration from the same node supersedes it.
     */
    public static final long DEFAULT_RETRY_FOR_MS = 300_000;
    /** Largest input accepted: the NATS server's default max payload. */
    public static final int DEFAULT_INGEST_MAX_BYTES = 1_048_576;
    /** Certificates {@code ingest.verify} remembers as checked, one per node that signs. */
    public static final int DEFAULT_SIGNER_CACHE_SIZE = 65_536;
    /** Most certificates {@code ingest.verify} may remember: with twice the slots of the nodes, a fleet of half a million. */
    public static final int MAX_SIGNER_CACHE_SIZE = 1 << 20;
    /** How long shutdown waits for outstanding acknowledgements. */
    public static final long DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
    /**
     * Certificate names that may sign for any caller: go-choria's default of
     * {@code plugin.choria.security.privileged_users} ({@code PrivilegedUsers} in config/choria.go).
     */
    public static final String DEFAULT_PRIVILEGED_USERS = "\\.privileged.mcollective$,\\.privileged.choria$";
    /**
     * With verification: how far a request's time may be ahead of this daemon's clock, and how
     * long past its ttl it is still taken. Choria tolerates a time up to the ttl (60 s by
     * default, at least 30 s by its schema) either side of its own clock; half a minute covers
     * clocks kept by NTP and keeps the replay window short.
     */
    public static final long DEFAULT_VERIFY_CLOCK_SKEW_MS = 30_000;
    /** Largest clock skew allowance. */
    public static final long MAX_VERIFY_CLOCK_SKEW_MS = 3_600_000;
    /** Smallest {@code queue_bytes} accepted. */
    public static final long MIN_QUEUE_BYTES = 64 * 1024;
    /** The share of the heap the queues of all adapters together hold by default; the client's pending inputs may hold as much again. */
    public static final int QUEUE_BYTES_HEAP_DIVISOR = 4;
    /** How publishers wait for the ring: blocking costs next to no CPU when idle; the others a core per publisher thread. */
    public static final RingWait DEFAULT_WAIT_STRATEGY = RingWait.BLOCKING;

    private final String name;
    private final String type;
    private final int queueLength;
    private final List<String> streamServers;
    private final String streamTopic;
    private final int streamWorkers;
    private final String ingestTopic;
    private final IngestProtocol ingestProtocol;
    private final int ingestWorkers;
    private final int workerLimit;
    private final List<String> ingestServers;
    private final int maxInflight;
    private final long ackTimeoutMs;
    private final long retryForMs;
    private final int ingestMaxBytes;
    private final int signerCacheSize;
    private final long drainTimeoutMs;
    private final long queueBytes;
    private final boolean verify;
    private final boolean acceptInsecureRegistration;
    private final boolean goChoriaProtocol;
    private final List<X509Certificate> verifyAuthorities;
    private final List<Pattern> privilegedUsers;
    private final long verifyClockSkewMs;
    private final RingWait waitStrategy;

    private AdapterConfig(final Builder b)
    {
        this.name = Objects.requireNonNull(b.name, "name");
        this.type = Objects.requireNonNull(b.type, "type");
        this.queueLength = roundUpToPowerOfTwo(positive("queueLength", b.queueLength));
        this.streamServers = nonEmpty("streamServers", b.streamServers);
        this.streamTopic = b.streamTopic == null ? b.name : b.streamTopic;
        SubjectTemplate.requirePublishable("streamTopic", streamTopic);
        this.streamWorkers = positive("streamWorkers", b.streamWorkers);
        this.ingestTopic = Objects.requireNonNull(b.ingestTopic, "ingestTopic");
        this.ingestProtocol = Objects.requireNonNull(b.ingestProtocol, "ingestProtocol");
        this.ingestWorkers = positive("ingestWorkers", b.ingestWorkers);
        this.workerLimit = positive("workerLimit", b.workerLimit);
        this.ingestServers = nonEmpty("ingestServers", b.ingestServers);
        this.maxInflight = inRange("maxInflight", b.maxInflight, MAX_MAX_INFLIGHT);
        this.ackTimeoutMs = positive("ackTimeoutMs", b.ackTimeoutMs);
        this.retryForMs = positive("retryForMs", b.retryForMs);
        this.ingestMaxBytes = positive("ingestMaxBytes", b.ingestMaxBytes);
        this.signerCacheSize = inRange("signerCacheSize", b.signerCacheSize, MAX_SIGNER_CACHE_SIZE);
        if (b.drainTimeoutMs < 0)
        {
            throw new IllegalArgumentException("drainTimeoutMs must not be negative: " + b.drainTimeoutMs);
        }
        this.drainTimeoutMs = b.drainTimeoutMs;
        if (b.queueBytes < MIN_QUEUE_BYTES)
        {
            throw new IllegalArgumentException("queueBytes must be at least " + MIN_QUEUE_BYTES + ": " + b.queueBytes);
        }
        this.queueBytes = b.queueBytes;
        this.verify = b.verify;
        this.acceptInsecureRegistration = b.acceptInsecureRegistration;
        this.goChoriaProtocol = b.goChoriaProtocol;
        this.verifyAuthorities = List.copyOf(b.verifyAuthorities);
        this.waitStrategy = Objects.requireNonNull(b.waitStrategy, "waitStrategy");
        if (verify && verifyAuthorities.isEmpty())
        {
            throw new IllegalArgumentException("verify needs at least one certificate authority to check signers against");
        }
        this.privilegedUsers = List.copyOf(b.privilegedUsers);
        if (b.verifyClockSkewMs < 0 || b.verifyClockSkewMs > MAX_VERIFY_CLOCK_SKEW_MS)
        {
            throw new IllegalArgumentException("verifyClockSkewMs must be 0.." + MAX_VERIFY_CLOCK_SKEW_MS + ": " + b.verifyClockSkewMs);
        }
        this.verifyClockSkewMs = b.verifyClockSkewMs;
    }

    /** {@link #DEFAULT_PRIVILEGED_USERS}, compiled. */
    public static List<Pattern> defaultPrivilegedUsers()
    {
        final List<Pattern> patterns = new ArrayList<>();
        for (final String entry : DEFAULT_PRIVILEGED_USERS.split(","))
        {
            patterns.add(CertificateNames.pattern(entry));
        }
        return List.copyOf(patterns);
    }

    /**
     * Compiles a {@code privileged_users} entry as go-choria's {@code MatchAnyRegex} reads it
     * ({@code /regex/} stands for {@code regex}); found anywhere in a certificate name.
     *
     * @throws java.util.regex.PatternSyntaxException when it is not a regular expression
     */
    public static Pattern privilegedPattern(final String entry)
    {
        return CertificateNames.pattern(entry);
    }

    /** A builder with every optional setting at its default; name, type, servers and ingest topic must be set. */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /** The adapter's name: the {@code <name>} in its keys and the {@code name} metrics label. */
    public String name()
    {
        return name;
    }

    /** {@code jetstream} or {@code choria_streams}; goes into the envelope's protocol. */
    public String type()
    {
        return type;
    }

    /** Ring slots, a power of two. */
    public int queueLength()
    {
        return queueLength;
    }

    /** JetStream servers as {@code nats://host:port} (or {@code tls://}) URLs, at least one. */
    public List<String> streamServers()
    {
        return streamServers;
    }

    /** Output subject; every {@code %s} is replaced by the sender. */
    public String streamTopic()
    {
        return streamTopic;
    }

    /** Publishers, each with its own connection. */
    public int streamWorkers()
    {
        return streamWorkers;
    }

    /** Subject the ingest workers subscribe to, in the queue group {@code nats_ingest_<name>}. */
    public String ingestTopic()
    {
        return ingestTopic;
    }

    /** Whether the ingest subject carries requests or replies. */
    public IngestProtocol ingestProtocol()
    {
        return ingestProtocol;
    }

    /** Ingest connections, as configured; see {@link #ingestWorkersRunning()}. */
    public int ingestWorkers()
    {
        return ingestWorkers;
    }

    /**
     * Ingest workers (connections, each with its dispatcher thread) actually run: the configured
     * count, at most {@link #workerLimit()}. Choria's default of ten on a two-core broker meant
     * twenty NATS client threads per side, each woken for every message it carries, and more
     * than twice the latency of one worker per core at half the bridge's rate (docs/benchmarks-method.md).
     */
    public int ingestWorkersRunning()
    {
        return Math.min(ingestWorkers, workerLimit);
    }

    /** Publishers (connections) actually run: the configured count, at most {@link #workerLimit()}. */
    public int streamWorkersRunning()
    {
        return Math.min(streamWorkers, workerLimit);
    }

    /** Upper bound of the workers run on each side: by default the processors this JVM may use. */
    public int workerLimit()
    {
        return workerLimit;
    }

    /** NATS servers to subscribe on, as URLs, at least one. */
    public List<String> ingestServers()
    {
        return ingestServers;
    }

    /** Acknowledgements one publisher may wait for at once. */
    public int maxInflight()
    {
        return maxInflight;
    }

    /** Wait for one acknowledgement before retrying, in milliseconds. */
    public long ackTimeoutMs()
    {
        return ackTimeoutMs;
    }

    /** Give-up bound for one message, in milliseconds from its first publish. */
    public long retryForMs()
    {
        return retryForMs;
    }

    /** Largest input accepted, in bytes; larger ones are dropped as {@code too_large}. */
    public int ingestMaxBytes()
    {
        return ingestMaxBytes;
    }

    /** Certificates {@code ingest.verify} remembers as checked ({@code stream.subject_cache}). */
    public int signerCacheSize()
    {
        return signerCacheSize;
    }

    /** How long shutdown waits for outstanding acknowledgements, in milliseconds. */
    public long drainTimeoutMs()
    {
        return drainTimeoutMs;
    }

    /**
     * Bytes the messages in the ring may hold together; an input that finds them held is dropped as
     * {@code queue_full}, as when the ring is full.
     */
    public long queueBytes()
    {
        return queueBytes;
    }

    /**
     * {@code queue_bytes} when the file does not set it: a quarter of this JVM's maximum heap
     * ({@code -Xmx}) split evenly among {@code adapters}, at least {@link #MIN_QUEUE_BYTES}.
     */
    public static long defaultQueueBytes(final int adapters)
    {
        return Math.max(MIN_QUEUE_BYTES, Runtime.getRuntime().maxMemory() / QUEUE_BYTES_HEAP_DIVISOR / Math.max(1, adapters));
    }

    /** Whether ingest accepts only v1 secure requests signed by a certificate from {@link #verifyAuthorities()}. */
    public boolean verify()
    {
        return verify;
    }

    /** With {@link #verify()}: whether requests signed {@code insecure registration} pass unverified. */
    public boolean acceptInsecureRegistration()
    {
        return acceptInsecureRegistration;
    }

    /**
     * The {@code <type>} the envelope's protocol names, {@code choria:adapters:<type>:output:1}: the
     * adapter's {@link #type()}, or {@code choria_streams} whatever the type when
     * {@link Builder#goChoriaProtocol(boolean)} asks for what today's go-choria writes
     * (broker/adapter/streams/output.go passes the constant "choria_streams" to
     * {@code transformer.TransformToOutput}).
     */
    public String envelopeType()
    {
        return goChoriaProtocol ? "choria_streams" : type;
    }

    /** The authorities a signer's certificate must chain to; empty unless {@link #verify()}. */
    public List<X509Certificate> verifyAuthorities()
    {
        return verifyAuthorities;
    }

    /** With {@link #verify()}: patterns of certificate names that may sign requests for any sender and caller. */
    public List<Pattern> privilegedUsers()
    {
        return privilegedUsers;
    }

    /** With {@link #verify()}: how far a request may be dated ahead of this daemon's clock, and taken past its ttl. */
    public long verifyClockSkewMs()
    {
        return verifyClockSkewMs;
    }

    /** How the publisher threads wait for the next message in the ring ({@code stream.wait_strategy}). */
    public RingWait waitStrategy()
    {
        return waitStrategy;
    }

    @Override
    public String toString()
    {
        return "AdapterConfig{name=" + name + ", type=" + type + ", queueLength=" + queueLength +
            ", streamServers=" + streamServers + ", streamTopic=" + streamTopic +
            ", streamWorkers=" + streamWorkers + ", ingestTopic=" + ingestTopic +
            ", ingestProtocol=" + ingestProtocol + ", ingestWorkers=" + ingestWorkers + ", workerLimit=" + workerLimit +
            ", ingestServers=" + ingestServers + ", maxInflight=" + maxInflight +
            ", ackTimeoutMs=" + ackTimeoutMs + ", retryForMs=" + retryForMs +
            ", ingestMaxBytes=" + ingestMaxBytes + ", signerCacheSize=" + signerCacheSize +
            ", drainTimeoutMs=" + drainTimeoutMs + ", queueBytes=" + queueBytes + ", waitStrategy=" + waitStrategy.label() + ", envelopeType=" + envelopeType() + ", verify=" + verify +
            (verify ? ", acceptInsecureRegistration=" + acceptInsecureRegistration + ", verifyAuthorities=" + verifyAuthorities.size() : "") + "}";
    }

    /** The smallest power of two not below {@code value}, which must be from 1 to 2^30. */
    public static int roundUpToPowerOfTwo(final int value)
    {
        if (value < 1 || value > (1 << 30))
        {
            throw new IllegalArgumentException("cannot round to a power of two: " + value);
        }
        return value == 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
    }

    private static int positive(final String what, final int value)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(what + " must be at least 1: " + value);
        }
        return value;
    }

    private static int inRange(final String what, final int value, final int max)
    {
        if (value < 1 || value > max)
        {
            throw new IllegalArgumentException(what + " must be from 1 to " + max + ": " + value);
        }
        return value;
    }

    private static long positive(final String what, final long value)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(what + " must be at least 1: " + value);
        }
        return value;
    }

    private static List<String> nonEmpty(final String what, final List<String> servers)
    {
        if (servers == null || servers.isEmpty())
        {
            throw new IllegalArgumentException(what + " must name at least one server");
        }
        return List.copyOf(servers);
    }

    /** Mutable, single-threaded; {@link #build()} checks and freezes it. */
    public static final class Builder
    {
        private final String name;
        private String type = "jetstream";
        private int queueLength = DEFAULT_QUEUE_LENGTH;
        private List<String> streamServers;
        private String streamTopic;
        private int streamWorkers = DEFAULT_STREAM_WORKERS;
        private String ingestTopic;
        private IngestProtocol ingestProtocol = IngestProtocol.REPLY;
        private int ingestWorkers = DEFAULT_INGEST_WORKERS;
        private int workerLimit = Runtime.getRuntime().availableProcessors();
        private List<String> ingestServers;
        private int maxInflight = DEFAULT_MAX_INFLIGHT;
        private long ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS;
        private long retryForMs = DEFAULT_RETRY_FOR_MS;
        private int ingestMaxBytes = DEFAULT_INGEST_MAX_BYTES;
        private int signerCacheSize = DEFAULT_SIGNER_CACHE_SIZE;
        private long drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
        private long queueBytes = defaultQueueBytes(1);
        private boolean verify;
        private boolean acceptInsecureRegistration;
        private boolean goChoriaProtocol;
        private List<X509Certificate> verifyAuthorities = List.of();
        private List<Pattern> privilegedUsers = defaultPrivilegedUsers();
        private long verifyClockSkewMs = DEFAULT_VERIFY_CLOCK_SKEW_MS;
        private RingWait waitStrategy = DEFAULT_WAIT_STRATEGY;

        private Builder(final String name)
        {
            this.name = name;
        }

        public Builder type(final String type)
        {
            this.type = type;
            return this;
        }

        /** Rounded up to a power of two by {@link #build()}. */
        public Builder queueLength(final int queueLength)
        {
            this.queueLength = queueLength;
            return this;
        }

        public Builder streamServers(final List<String> streamServers)
        {
            this.streamServers = streamServers;
            return this;
        }

        /** Defaults to the adapter's name. */
        public Builder streamTopic(final String streamTopic)
        {
            this.streamTopic = streamTopic;
            return this;
        }

        public Builder streamWorkers(final int streamWorkers)
        {
            this.streamWorkers = streamWorkers;
            return this;
        }

        public Builder ingestTopic(final String ingestTopic)
        {
            this.ingestTopic = ingestTopic;
            return this;
        }

        public Builder ingestProtocol(final IngestProtocol ingestProtocol)
        {
            this.ingestProtocol = ingestProtocol;
            return this;
        }

        public Builder ingestWorkers(final int ingestWorkers)
        {
            this.ingestWorkers = ingestWorkers;
            return this;
        }

        public Builder ingestServers(final List<String> ingestServers)
        {
            this.ingestServers = ingestServers;
            return this;
        }

        public Builder maxInflight(final int maxInflight)
        {
            this.maxInflight = maxInflight;
            return this;
        }

        public Builder ackTimeoutMs(final long ackTimeoutMs)
        {
            this.ackTimeoutMs = ackTimeoutMs;
            return this;
        }

        public Builder retryForMs(final long retryForMs)
        {
            this.retryForMs = retryForMs;
            return this;
        }

        public Builder ingestMaxBytes(final int ingestMaxBytes)
        {
            this.ingestMaxBytes = ingestMaxBytes;
            return this;
        }

        public Builder signerCacheSize(final int signerCacheSize)
        {
            this.signerCacheSize = signerCacheSize;
            return this;
        }

        /** Zero means: do not wait for acknowledgements at shutdown. */
        public Builder drainTimeoutMs(final long drainTimeoutMs)
        {
            this.drainTimeoutMs = drainTimeoutMs;
            return this;
        }

        /** Bytes the ring's messages may hold together; defaults to {@link #defaultQueueBytes(int)} of one adapter. */
        public Builder queueBytes(final long queueBytes)
        {
            this.queueBytes = queueBytes;
            return this;
        }

        /**
         * Accept only v1 secure requests whose certificate chains to one of {@code authorities}
         * and whose signature verifies; everything else is rejected. Off by default.
         */
        public Builder verify(final List<X509Certificate> authorities, final boolean acceptInsecureRegistration)
        {
            this.verify = true;
            this.verifyAuthorities = authorities;
            this.acceptInsecureRegistration = acceptInsecureRegistration;
            return this;
        }

        /**
         * With {@link #verify}: certificates with a name matching one of these may sign for any
         * sender and caller; every other signer only for the names its certificate holds.
         * Defaults to {@link #DEFAULT_PRIVILEGED_USERS}.
         */
        public Builder privilegedUsers(final List<Pattern> privilegedUsers)
        {
            this.privilegedUsers = privilegedUsers;
            return this;
        }

        /** With {@link #verify}: 0 to {@link #MAX_VERIFY_CLOCK_SKEW_MS}; defaults to {@link #DEFAULT_VERIFY_CLOCK_SKEW_MS}. */
        public Builder verifyClockSkewMs(final long verifyClockSkewMs)
        {
            this.verifyClockSkewMs = verifyClockSkewMs;
            return this;
        }

        /**
         * Write {@code choria:adapters:choria_streams:output:1} as the envelope's protocol whatever
         * the type, as today's go-choria does, for consumers that match on that string. Off by
         * default: the protocol then names the type, as the Choria documentation specifies.
         */
        public Builder goChoriaProtocol(final boolean goChoriaProtocol)
        {
            this.goChoriaProtocol = goChoriaProtocol;
            return this;
        }

        /**
         * At most this many workers run on each side, whatever {@code ingest.workers} and
         * {@code stream.workers} say; defaults to the processors this JVM may use. For
         * benchmarks that measure a given number of connections on fewer cores.
         */
        public Builder workerLimit(final int workerLimit)
        {
            this.workerLimit = workerLimit;
            return this;
        }

        /** How the publisher threads wait for the ring; see {@link RingWait} for the CPU each choice costs. */
        public Builder waitStrategy(final RingWait waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the setting at fault */
        public AdapterConfig build()
        {
            return new AdapterConfig(this);
        }
    }
}
