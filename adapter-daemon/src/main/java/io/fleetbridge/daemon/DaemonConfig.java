package io.fleetbridge.daemon;

import static io.fleetbridge.daemon.ConfigKeys.ADAPTERS;
import static io.fleetbridge.daemon.ConfigKeys.FLEETBRIDGE_ADAPTERS;
import static io.fleetbridge.daemon.ConfigKeys.FLEETBRIDGE_LOG_FILE;
import static io.fleetbridge.daemon.ConfigKeys.FLEETBRIDGE_STATS_PORT;
import static io.fleetbridge.daemon.ConfigKeys.FLEET_STATE_FILE;
import static io.fleetbridge.daemon.ConfigKeys.IDENTITY;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_CREDENTIALS;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_PASS;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_USER;
import static io.fleetbridge.daemon.ConfigKeys.INSECURE_SKIP_VERIFY_HOSTNAME;
import static io.fleetbridge.daemon.ConfigKeys.LOG_FILE;
import static io.fleetbridge.daemon.ConfigKeys.LOG_FORMAT;
import static io.fleetbridge.daemon.ConfigKeys.LOG_LEVEL;
import static io.fleetbridge.daemon.ConfigKeys.MIDDLEWARE_HOSTS;
import static io.fleetbridge.daemon.ConfigKeys.NATS_CREDENTIALS;
import static io.fleetbridge.daemon.ConfigKeys.NATS_PASS;
import static io.fleetbridge.daemon.ConfigKeys.NATS_USER;
import static io.fleetbridge.daemon.ConfigKeys.SECURITY_PROVIDER;
import static io.fleetbridge.daemon.ConfigKeys.STATS_ADDRESS;
import static io.fleetbridge.daemon.ConfigKeys.STATS_PORT;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_CREDENTIALS;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_PASS;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_SERVERS;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_USER;
import static io.fleetbridge.daemon.ConfigKeys.SUPPORT_LEGACY_CERTIFICATES;
import static io.fleetbridge.daemon.ConfigKeys.TLS_CA;
import static io.fleetbridge.daemon.ConfigKeys.TLS_CERTIFICATE;
import static io.fleetbridge.daemon.ConfigKeys.TLS_KEY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.fleet.FleetSettings;

/**
 * The daemon's whole configuration, read from a Choria broker configuration file: its own
 * settings and one {@link AdapterConfig} per adapter listed in {@code plugin.choria.adapters}.
 *
 * <p>Keys outside {@code plugin.choria.adapter.} that the daemon does not read are ignored, so
 * the broker's own file can be used as it is; unknown keys under that prefix are refused.
 * Every problem found is reported at once, in one {@link ConfigException} with a line each. The keys, their
 * defaults and meanings are in {@link ConfigKeys}. Immutable once built.
 */
public final class DaemonConfig
{
    /** Set, or derived on first use and kept: deriving it may wait on DNS, which {@code check} need not. */
    private final Supplier<String> identity;
    private final String logLevel;
    private final String logFormat;
    private final String logFile;
    private final String logFileKey;
    private final String statsPortKey;
    private final String statsAddress;
    private final int statsPort;
    private final List<String> middlewareHosts;
    private final List<AdapterConfig> adapters;
    private final NatsCredentials natsCredentials;
    private final String securityProvider;
    private final TlsFiles tls;
    private final boolean checkHostname;
    private final boolean legacyCertificates;
    private final Map<String, NatsCredentials> ingestCredentials = new HashMap<>();
    private final Map<String, NatsCredentials> streamCredentials = new HashMap<>();
    /** Each adapter's fleet view settings, and which adapters have it enabled. */
    private final Map<String, FleetSettings> fleetSettings = new HashMap<>();
    private final Set<String> fleetEnabled = new HashSet<>();
    /** What the file allows but an operator should hear about: {@code check} prints them, {@code run} logs them. */
    private final List<String> warnings = new ArrayList<>();
    /** Where a key's value came from, when not the file as written ({@link ChoriaFieldValues}), by key. */
    private final Map<String, String> notes = new LinkedHashMap<>();
    /** Credentials files by the key that names them, for {@link #checkFiles()}. */
    private final Map<String, String> credentialFiles = new LinkedHashMap<>();

    private DaemonConfig(final Map<String, String> fileValues, final Supplier<String> hostName, final Map<String, String> environment,
        final boolean root, final Path directory)
    {
        // Every step below notes its problem and goes on, so that the operator sees all of them at once.
        final ConfigProblems problems = new ConfigProblems();
        final Map<String, String> raw = ChoriaFieldValues.apply(fileValues, environment, notes, problems);
        // our own list first: it lets a file the broker also reads keep the adapters here and off the broker
        final String own = raw.get(FLEETBRIDGE_ADAPTERS.key(null));
        final ConfigKey<List<String>> listKey = own != null && !own.isBlank() ? FLEETBRIDGE_ADAPTERS : ADAPTERS;
        final String listed = raw.get(listKey.key(null));
        // first: a slip in our own namespace (plugin.fleetbridge.adapter) may be why no list is found
        UnknownKeys.checkOwn(raw, problems);
        if (listed == null || listed.isBlank())
        {
            problems.add(ADAPTERS.key(null) + " is not set (nor " + FLEETBRIDGE_ADAPTERS.key(null) +
                "): no adapters are listed, so there is nothing to run; expected " + ADAPTERS.expected());
            problems.throwIfAny();
        }
        final List<String> names = listKey.read(raw, null);
        for (final ConfigKey<?> key : ConfigKeys.GLOBAL)
        {
            if (key != ADAPTERS || listKey == ADAPTERS || raw.get(ADAPTERS.key(null)) != null)
            {
                problems.attempt(() -> key.read(raw, null), null);
            }
        }
        final List<String> hosts = problems.attempt(() -> MIDDLEWARE_HOSTS.read(raw, null), null);
        this.middlewareHosts = hosts == null ? List.of() : hosts;
        // the type first, so that a nats_stream adapter is refused as such and not for its old keys
        final Set<String> refusedType = new HashSet<>();
        final ConfigProblems typeProblems = new ConfigProblems();
        for (final String name : names)
        {
            if (typeProblems.attempt(() -> AdapterSection.type(raw, name), null) == null)
            {
                refusedType.add(name);
            }
        }
        final Set<String> notOurs = new HashSet<>(refusedType);
        if (listKey == FLEETBRIDGE_ADAPTERS && raw.get(ADAPTERS.key(null)) != null)
        {
            // the broker's own adapters, in a file both read: their keys are the broker's business
            final List<String> brokers = problems.attempt(() -> ADAPTERS.read(raw, null), List.of());
            brokers.stream().filter(name -> !names.contains(name)).forEach(notOurs::add);
        }
        final Set<String> misnamed = UnknownKeys.check(raw, listKey.key(null), names, notOurs, problems);
        // a bad middleware_hosts is reported above; do not report every adapter as having no ingest servers
        final List<String> fallbackHosts = hosts == null && raw.get(MIDDLEWARE_HOSTS.key(null)) != null
            ? List.of(raw.get(MIDDLEWARE_HOSTS.key(null))) : middlewareHosts;
        final List<AdapterConfig> configs = new ArrayList<>();
        for (final String name : names)
        {
            if (misnamed.contains(name))
            {
                continue;
            }
            if (refusedType.contains(name))
            {
                problems.attempt(() -> AdapterSection.type(raw, name), null);
                continue;
            }
            for (final ConfigKey<?> key : ConfigKeys.ADAPTER)
            {
                problems.attempt(() -> key.read(raw, name), null);
            }
            final AdapterConfig config = problems.attempt(() -> AdapterSection.read(raw, name, fallbackHosts, names.size()), null);
            if (config != null)
            {
                configs.add(config);
            }
        }
        this.adapters = List.copyOf(configs);
        for (final AdapterConfig adapter : adapters)
        {
            if (raw.get(STREAM_SERVERS.key(adapter.name())) == null)
            {
                warnings.add(STREAM_SERVERS.key(adapter.name()) + " is not set, so adapter " + adapter.name() + " publishes to "
                    + MIDDLEWARE_HOSTS.key(null) + " (" + String.join(", ", adapter.streamServers())
                    + "), as the Choria Broker does: set it to the JetStream servers");
            }
        }
        final Map<Path, String> stateFiles = new HashMap<>();
        for (final String name : names)
        {
            // collected with the rest: a bad fleet key must not hide every other problem of the file
            final Boolean enabled = problems.attempt(() -> FleetSection.enabled(raw, name), null);
            final FleetSettings fleet = enabled == null ? null : problems.attempt(() -> FleetSection.read(raw, name, directory), null);
            if (fleet != null)
            {
                final String other = fleet.stateFile() == null ? null : stateFiles.putIfAbsent(fleet.stateFile().toAbsolutePath(), name);
                if (other != null)
                {
                    // two views writing one file would each restore the other's nodes
                    problems.add(FLEET_STATE_FILE.key(name) + " = " + fleet.stateFile() + " is " + FLEET_STATE_FILE.key(other)
                        + " too; expected a file of its own for each adapter");
                }
                fleetSettings.put(name, fleet);
                if (enabled)
                {
                    fleetEnabled.add(name);
                }
            }
        }

        final String id = problems.attempt(() -> IDENTITY.read(raw, null), null);
        this.identity = id == null ? once(hostName) : () -> id;
        this.logLevel = problems.attempt(() -> LOG_LEVEL.read(raw, null), "info");
        final String format = problems.attempt(() -> LOG_FORMAT.read(raw, null), "text");
        // in the broker's own file, logfile and stats_port are the broker's: ours may be set apart
        final ConfigKey<String> logFileKey = raw.get(FLEETBRIDGE_LOG_FILE.key(null)) != null ? FLEETBRIDGE_LOG_FILE : LOG_FILE;
        final ConfigKey<Integer> statsPortKey = raw.get(FLEETBRIDGE_STATS_PORT.key(null)) != null ? FLEETBRIDGE_STATS_PORT : STATS_PORT;
        this.logFileKey = logFileKey.key(null);
        final String file = problems.attempt(() -> logFileKey.read(raw, null), null);
        this.logFile = file == null ? "" : resolveLogFile(file, directory);
        // go-choria's CommonLogOpener writes JSON to every log file
        this.logFormat = format != null ? format : Logging.isFile(logFile) ? "json" : "text";
        this.statsAddress = problems.attempt(() -> STATS_ADDRESS.read(raw, null), "");
        this.statsPort = problems.attempt(() -> statsPortKey.read(raw, null), 0);
        this.statsPortKey = statsPortKey.key(null);
        this.natsCredentials = problems.attempt(
            () -> credentials(raw, null, NATS_USER, NATS_PASS, NATS_CREDENTIALS, NatsCredentials.NONE), NatsCredentials.NONE);
        for (final String name : names)
        {
            ingestCredentials.put(name, problems.attempt(
                () -> credentials(raw, name, INGEST_USER, INGEST_PASS, INGEST_CREDENTIALS, natsCredentials), natsCredentials));
            streamCredentials.put(name, problems.attempt(
                () -> credentials(raw, name, STREAM_USER, STREAM_PASS, STREAM_CREDENTIALS, natsCredentials), natsCredentials));
        }
        final String provider = problems.attempt(() -> SECURITY_PROVIDER.read(raw, null), null);
        this.securityProvider = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        this.tls = problems.attempt(() -> tlsFiles(raw, securityProvider, this.identity, environment, root), null);
        this.checkHostname = !problems.attempt(() -> INSECURE_SKIP_VERIFY_HOSTNAME.read(raw, null), false);
        // go-choria's puppet provider always sets BackwardCompatVerification; the file provider by this key
        this.legacyCertificates = "puppet".equals(securityProvider)
            || problems.attempt(() -> SUPPORT_LEGACY_CERTIFICATES.read(raw, null), false);
        problems.throwIfAny();
    }

    /** Reads and checks the file at {@code path}; a relative {@code logfile} is taken from its directory. */
    public static DaemonConfig load(final Path path)
    {
        final List<String> skipped = new ArrayList<>();
        final DaemonConfig config = new DaemonConfig(ConfigFile.read(path, skipped), HostIdentity::local, System.getenv(), isRoot(),
            directoryOf(path));
        config.warnings.addAll(0, skipped);
        return config;
    }

    /** Checks the keys and values of a configuration file as {@link ConfigFile} reads them. */
    public static DaemonConfig parse(final Map<String, String> raw)
    {
        return new DaemonConfig(raw, HostIdentity::local, System.getenv(), isRoot(), null);
    }

    /** As {@link #parse(Map)}, with what {@code identity} defaults to asked of {@code hostName} when first needed. */
    static DaemonConfig parseDeferred(final Map<String, String> raw, final Supplier<String> hostName)
    {
        return new DaemonConfig(raw, hostName, System.getenv(), isRoot(), null);
    }

    /** As {@link #parse(Map)}, with the host name that {@code identity} defaults to. */
    public static DaemonConfig parse(final Map<String, String> raw, final String hostName)
    {
        return new DaemonConfig(raw, () -> hostName, System.getenv(), isRoot(), null);
    }

    /**
     * As {@link #parse(Map, String)}, with the environment and user that the {@code puppet}
     * security provider's defaults depend on ({@link PuppetSslDirectory}).
     */
    static DaemonConfig parse(final Map<String, String> raw, final String hostName, final Map<String, String> environment,
        final boolean root)
    {
        return new DaemonConfig(raw, () -> hostName, environment, root, null);
    }

    /** As {@link #parse(Map, String)} for the values read from {@code file}, which relative paths are taken from. */
    static DaemonConfig parse(final Map<String, String> raw, final String hostName, final Path file)
    {
        return new DaemonConfig(raw, () -> hostName, System.getenv(), isRoot(), directoryOf(file));
    }

    /** {@link #parse(Map)} for the values read from {@code file}. */
    static DaemonConfig parse(final Map<String, String> raw, final Path file)
    {
        return new DaemonConfig(raw, HostIdentity::local, System.getenv(), isRoot(), directoryOf(file));
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }
    /**
     * A relative {@code logfile}, taken from the configuration file's directory. The Choria Broker
     * opens it relative to wherever the process was started, so the same file logged to a
     * different place under systemd, a shell or a test; the file that names it is the one place
     * an operator can see. Without a file (a map parsed in a test) it stays as written.
     */
    private static String resolveLogFile(final String logFile, final Path directory)
    {
        final String destination = Logging.destination(logFile);
        if (!Logging.isFile(destination))
        {
            return destination;
        }
        final Path path = Path.of(logFile);
        return path.isAbsolute() || directory == null ? logFile : directory.resolve(path).normalize().toString();
    }

    /** The {@code identity} label of every metric. */
    public String identity()
    {
        return identity.get();
    }

    /** One of debug, info, warn, error, fatal. */
    public String logLevel()
    {
        return logLevel;
    }

    /** text or json. */
    public String logFormat()
    {
        return logFormat;
    }

    /**
     * Path of the log file, absolute when read from a file; empty for standard output, or {@code stderr} or
     * {@code discard} ({@link Logging#destination}).
     */
    public String logFile()
    {
        return logFile;
    }

    /** The key {@link #statsPort()} came from: {@code plugin.fleetbridge.stats_port} when set, else {@code plugin.choria.stats_port}. */
    public String statsPortKey()
    {
        return statsPortKey;
    }

    /** The key {@link #logFile()} came from: {@code plugin.fleetbridge.logfile} when set, else {@code logfile}. */
    public String logFileKey()
    {
        return logFileKey;
    }

    /** Address the HTTP endpoints bind. */
    public String statsAddress()
    {
        return statsAddress;
    }

    /** Port of the HTTP endpoints; 0 when they are off. */
    public int statsPort()
    {
        return statsPort;
    }

    /** {@code plugin.choria.middleware_hosts} as URLs; empty when not set. */
    public List<String> middlewareHosts()
    {
        return middlewareHosts;
    }

    /** What the file allows but an operator should hear about, one sentence each. */
    public List<String> warnings()
    {
        return List.copyOf(warnings);
    }

    /** What a value resolved to, by key, where that is not the file's value as written (e.g. from the environment). */
    public Map<String, String> notes()
    {
        return Map.copyOf(notes);
    }

    /** Every adapter, in the order {@code plugin.choria.adapters} lists them; never empty. */
    public List<AdapterConfig> adapters()
    {
        return adapters;
    }

    /** The fleet view settings of adapter {@code name}, when its {@code fleet.enable} is true. */
    public Optional<FleetSettings> fleet(final String name)
    {
        return fleetEnabled.contains(name) ? Optional.of(fleetSettings.get(name)) : Optional.empty();
    }

    /** The fleet view settings of adapter {@code name}, enabled or not (defaults where unset). */
    public FleetSettings fleetSettings(final String name)
    {
        return fleetSettings.get(name);
    }

    /** How NATS connections authenticate; {@link NatsCredentials#NONE} when not configured. */
    public NatsCredentials natsCredentials()
    {
        return natsCredentials;
    }

    /** How the ingest connections of adapter {@code name} authenticate: its own keys, else {@link #natsCredentials()}. */
    public NatsCredentials ingestCredentials(final String name)
    {
        return ingestCredentials.getOrDefault(name, natsCredentials);
    }

    /** How the stream connections of adapter {@code name} authenticate: its own keys, else {@link #natsCredentials()}. */
    public NatsCredentials streamCredentials(final String name)
    {
        return streamCredentials.getOrDefault(name, natsCredentials);
    }

    /**
     * Checks that the files the configuration names can be read: credentials files now (the
     * client reads them at each connect) and the TLS files. Parsing does not touch the file
     * system, so that a configuration can be checked on another host.
     *
     * @throws ConfigException naming the key of the first file that cannot be used
     */
    public void checkFiles()
    {
        for (final Map.Entry<String, String> file : credentialFiles.entrySet())
        {
            if (!Files.isReadable(Path.of(file.getValue())))
            {
                throw ConfigException.badValue(file.getKey(), file.getValue(), "cannot read the credentials file");
            }
        }
        if (tls != null)
        {
            TlsContext.build(tls, checkHostname, legacyCertificates);
        }
    }

    /** {@code plugin.security.provider} in lower case; empty when not set. */
    public String securityProvider()
    {
        return securityProvider;
    }

    /** The TLS files, present when the security provider is {@code file} or {@code puppet}. */
    public Optional<TlsFiles> tls()
    {
        return Optional.ofNullable(tls);
    }

    /** Whether a server's certificate must name the host connected to; off only by {@code plugin.security.insecure_skip_verify_hostname}. */
    public boolean checkHostname()
    {
        return checkHostname;
    }

    /**
     * Whether a server's certificate may name the host by its common name alone: with the {@code puppet}
     * provider, or {@code plugin.security.support_legacy_certificates}, as in Choria ({@link AltNameOnlyTrustManager}).
     */
    public boolean legacyCertificates()
    {
        return legacyCertificates;
    }

    @Override
    public String toString()
    {
        return "DaemonConfig{identity=" + identity() + ", logLevel=" + logLevel + ", logFormat=" + logFormat + ", logFile=" + logFile +
            ", stats=" + statsAddress + ":" + statsPort + ", middlewareHosts=" + middlewareHosts +
            ", natsCredentials=" + natsCredentials + ", securityProvider=" + securityProvider + ", tls=" + tls +
            ", checkHostname=" + checkHostname +
            ", adapters=" + adapters + "}";
    }

    /** User and password, or a credentials file, or both, from one level of keys; {@code inherited} when none is set. */
    private NatsCredentials credentials(
        final Map<String, String> raw, final String adapter, final ConfigKey<String> userKey, final ConfigKey<String> passKey,
        final ConfigKey<String> credentialsKey, final NatsCredentials inherited)
    {
        final String user = userKey.read(raw, adapter);
        final String pass = passKey.read(raw, adapter);
        final String credentials = credentialsKey.read(raw, adapter);
        if (user != null && pass == null)
        {
            throw new ConfigException(passKey.key(adapter) + " is not set: expected a password, since " + userKey.key(adapter) + " is set");
        }
        if (pass != null && user == null)
        {
            throw new ConfigException(userKey.key(adapter) + " is not set: expected a user name, since " + passKey.key(adapter) + " is set");
        }
        if (user == null && credentials == null)
        {
            return inherited;
        }
        if (credentials != null)
        {
            credentialFiles.put(credentialsKey.key(adapter), credentials);
        }
        return new NatsCredentials(user, pass, credentials);
    }

    /**
     * The files of the {@code file} or {@code puppet} provider; null when none is set. Any other
     * provider is refused rather than taken to mean plain connections: a broker configured for it
     * expects TLS, and silently going without would send the credentials in clear.
     */
    private static TlsFiles tlsFiles(final Map<String, String> raw, final String provider, final Supplier<String> identity,
        final Map<String, String> environment, final boolean root)
    {
        switch (provider)
        {
            case "":
                return null;
            case TlsFiles.FILE_PROVIDER:
                final ConfigProblems missing = new ConfigProblems();
                final TlsFiles files = new TlsFiles(missing.attempt(() -> requiredForFile(raw, TLS_CERTIFICATE), ""),
                    missing.attempt(() -> requiredForFile(raw, TLS_KEY), ""), missing.attempt(() -> requiredForFile(raw, TLS_CA), ""));
                missing.throwIfAny();
                return files;
            case PuppetSslDirectory.ORIGIN:
                return PuppetSslDirectory.files(raw, identity.get(), environment, root);
            default:
                throw ConfigException.badValue(SECURITY_PROVIDER.key(null), provider, "this daemon reads its TLS files from the " +
                    "file or puppet provider only; set " + SECURITY_PROVIDER.key(null) + " = file with " + TLS_CERTIFICATE.key(null) +
                    ", " + TLS_KEY.key(null) + " and " + TLS_CA.key(null) + " naming PEM files this host may use, or = puppet " +
                    "with " + ConfigKeys.SSL_DIR.key(null));
        }
    }

    private static String requiredForFile(final Map<String, String> raw, final ConfigKey<String> key)
    {
        final String value = key.read(raw, null);
        if (value == null)
        {
            throw new ConfigException(key.key(null) + " is not set: expected " + key.expected() + ", since " +
                SECURITY_PROVIDER.key(null) + " = \"file\"");
        }
        return value;
    }

    /** {@code value}'s answer, asked for once, on first use, by whichever thread comes first. */
    private static Supplier<String> once(final Supplier<String> value)
    {
        return new Supplier<>()
        {
            private String known;

            @Override
            public synchronized String get()
            {
                if (known == null)
                {
                    known = value.get();
                }
                return known;
            }
        };
    }

    private static Path directoryOf(final Path file)
    {
        return file.toAbsolutePath().normalize().getParent();
    }
}
