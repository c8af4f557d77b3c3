package io.fleetbridge.daemon;

import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_ACK_TIMEOUT_MS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_DRAIN_TIMEOUT_MS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_INGEST_MAX_BYTES;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_INGEST_WORKERS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_MAX_INFLIGHT;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_QUEUE_LENGTH;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_RETRY_FOR_MS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_STREAM_WORKERS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_SIGNER_CACHE_SIZE;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_VERIFY_CLOCK_SKEW_MS;
import static io.fleetbridge.adapter.AdapterConfig.DEFAULT_WAIT_STRATEGY;
import static io.fleetbridge.adapter.AdapterConfig.MAX_MAX_INFLIGHT;
import static io.fleetbridge.adapter.AdapterConfig.MAX_QUEUE_LENGTH;
import static io.fleetbridge.adapter.AdapterConfig.MAX_VERIFY_CLOCK_SKEW_MS;
import static io.fleetbridge.adapter.AdapterConfig.MIN_QUEUE_BYTES;
import static io.fleetbridge.daemon.ConfigKey.adapter;
import static io.fleetbridge.daemon.ConfigKey.adapterComputed;
import static io.fleetbridge.daemon.ConfigKey.adapterRequired;
import static io.fleetbridge.daemon.ConfigKey.global;
import static io.fleetbridge.daemon.ConfigKey.globalComputed;
import static io.fleetbridge.daemon.ConfigKey.globalRequired;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.RingWait;
import io.fleetbridge.fleet.FleetSettings;

/**
 * The table of every key the daemon reads, in the order the documentation lists them. Adding a
 * key here documents it ({@code docs/configuration.md} is generated from this table) and makes it
 * known to the check for unknown adapter keys. Defaults of adapter keys come from
 * {@link io.fleetbridge.adapter.AdapterConfig}'s constants.
 */
public final class ConfigKeys
{
    // ---- the daemon

    public static final ConfigKey<String> IDENTITY = globalComputed("identity", "the host's fully qualified name",
        ValueType.text("any text"),
        "Name of this daemon: the identity label of every metric, and the certname of the `puppet` security provider. Unset, it is derived as Choria derives it: the kernel's host name when it has more than one dot, else the name its first IPv4 address resolves back to, else the kernel's host name.");
    public static final ConfigKey<String> LOG_LEVEL = global("loglevel", "info",
        ValueType.choice("debug", "info", "warn", "error", "fatal"),
        "Least severe log level written; fatal logs errors only.");
    public static final ConfigKey<String> LOG_FORMAT = globalComputed("logformat", "`json` when the log goes to a file, else `text`",
        ValueType.choice("text", "json"),
        "Layout of each log line: `text` for people; `json` for log collectors, one object per line as the Choria Broker writes its log file (logrus: `level`, `msg`, `time`, and `component`, the class that logged). Unset, a log file gets `json`, as the broker's does.");
    public static final ConfigKey<String> LOG_FILE = globalComputed("logfile", "standard output",
        ValueType.text("a file path, or stdout, stderr or discard"),
        "File the log is appended to; a leading `~` is `$HOME`, as in Choria, and a relative path is taken from the configuration file's directory, not from where the daemon was started. "
            + "As in Choria, `stdout`, `stderr` and `discard` (any case) are not files: the log goes to standard output, standard error, or nowhere.");
    public static final ConfigKey<String> STATS_ADDRESS = global("plugin.choria.stats_address", "127.0.0.1",
        ValueType.text("a host name or IP address"),
        "Address the HTTP endpoints listen on.");
    public static final ConfigKey<Integer> STATS_PORT = global("plugin.choria.stats_port", "0",
        ValueType.wholeNumber(0, 65535),
        "Port of the HTTP endpoints `/metrics`, `/choria/prometheus`, `/healthz` and `/readyz`, and `/fleet` and `/fleet.json` when an adapter sets `fleet.enable`; 0 turns them off.");
    public static final ConfigKey<List<String>> MIDDLEWARE_HOSTS = globalComputed("plugin.choria.middleware_hosts", "none",
        ValueType.serverList(),
        "NATS servers of the Choria fleet: where adapters without `ingest.servers` subscribe, and where those without `stream.servers` publish.");
    public static final ConfigKey<List<String>> ADAPTERS = globalRequired("plugin.choria.adapters",
        ValueType.nameList(),
        "The adapters to run; each has its own `plugin.choria.adapter.<name>.` keys.");
    public static final ConfigKey<List<String>> FLEETBRIDGE_ADAPTERS = globalComputed("plugin.fleetbridge.adapters",
        "the value of `plugin.choria.adapters`",
        ValueType.nameList(),
        "The adapters this daemon runs, instead of `plugin.choria.adapters`: the Choria Broker does not read it, so in a shared broker file the broker's own adapters can be switched off while this daemon keeps them (see the README, Migrating).");
    public static final ConfigKey<String> FLEETBRIDGE_LOG_FILE = globalComputed("plugin.fleetbridge.logfile", "the value of `logfile`",
        ValueType.text("a file path, or stdout, stderr or discard"),
        "This daemon's log file, instead of `logfile`, which in the broker's own file names the broker's log.");
    public static final ConfigKey<Integer> FLEETBRIDGE_STATS_PORT = globalComputed("plugin.fleetbridge.stats_port",
        "the value of `plugin.choria.stats_port`",
        ValueType.wholeNumber(0, 65535),
        "Port of this daemon's HTTP endpoints, instead of `plugin.choria.stats_port`, which in the broker's own file is the broker's port.");
    public static final ConfigKey<String> NATS_USER = globalComputed("plugin.nats.user", "none",
        ValueType.text("a user name"),
        "User name for every NATS connection; needs `plugin.nats.pass`. As in Choria, when the file sets it, the environment variable `MCOLLECTIVE_NATS_USERNAME` replaces it if set.");
    public static final ConfigKey<String> NATS_PASS = globalComputed("plugin.nats.pass", "none",
        ValueType.text("a password"),
        "Password for `plugin.nats.user`. Never logged. As in Choria, when the file sets it, `MCOLLECTIVE_NATS_PASSWORD` replaces it if set.");
    public static final ConfigKey<String> NATS_CREDENTIALS = globalComputed("plugin.nats.credentials", "none",
        ValueType.text("a file path"),
        "NATS credentials file (JWT and NKey seed) for every NATS connection, re-read at every reconnect. As in Choria, when the file sets it, `MCOLLECTIVE_NATS_CREDENTIALS` replaces it if set.");
    public static final ConfigKey<String> SECURITY_PROVIDER = globalComputed("plugin.security.provider", "none",
        ValueType.text("a Choria security provider name"),
        "With `file`, NATS connections use TLS with the three `plugin.security.file` keys; with `puppet`, with the host's files in `plugin.choria.ssldir`. Any other provider is refused; unset (unlike Choria, whose default is `puppet`) means plain connections.");
    public static final ConfigKey<String> TLS_CERTIFICATE = globalComputed("plugin.security.file.certificate", "none",
        ValueType.text("a file path"),
        "PEM certificate of this daemon; required when `plugin.security.provider = file`. In this key, `.key`, `.ca` and `plugin.choria.ssldir` a leading `~` is `$HOME`, as in Choria.");
    public static final ConfigKey<String> TLS_KEY = globalComputed("plugin.security.file.key", "none",
        ValueType.text("a file path"),
        "PEM private key of the certificate; required when `plugin.security.provider = file`.");
    public static final ConfigKey<String> TLS_CA = globalComputed("plugin.security.file.ca", "none",
        ValueType.text("a file path"),
        "PEM certificate authority the servers are checked against; required when `plugin.security.provider = file`.");
    public static final ConfigKey<String> SSL_DIR = globalComputed("plugin.choria.ssldir",
        "`/etc/puppetlabs/puppet/ssl` for root, else `~/.puppetlabs/etc/puppet/ssl`",
        ValueType.text("a directory path"),
        "Puppet's SSL directory, for `plugin.security.provider = puppet`: TLS uses `certs/<certname>.pem`, `private_keys/<certname>.pem` and `certs/ca.pem` in it. The certname is `identity`, or the `MCOLLECTIVE_CERTNAME` environment variable when set.");
    public static final ConfigKey<Boolean> INSECURE_SKIP_VERIFY_HOSTNAME = global("plugin.security.insecure_skip_verify_hostname", "false",
        ValueType.bool(),
        "Accept a server certificate that does not name the host connected to. Insecure: any certificate of the CA, which every node of the fleet holds, could then pose as a server and receive the credentials and the traffic; `check` warns while it is on. By default a server URL's host must be among the certificate's subject alternative names (DNS names, or IP addresses for an IP), or its common name with `plugin.security.support_legacy_certificates`.");
    public static final ConfigKey<Boolean> SUPPORT_LEGACY_CERTIFICATES = global("plugin.security.support_legacy_certificates", "false",
        ValueType.bool(),
        "Accept a server certificate that names the host connected to only by its common name (no DNS subject alternative names), as Choria does with this key; the `puppet` provider always does. Otherwise a host name must be among the certificate's DNS names, as Go's TLS checks it.");
    public static final ConfigKey<List<Pattern>> PRIVILEGED_USERS = global("plugin.choria.security.privileged_users",
        AdapterConfig.DEFAULT_PRIVILEGED_USERS,
        ValueType.patternList(AdapterConfig::privilegedPattern),
        "With `ingest.verify`: certificates whose common name or a DNS name matches one of these (found anywhere in the name; `/re/` stands for `re`, as in Choria) may sign requests for any `senderid` and `callerid`; every other signer only for the names in its certificate.");

    // ---- each adapter, under plugin.choria.adapter.<name>.

    public static final ConfigKey<String> TYPE = adapterRequired("type", adapterType(),
        "Kind of adapter; `choria_streams` is an alias of `jetstream`. Goes into the envelope's protocol.");
    public static final ConfigKey<Integer> QUEUE_LEN = adapter("queue_len", String.valueOf(DEFAULT_QUEUE_LENGTH),
        ValueType.wholeNumber(1, MAX_QUEUE_LENGTH),
        "Slots in the adapter's ring, rounded up to a power of two: bounds the messages waiting and the acknowledgements outstanding. A full ring drops new input as `queue_full`. The default took a 20,000-node registration herd within one second without loss (docs/benchmarks-method.md); raise it to 65536 for larger fleets per broker.");
    public static final ConfigKey<Long> QUEUE_BYTES = adapterComputed("queue_bytes",
        "a quarter of the JVM's maximum heap (`-Xmx`), split evenly among the adapters",
        ValueType.byteSize(MIN_QUEUE_BYTES, 1L << 40),
        "Bytes the messages in the adapter's ring may hold together (its `choria_adapter_queue_bytes`): while JetStream is away, large registrations fill the heap long before `queue_len` slots. Input that finds it reached is dropped as `queue_full`. Each ingest connection's client-side pending buffer is limited to its share of it too, beyond which input is dropped as `slow_consumer`; so keep the adapters' `queue_bytes` together below half the heap.");
    public static final ConfigKey<List<String>> STREAM_SERVERS = adapterComputed("stream.servers",
        "the value of `plugin.choria.middleware_hosts`, with a warning",
        ValueType.serverList(),
        "JetStream servers the adapter publishes to. Unset, the fleet's servers, as the Choria Broker does: set it where JetStream runs apart from them.");
    public static final ConfigKey<String> STREAM_TOPIC = adapterComputed("stream.topic", "the adapter name",
        ValueType.subject(false),
        "Subject published to; every `%s` becomes the sender's identity. A stream must capture it. "
            + "A sender longer than 255 bytes (the longest DNS name) is dropped as `invalid` (`sender_too_long` in `choria_adapter_rejected_msgs`), "
            + "and the topic's subjects with such a sender in every `%s` must fit in 3072 bytes.");
    public static final ConfigKey<Integer> STREAM_WORKERS = adapter("stream.workers", String.valueOf(DEFAULT_STREAM_WORKERS),
        ValueType.wholeNumber(1, 1024),
        "Publishers, each with its own NATS connection; a sender always goes to the same one, so its messages keep their order. At most one per processor runs: more only adds thread wake-ups and latency.");
    public static final ConfigKey<Integer> STREAM_MAX_INFLIGHT = adapter("stream.max_inflight", String.valueOf(DEFAULT_MAX_INFLIGHT),
        ValueType.wholeNumber(1, MAX_MAX_INFLIGHT),
        "Acknowledgements one running publisher waits for at once. A publisher whose window is full sends nothing more, so it stores at most this many per acknowledgement time: "
            + "raise it when the rate per publisher times the time an acknowledgement takes under load (`choria_adapter_time{role=\"output\"}`) comes near it; "
            + "keep it below what the stream stores in `stream.ack_timeout`, or a busy server's answers come after the timeout and the messages are sent again.");
    public static final ConfigKey<Long> STREAM_ACK_TIMEOUT = adapter("stream.ack_timeout", GoDuration.format(DEFAULT_ACK_TIMEOUT_MS),
        ValueType.duration(1, 3_600_000),
        "Wait for one acknowledgement before the publish is retried.");
    public static final ConfigKey<Long> STREAM_RETRY_FOR = adapter("stream.retry_for", GoDuration.format(DEFAULT_RETRY_FOR_MS),
        ValueType.duration(1, 86_400_000),
        "How long one message is retried before it is dropped as `publish_failed`; at least `stream.ack_timeout`. The default is Choria's registration interval, after which a newer registration supersedes the message.");
    public static final ConfigKey<Integer> STREAM_SUBJECT_CACHE = adapter("stream.subject_cache", String.valueOf(DEFAULT_SIGNER_CACHE_SIZE),
        ValueType.wholeNumber(1, AdapterConfig.MAX_SIGNER_CACHE_SIZE),
        "With `ingest.verify`: the signers' certificates remembered as checked, one per node, so that a node's next registration is not checked again; size it at the number of nodes or more. "
            + "Output subjects are built per message and no longer cached: the key keeps its name so that existing files still load.");
    public static final ConfigKey<RingWait> STREAM_WAIT_STRATEGY = adapter("stream.wait_strategy", DEFAULT_WAIT_STRATEGY.label(),
        ringWait(),
        "How each publisher thread waits for the next message. `blocking` sleeps until one comes or the acknowledgements it "
            + "awaits arrive, and wakes every millisecond only while it awaits some: next to no CPU when idle. "
            + "`yielding` and `busy_spin` never sleep: each publisher thread (one per running publisher, at most one per processor) "
            + "keeps a whole core busy even with no traffic, to save the wake-up on each batch; `busy_spin` does not even yield "
            + "it to other threads. Only for a broker host with a core set aside for each publisher thread. Measured: "
            + "docs/benchmarks-method.md.");
    public static final ConfigKey<String> INGEST_TOPIC = adapterRequired("ingest.topic",
        ValueType.subject(true),
        "Subject the adapter subscribes to, in the queue group `nats_ingest_<name>`, such as `choria.broadcast.agent.registration`.");
    public static final ConfigKey<IngestProtocol> INGEST_PROTOCOL = adapter("ingest.protocol", "reply",
        ingestProtocol(),
        "Whether the ingest subject carries Choria requests (registration) or replies.");
    public static final ConfigKey<Integer> INGEST_WORKERS = adapter("ingest.workers", String.valueOf(DEFAULT_INGEST_WORKERS),
        ValueType.wholeNumber(1, 1024),
        "Subscriptions (each with its own NATS connection) sharing the ingest subject. At most one per processor runs, as for `stream.workers`.");
    public static final ConfigKey<List<String>> INGEST_SERVERS = adapterComputed("ingest.servers", "the value of `plugin.choria.middleware_hosts`",
        ValueType.serverList(),
        "NATS servers the adapter subscribes on.");
    public static final ConfigKey<Integer> INGEST_MAX_BYTES = adapter("ingest.max_bytes", String.valueOf(DEFAULT_INGEST_MAX_BYTES),
        ValueType.wholeNumber(1, 64 << 20),
        "Largest input accepted; larger ones are dropped as `too_large`.");
    public static final ConfigKey<Boolean> INGEST_VERIFY = adapter("ingest.verify", "false",
        ValueType.bool(),
        "Accept only v1 secure requests whose `pubcert` chains to `plugin.security.file.ca`, names their `senderid` and `callerid` (unless privileged, see `plugin.choria.security.privileged_users`), and whose RSA SHA-256 `signature` over the message verifies, within their `ttl`; anything else, and what it cannot verify (v2, replies), is dropped as `invalid`. Needs `plugin.security.file.ca`.");
    public static final ConfigKey<String> INGEST_INSECURE_REGISTRATION = adapter("ingest.insecure_registration", "reject",
        ValueType.choice("reject", "accept"),
        "With `ingest.verify`, what to do with requests signed `insecure registration` (servers registering over anonymous TLS): `accept` lets them through unverified, so any sender can then name any node (only their time is checked).");
    public static final ConfigKey<Long> INGEST_VERIFY_CLOCK_SKEW = adapter("ingest.verify_clock_skew", GoDuration.format(DEFAULT_VERIFY_CLOCK_SKEW_MS),
        ValueType.duration(0, MAX_VERIFY_CLOCK_SKEW_MS),
        "With `ingest.verify`: how far a request's `time` may be ahead of this daemon's clock, and how long after its `ttl` it is still taken; other requests are dropped as `invalid` (cause `expired_request`): a captured request can be replayed only within its own `ttl`, which the signing node chooses.");
    public static final ConfigKey<String> INGEST_USER = adapterComputed("ingest.user", "`plugin.nats.user`",
        ValueType.text("a user name"),
        "User name of the ingest connections, when they use another account than `plugin.nats.*`; needs `ingest.pass`.");
    public static final ConfigKey<String> INGEST_PASS = adapterComputed("ingest.pass", "`plugin.nats.pass`",
        ValueType.text("a password"),
        "Password for `ingest.user`. Never logged.");
    public static final ConfigKey<String> INGEST_CREDENTIALS = adapterComputed("ingest.credentials", "`plugin.nats.credentials`",
        ValueType.text("a file path"),
        "NATS credentials file of the ingest connections, re-read at every reconnect; replaces `plugin.nats.*` for them.");
    public static final ConfigKey<String> STREAM_USER = adapterComputed("stream.user", "`plugin.nats.user`",
        ValueType.text("a user name"),
        "User name of the stream connections, when they use another account than `plugin.nats.*`; needs `stream.pass`.");
    public static final ConfigKey<String> STREAM_PASS = adapterComputed("stream.pass", "`plugin.nats.pass`",
        ValueType.text("a password"),
        "Password for `stream.user`. Never logged.");
    public static final ConfigKey<String> STREAM_CREDENTIALS = adapterComputed("stream.credentials", "`plugin.nats.credentials`",
        ValueType.text("a file path"),
        "NATS credentials file of the stream connections, re-read at every reconnect; replaces `plugin.nats.*` for them.");
    public static final ConfigKey<String> STREAM_PROTOCOL_COMPAT = adapter("stream.protocol_compat", "documented",
        ValueType.choice("documented", "go-choria"),
        "The `protocol` of every envelope: `documented` writes `choria:adapters:<type>:output:1` as the Choria documentation says; `go-choria` writes `choria:adapters:choria_streams:output:1` whatever the type, as today's Choria Broker does, for consumers that match on that string (see the README, Migrating).");
    public static final ConfigKey<Long> DRAIN_TIMEOUT = adapter("drain_timeout", GoDuration.format(DEFAULT_DRAIN_TIMEOUT_MS),
        ValueType.duration(0, 3_600_000),
        "At shutdown, how long to wait for outstanding acknowledgements; what is left is dropped as `shutdown`. A stop takes up to the longest `drain_timeout` plus 20s: under systemd, keep the unit's `TimeoutStopSec` (60 in the shipped unit) at least that long, or systemd kills the drain; `check` warns when it does not fit.");

    // ---- each adapter's fleet view (io.fleetbridge.fleet), named after the Stream Replicator's sampling keys

    public static final ConfigKey<Boolean> FLEET_ENABLE = adapter("fleet.enable", "false",
        ValueType.bool(),
        "Track every node's first and last registration and last size by reading back the adapter's stream (headers only), and say when a node goes silent. Rebuilt from the stream at start; right however many daemons share the ingest. Needs `stream.topic` ending in `.%s`.");
    public static final ConfigKey<Long> FLEET_INSPECT_DURATION = adapter("fleet.inspect_duration", "1h",
        ValueType.duration(2_000, 30L * 86_400_000L),
        "A node not seen for this long is expired (`expire` advisory) and is new should it return; as the Stream Replicator's `inspect_duration`. The stream should keep messages at least this long (`check` says).");
    public static final ConfigKey<Long> FLEET_WARN_DURATION = adapterComputed("fleet.warn_duration", "half of `fleet.inspect_duration`",
        ValueType.duration(1_000, 30L * 86_400_000L),
        "A node not seen for this long is late (`timeout` advisory); seen again before it expires, `recover`. As the Stream Replicator's `warn_duration`; less than `fleet.inspect_duration`.");
    public static final ConfigKey<Long> FLEET_SCAN_INTERVAL = adapter("fleet.scan_interval", "10s",
        ValueType.duration(100, 3_600_000),
        "How often the view is scanned for late and expired nodes: an advisory comes at most this long after it is due.");
    public static final ConfigKey<Integer> FLEET_MAX_NODES = adapter("fleet.max_nodes", String.valueOf(FleetSettings.DEFAULT_MAX_NODES),
        ValueType.wholeNumber(1, 100_000_000),
        "Most nodes the view tracks: beyond it a new sender is counted in `choria_adapter_fleet_untracked_msgs` and not tracked, so that made-up senders cannot fill the heap. With `fleet.max_name_bytes` it bounds the view's heap in bytes whatever the names: 52 bytes of slots a node and the names' budget (a million nodes: 52 MB and 64 MB), with more for an instant while either grows (docs/benchmarks-method.md measures it). Raise it (and the heap) for a larger fleet.");
    public static final ConfigKey<Long> FLEET_MAX_NAME_BYTES = adapterComputed("fleet.max_name_bytes",
        FleetSettings.DEFAULT_NAME_BYTES_PER_NODE + " bytes for each of `fleet.max_nodes` (64000000 for a million), at least " + FleetSettings.MIN_NAME_BYTES,
        ValueType.byteSize(FleetSettings.MIN_NAME_BYTES, FleetSettings.MAX_NAME_BYTES),
        "Most bytes the names of the nodes in the view take together (each name's UTF-8 bytes and one more): a new sender whose name would pass it is counted in `choria_adapter_fleet_untracked_msgs` and not tracked, as one beyond `fleet.max_nodes` is (the log says which limit was reached). Names of 255 bytes, the longest kept, which made-up senders can send while `ingest.verify` is off, fill the default at a quarter of `fleet.max_nodes`; host names of 20 to 30 bytes never reach it. Raise it (and the heap) if the fleet's names average more than about 60 bytes.");
    public static final ConfigKey<String> FLEET_STATE_FILE = adapterComputed("fleet.state_file", "none: the view is rebuilt from the stream alone",
        ValueType.text("a file path"),
        "File where the view is kept across a restart, written at the first scan a minute or more after the last write (so every minute, or every `fleet.scan_interval` when that is longer) and at a stop (to a temporary file beside it, then renamed over it). At start it is loaded before the rebuild, so that a node that came back while the daemon was down is advised `recover` if it was late and `new` if it had expired, one first seen then `new`, and those still silent get their `timeout` or `expire` at the first scan, as the Stream Replicator does with its state file. Unset or missing, or corrupt, of another version or written for other settings (logged and counted in `choria_adapter_fleet_state_refused`), the view is rebuilt from the stream alone and what happened meanwhile is not advised. One file per adapter; a relative path is taken from the configuration file's directory. The shipped systemd unit may write only its state directory: use `/var/lib/fleetbridge/<adapter>.fleet`. A restart after a crash between two writes raises some advisories again with the same ids, which the advisory stream's duplicate window drops (`check` says when it is shorter than twice `fleet.inspect_duration`).");
    public static final ConfigKey<String> FLEET_ADVISORY_SUBJECT = adapterComputed("fleet.advisory.subject", "none (no advisories)",
        ValueType.text("a NATS subject; %s becomes the event (new, timeout, recover, expire), %v the node"),
        "Where age advisories (`io.choria.sr.v2.age_advisory`) are published, with JetStream acknowledgement and retries; a stream must capture it. Its `Nats-Msg-Id` is derived from the node, the event and the registration that caused it, so trackers side by side store each advisory once, and so does a restarted one if the stream's duplicate window is at least twice `fleet.inspect_duration` (`check` says). As the Stream Replicator's `advisory.subject`.");

    /** Global keys, in documentation order. */
    public static final List<ConfigKey<?>> GLOBAL = List.of(
        IDENTITY, LOG_LEVEL, LOG_FORMAT, LOG_FILE, STATS_ADDRESS, STATS_PORT, MIDDLEWARE_HOSTS, ADAPTERS, FLEETBRIDGE_ADAPTERS,
        FLEETBRIDGE_LOG_FILE, FLEETBRIDGE_STATS_PORT,
        NATS_USER, NATS_PASS, NATS_CREDENTIALS, SECURITY_PROVIDER, TLS_CERTIFICATE, TLS_KEY, TLS_CA,
        SSL_DIR, INSECURE_SKIP_VERIFY_HOSTNAME, SUPPORT_LEGACY_CERTIFICATES, PRIVILEGED_USERS);

    /** Adapter keys, in documentation order. */
    public static final List<ConfigKey<?>> ADAPTER = List.of(
        TYPE, QUEUE_LEN, QUEUE_BYTES, STREAM_SERVERS, STREAM_TOPIC, STREAM_WORKERS, STREAM_MAX_INFLIGHT, STREAM_ACK_TIMEOUT,
        STREAM_RETRY_FOR, STREAM_SUBJECT_CACHE, INGEST_TOPIC, INGEST_PROTOCOL, INGEST_WORKERS, INGEST_SERVERS,
        INGEST_MAX_BYTES, INGEST_VERIFY, INGEST_INSECURE_REGISTRATION, INGEST_VERIFY_CLOCK_SKEW, INGEST_USER, INGEST_PASS, INGEST_CREDENTIALS,
        STREAM_USER, STREAM_PASS, STREAM_CREDENTIALS, DRAIN_TIMEOUT, STREAM_WAIT_STRATEGY,
        STREAM_PROTOCOL_COMPAT,
        FLEET_ENABLE, FLEET_INSPECT_DURATION, FLEET_WARN_DURATION, FLEET_SCAN_INTERVAL, FLEET_MAX_NODES, FLEET_MAX_NAME_BYTES,
        FLEET_STATE_FILE, FLEET_ADVISORY_SUBJECT);

    private ConfigKeys()
    {
    }

    private static ValueType<String> adapterType()
    {
        final ValueType<String> choice = ValueType.choice("jetstream", "choria_streams");
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return choice.expected();
            }

            @Override
            public String parse(final String raw)
            {
                if (raw.toLowerCase(Locale.ROOT).equals("nats_stream"))
                {
                    throw new IllegalArgumentException(
                        "the nats_stream adapter is deprecated (NATS Streaming has reached its end of life), use jetstream");
                }
                final String type = choice.parse(raw);
                if (!type.equals(raw))
                {
                    // go-choria broker/adapter/adapter.go RunAdapters compares the type exactly
                    throw new IllegalArgumentException("the Choria Broker would refuse it as an unknown adapter type; write " + type);
                }
                return type;
            }
        };
    }

    private static ValueType<IngestProtocol> ingestProtocol()
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "request or reply";
            }

            @Override
            public IngestProtocol parse(final String raw)
            {
                final IngestProtocol protocol = IngestProtocol.parse(raw);
                if (protocol == null)
                {
                    throw new IllegalArgumentException("");
                }
                if (!raw.equals(protocol.name().toLowerCase(Locale.ROOT)))
                {
                    // go-choria broker/adapter/ingest/ingest.go New: only the exact word "request" reads requests
                    throw new IllegalArgumentException("the Choria Broker reads only the exact word request as requests, and this as reply");
                }
                return protocol;
            }
        };
    }

    private static ValueType<RingWait> ringWait()
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "one of blocking, yielding, busy_spin";
            }

            @Override
            public RingWait parse(final String raw)
            {
                final RingWait wait = RingWait.parse(raw);
                if (wait == null)
                {
                    throw new IllegalArgumentException("");
                }
                return wait;
            }
        };
    }
}
