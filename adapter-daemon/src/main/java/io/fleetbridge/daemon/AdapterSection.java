package io.fleetbridge.daemon;

import static io.fleetbridge.daemon.ConfigKeys.DRAIN_TIMEOUT;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_INSECURE_REGISTRATION;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_MAX_BYTES;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_PROTOCOL;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_SERVERS;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_TOPIC;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_VERIFY;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_VERIFY_CLOCK_SKEW;
import static io.fleetbridge.daemon.ConfigKeys.INGEST_WORKERS;
import static io.fleetbridge.daemon.ConfigKeys.MIDDLEWARE_HOSTS;
import static io.fleetbridge.daemon.ConfigKeys.PRIVILEGED_USERS;
import static io.fleetbridge.daemon.ConfigKeys.QUEUE_BYTES;
import static io.fleetbridge.daemon.ConfigKeys.QUEUE_LEN;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_ACK_TIMEOUT;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_MAX_INFLIGHT;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_PROTOCOL_COMPAT;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_RETRY_FOR;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_SERVERS;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_SUBJECT_CACHE;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_TOPIC;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_WAIT_STRATEGY;
import static io.fleetbridge.daemon.ConfigKeys.STREAM_WORKERS;
import static io.fleetbridge.daemon.ConfigKeys.TLS_CA;
import static io.fleetbridge.daemon.ConfigKeys.TYPE;

import java.util.List;
import java.util.Map;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.StreamCheck;

/**
 * Reads the {@code plugin.choria.adapter.<name>.} keys of one adapter into an
 * {@link AdapterConfig}. Stateless.
 */
final class AdapterSection
{
    private AdapterSection()
    {
    }

    /** Only the type, checked before anything else so that a {@code nats_stream} adapter is refused as such. */
    static String type(final Map<String, String> raw, final String name)
    {
        return TYPE.read(raw, name);
    }

    /** {@code key}'s servers, else the fleet's ({@code plugin.choria.middleware_hosts}); refused when neither is set. */
    private static List<String> serversOrFleets(final Map<String, String> raw, final String name, final ConfigKey<List<String>> key,
        final List<String> middlewareHosts)
    {
        final List<String> servers = key.read(raw, name);
        if (servers != null)
        {
            return servers;
        }
        if (!middlewareHosts.isEmpty())
        {
            return middlewareHosts;
        }
        // go-choria's broker connects its adapters inside its own process (cmd/broker_run.go runAdapters), and its
        // clients fall back to SRV records and puppet:4222 (choria/framework.go MiddlewareServers); we do neither
        final String port = raw.getOrDefault("plugin.choria.network.client_port", "4222").strip();
        throw new ConfigException(key.key(name) + " is not set and neither is " + MIDDLEWARE_HOSTS.key(name) +
            " (the broker's own adapters connect inside the broker, and fleetbridge looks up no SRV records: for the broker's "
            + "network on this host, nats://127.0.0.1:" + port + ", its plugin.choria.network.client_port): expected either to be "
            + key.expected());
    }

    static AdapterConfig read(final Map<String, String> raw, final String name, final List<String> middlewareHosts, final int adapters)
    {
        final AdapterConfig.Builder builder = AdapterConfig.builder(name)
            .type(TYPE.read(raw, name))
            .queueLength(QUEUE_LEN.read(raw, name))
            .streamWorkers(STREAM_WORKERS.read(raw, name))
            .maxInflight(STREAM_MAX_INFLIGHT.read(raw, name))
            .signerCacheSize(STREAM_SUBJECT_CACHE.read(raw, name))
            .ingestTopic(INGEST_TOPIC.read(raw, name))
            .ingestProtocol(INGEST_PROTOCOL.read(raw, name))
            .ingestWorkers(INGEST_WORKERS.read(raw, name))
            .ingestMaxBytes(INGEST_MAX_BYTES.read(raw, name))
            .drainTimeoutMs(DRAIN_TIMEOUT.read(raw, name))
            .waitStrategy(STREAM_WAIT_STRATEGY.read(raw, name))
            .goChoriaProtocol(STREAM_PROTOCOL_COMPAT.read(raw, name).equals("go-choria"));

        final Long queueBytes = QUEUE_BYTES.read(raw, name);
        builder.queueBytes(queueBytes != null ? queueBytes : AdapterConfig.defaultQueueBytes(adapters));

        final String topic = STREAM_TOPIC.read(raw, name);
        builder.streamTopic(topic == null ? name : topic);

        // as go-choria's streams output (newStream in broker/adapter/streams/output.go): unset, the fleet's servers;
        // both sides checked before either is refused, so that a file with neither names both at once
        final ConfigProblems servers = new ConfigProblems();
        final List<String> streamServers = servers.attempt(() -> serversOrFleets(raw, name, STREAM_SERVERS, middlewareHosts), null);
        final List<String> ingestServers = servers.attempt(() -> serversOrFleets(raw, name, INGEST_SERVERS, middlewareHosts), null);
        servers.throwIfAny();
        builder.streamServers(streamServers).ingestServers(ingestServers);
        final String ingestTopic = INGEST_TOPIC.read(raw, name);
        final String filter = StreamCheck.filterFor(topic == null ? name : topic);
        if (ingestTopic != null && StreamCheck.holds(filter, ingestTopic) && streamServers.stream().anyMatch(ingestServers::contains))
        {
            // %s before the end makes the filter everything from its token on (a sender's dotted name spans tokens there)
            throw ConfigException.badValue(STREAM_TOPIC.key(name), topic == null ? name : topic, "the stream that stores its subjects (" + filter
                + ") would also store " + INGEST_TOPIC.key(name) + " (" + ingestTopic + ") on the same servers: every raw input, "
                + "each answered as if stored; put %s at the end of a subject apart from the input's, such as choria.node_metadata.%s");
        }

        final long ackTimeoutMs = STREAM_ACK_TIMEOUT.read(raw, name);
        final long retryForMs = STREAM_RETRY_FOR.read(raw, name);
        if (retryForMs < ackTimeoutMs)
        {
            throw ConfigException.badValue(STREAM_RETRY_FOR.key(name), GoDuration.format(retryForMs),
                "expected at least " + STREAM_ACK_TIMEOUT.key(name) + " (" + GoDuration.format(ackTimeoutMs) + ")");
        }
        builder.ackTimeoutMs(ackTimeoutMs).retryForMs(retryForMs);

        // read even when verification is off, so that a mistake in them is reported at once
        builder.privilegedUsers(PRIVILEGED_USERS.read(raw, null)).verifyClockSkewMs(INGEST_VERIFY_CLOCK_SKEW.read(raw, name));
        if (INGEST_VERIFY.read(raw, name))
        {
            final String ca = TLS_CA.read(raw, null);
            if (ca == null)
            {
                throw new ConfigException(INGEST_VERIFY.key(name) + " = true needs " + TLS_CA.key(null) +
                    ": the certificate authority that signers must chain to");
            }
            builder.verify(PemFile.certificates(TLS_CA.key(null), ca),
                INGEST_INSECURE_REGISTRATION.read(raw, name).equals("accept"));
        }

        return builder.build();
    }
}
