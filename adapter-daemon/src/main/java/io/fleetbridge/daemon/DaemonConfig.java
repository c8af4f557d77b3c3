package io.fleetbridge.daemon;

import static io.fleetbridge.daemon.ConfigKeys.ADAPTERS;
import static io.fleetbridge.daemon.ConfigKeys.IDENTITY;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_CREDENTIALS;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_PASS;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_USER;
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
import static io.fleetbridge.daemon.ConfigKeys.STREAM_USER;
import static io.fleetbridge.daemon.ConfigKeys.TLS_CA;
import static io.fleetbridge.daemon.ConfigKeys.TLS_CERTIFICATE;
import static io.fleetbridge.daemon.ConfigKeys.TLS_KEY;

import java.net.InetAddress;
import java.net.UnknownHostException;
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

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.fleet.FleetSettings;

/**
 * The daemon's whole configuration, read from a Choria broker configuration file: its own
 * settings and one {@link AdapterConfig} per adapter listed in {@code plugin.choria.adapters}.
 *
 * <p>Keys outside {@code plugin.choria.adapter.} that the daemon does not read are ignored, so
 * the broker's own file can be used as it is; unknown keys under that prefix are refused.
 * Every problem is a {@link ConfigException} with a one-line message. The keys, their
 * defaults and meanings are in {@link ConfigKeys}. Immutable once built.
 */
public final class DaemonConfig
{
    private final String identity;
    private final String logLevel;
    private final String logFormat;
    private final String logFile;
    private final String statsAddress;
    private final int statsPort;
    private final List<String> middlewareHosts;
    private final List<AdapterConfig> adapters;
    private final NatsCredentials natsCredentials;
    private final String securityProvider;
    private final TlsFiles tls;
    private final Map<String, NatsCredentials> ingestCredentials = new HashMap<>();
    private final Map<String, NatsCredentials> streamCredentials = new HashMap<>();
    /** Each adapter's fleet view settings, and which adapters have it enabled. */
    private final Map<String, FleetSettings> fleetSettings = new HashMap<>();
    private final Set<String> fleetEnabled = new HashSet<>();
    /** Credentials files by the key that names them, for {@link #checkFiles()}. */
    private final Map<String, String> credentialFiles = new LinkedHashMap<>();

    private DaemonConfig(final Map<String, String> raw, final String hostName)
    {
        final String listed = raw.get(ADAPTERS.key(null));
        if (listed == null || listed.isBlank())
        {
            throw new ConfigException(ADAPTERS.key(null) + " is not set: no adapters are listed, so there is nothing to run; expected " +
                ADAPTERS.expected());
        }
        final List<String> names = ADAPTERS.read(raw, null);
        final List<String> hosts = MIDDLEWARE_HOSTS.read(raw, null);
        this.middlewareHosts = hosts == null ? List.of() : hosts;
        for (final String name : names)
        {
            AdapterSection.type(raw, name);
        }
        UnknownKeys.check(raw, names);
        final List<AdapterConfig> configs = new ArrayList<>();
        for (final String name : names)
        {
            configs.add(AdapterSection.read(raw, name, middlewareHosts));
        }
        this.adapters = List.copyOf(configs);
        for (final String name : names)
        {
            fleetSettings.put(name, FleetSection.read(raw, name));
            if (FleetSection.enabled(raw, name))
            {
                fleetEnabled.add(name);
            }
        }

        final String id = IDENTITY.read(raw, null);
        this.identity = id == null ? hostName : id;
        this.logLevel = LOG_LEVEL.read(raw, null);
        this.logFormat = LOG_FORMAT.read(raw, null);
        final String file = LOG_FILE.read(raw, null);
        this.logFile = file == null ? "" : file;
        this.statsAddress = STATS_ADDRESS.read(raw, null);
        this.statsPort = STATS_PORT.read(raw, null);
        this.natsCredentials = credentials(raw, null, NATS_USER, NATS_PASS, NATS_CREDENTIALS, NatsCredentials.NONE);
        for (final String name : names)
        {
            ingestCredentials.put(name, credentials(raw, name, INGEST_USER, INGEST_PASS, INGEST_CREDENTIALS, natsCredentials));
            streamCredentials.put(name, credentials(raw, name, STREAM_USER, STREAM_PASS, STREAM_CREDENTIALS, natsCredentials));
        }
        final String provider = SECURITY_PROVIDER.read(raw, null);
        this.securityProvider = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        this.tls = securityProvider.equals("file") ? tlsFiles(raw) : null;
    }

    /** Reads and checks the file at {@code path}. */
    public static DaemonConfig load(final Path path)
    {
        return parse(ConfigFile.read(path));
    }

    /** Checks the keys and values of a configuration file as {@link ConfigFile} reads them. */
    public static DaemonConfig parse(final Map<String, String> raw)
    {
        return parse(raw, localHostName());
    }

    /** As {@link #parse(Map)}, with the host name that {@code identity} defaults to. */
    public static DaemonConfig parse(final Map<String, String> raw, final String hostName)
    {
        return new DaemonConfig(raw, hostName);
    }

    /** The {@code identity} label of every metric. */
    public String identity()
    {
        return identity;
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

    /** Path of the log file; empty for standard output. */
    public String logFile()
    {
        return logFile;
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
            TlsContext.build(tls);
        }
    }

    /** {@code plugin.security.provider} in lower case; empty when not set. */
    public String securityProvider()
    {
        return securityProvider;
    }

    /** The TLS files, present when the security provider is {@code file}. */
    public Optional<TlsFiles> tls()
    {
        return Optional.ofNullable(tls);
    }

    @Override
    public String toString()
    {
        return "DaemonConfig{identity=" + identity + ", logLevel=" + logLevel + ", logFormat=" + logFormat + ", logFile=" + logFile +
            ", stats=" + statsAddress + ":" + statsPort + ", middlewareHosts=" + middlewareHosts +
            ", natsCredentials=" + natsCredentials + ", securityProvider=" + securityProvider + ", tls=" + tls +
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

    private static TlsFiles tlsFiles(final Map<String, String> raw)
    {
        return new TlsFiles(requiredForFile(raw, TLS_CERTIFICATE), requiredForFile(raw, TLS_KEY), requiredForFile(raw, TLS_CA));
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

    private static String localHostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            // a host without a resolvable name still has one the kernel knows
            final String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "localhost" : fromEnv;
        }
    }
}
