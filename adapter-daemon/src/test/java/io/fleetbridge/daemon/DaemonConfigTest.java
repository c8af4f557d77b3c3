package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.adapter.AdapterConfig;
import io.fleetbridge.adapter.IngestProtocol;

class DaemonConfigTest
{
    private static final String MINIMAL = String.join("\n",
        "plugin.choria.adapters = reg",
        "plugin.choria.adapter.reg.type = jetstream",
        "plugin.choria.adapter.reg.stream.servers = stream1:4222",
        "plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration",
        "plugin.choria.middleware_hosts = broker1:4222");

    private static DaemonConfig parse(final String... lines)
    {
        return DaemonConfig.parse(ConfigFile.parse(Arrays.asList(String.join("\n", lines).split("\n")), "test.conf"), "host1.example.net");
    }

    private static String error(final String... lines)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(lines));
        assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
        return ex.getMessage();
    }

    @Test
    void shouldApplyEveryDefault()
    {
        final DaemonConfig config = parse(MINIMAL);

        assertEquals("host1.example.net", config.identity());
        assertEquals("info", config.logLevel());
        assertEquals("", config.logFile());
        assertEquals("127.0.0.1", config.statsAddress());
        assertEquals(0, config.statsPort());
        assertEquals(List.of("nats://broker1:4222"), config.middlewareHosts());
        assertEquals(NatsCredentials.NONE, config.natsCredentials());
        assertEquals("", config.securityProvider());
        assertTrue(config.tls().isEmpty());

        final AdapterConfig reg = config.adapters().get(0);
        assertEquals(1, config.adapters().size());
        assertEquals("reg", reg.name());
        assertEquals("jetstream", reg.type());
        assertEquals(16384, reg.queueLength());
        assertEquals(List.of("nats://stream1:4222"), reg.streamServers());
        assertEquals("reg", reg.streamTopic());
        assertEquals(10, reg.streamWorkers());
        assertEquals("choria.broadcast.agent.registration", reg.ingestTopic());
        assertEquals(IngestProtocol.REPLY, reg.ingestProtocol());
        assertEquals(10, reg.ingestWorkers());
        assertEquals(List.of("nats://broker1:4222"), reg.ingestServers());
        assertEquals(1024, reg.maxInflight());
        assertEquals(2_000, reg.ackTimeoutMs());
        assertEquals(300_000, reg.retryForMs());
        assertEquals(1_048_576, reg.ingestMaxBytes());
        assertEquals(65_536, reg.signerCacheSize());
        assertEquals(10_000, reg.drainTimeoutMs());
    }

    @Test
    void shouldBoundTheQueueBytesByAQuarterOfTheHeapSplitAmongTheAdaptersUnlessSet()
    {
        final long heap = Runtime.getRuntime().maxMemory();
        assertEquals(Math.max(AdapterConfig.MIN_QUEUE_BYTES, heap / 4), parse(MINIMAL).adapters().get(0).queueBytes());
        final DaemonConfig two = parse(MINIMAL.replace("adapters = reg", "adapters = reg, rep"),
            "plugin.choria.adapter.rep.type = jetstream",
            "plugin.choria.adapter.rep.stream.servers = stream1:4222",
            "plugin.choria.adapter.rep.ingest.topic = choria.reply.>",
            "plugin.choria.adapter.rep.queue_bytes = 256m");
        assertEquals(Math.max(AdapterConfig.MIN_QUEUE_BYTES, heap / 4 / 2), two.adapters().get(0).queueBytes());
        assertEquals(256L << 20, two.adapters().get(1).queueBytes());
        assertEquals(1_000_000, parse(MINIMAL, "plugin.choria.adapter.reg.queue_bytes = 1000000").adapters().get(0).queueBytes());
        final String error = error(MINIMAL, "plugin.choria.adapter.reg.queue_bytes = 1TB");
        assertTrue(error.contains("plugin.choria.adapter.reg.queue_bytes") && error.contains("such as 256m"), error);
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.queue_bytes = 1k").contains("from 65536"));
    }

    @Test
    void shouldRefuseAStreamTopicWhoseSubjectsNoNatsPublishCanCarry()
    {
        final String error = error(MINIMAL, "plugin.choria.adapter.reg.stream.topic = reg." + "%s.".repeat(12) + "x");
        assertTrue(error.startsWith("plugin.choria.adapter.reg.stream.topic = ") && error.contains("more than the 3072"), error);
    }

    @Test
    void shouldReadEveryKey()
    {
        final DaemonConfig config = parse(
            "identity = bridge1",
            "loglevel = DEBUG",
            "logfile = /var/log/bridge.log",
            "plugin.choria.stats_address = 0.0.0.0",
            "plugin.choria.stats_port = 8222",
            "plugin.choria.middleware_hosts = nats://b1:4222,b2:4223",
            "plugin.nats.user = bridge",
            "plugin.nats.pass = s3cret",
            "plugin.nats.credentials = /etc/bridge.creds",
            "plugin.security.provider = file",
            "plugin.security.file.certificate = /ssl/cert.pem",
            "plugin.security.file.key = /ssl/key.pem",
            "plugin.security.file.ca = /ssl/ca.pem",
            "plugin.choria.adapters = reg, replies",
            "plugin.choria.adapter.reg.type = choria_streams",
            "plugin.choria.adapter.reg.queue_len = 1000",
            "plugin.choria.adapter.reg.stream.servers = s1:4222, tls://s2:4222",
            "plugin.choria.adapter.reg.stream.topic = choria.node.%s",
            "plugin.choria.adapter.reg.stream.workers = 3",
            "plugin.choria.adapter.reg.stream.max_inflight = 500",
            "plugin.choria.adapter.reg.stream.ack_timeout = 750ms",
            "plugin.choria.adapter.reg.stream.retry_for = 1m30s",
            "plugin.choria.adapter.reg.stream.subject_cache = 1000",
            "plugin.choria.adapter.reg.ingest.topic = choria.broadcast.agent.registration",
            "plugin.choria.adapter.reg.ingest.protocol = request",
            "plugin.choria.adapter.reg.ingest.workers = 2",
            "plugin.choria.adapter.reg.ingest.servers = i1:4222",
            "plugin.choria.adapter.reg.ingest.max_bytes = 65536",
            "plugin.choria.adapter.reg.drain_timeout = 30",
            "plugin.choria.adapter.replies.type = jetstream",
            "plugin.choria.adapter.replies.stream.servers = s1:4222",
            "plugin.choria.adapter.replies.ingest.topic = choria.reply.>");

        assertEquals("bridge1", config.identity());
        assertEquals("debug", config.logLevel());
        assertEquals("/var/log/bridge.log", config.logFile());
        assertEquals("0.0.0.0", config.statsAddress());
        assertEquals(8222, config.statsPort());
        assertEquals(List.of("nats://b1:4222", "nats://b2:4223"), config.middlewareHosts());
        assertEquals(new NatsCredentials("bridge", "s3cret", "/etc/bridge.creds"), config.natsCredentials());
        assertEquals("file", config.securityProvider());
        assertEquals(new TlsFiles("/ssl/cert.pem", "/ssl/key.pem", "/ssl/ca.pem"), config.tls().orElseThrow());

        final AdapterConfig reg = config.adapters().get(0);
        assertEquals("choria_streams", reg.type());
        assertEquals(1024, reg.queueLength());
        assertEquals(List.of("nats://s1:4222", "tls://s2:4222"), reg.streamServers());
        assertEquals("choria.node.%s", reg.streamTopic());
        assertEquals(3, reg.streamWorkers());
        assertEquals(500, reg.maxInflight());
        assertEquals(750, reg.ackTimeoutMs());
        assertEquals(90_000, reg.retryForMs());
        assertEquals(1000, reg.signerCacheSize());
        assertEquals(IngestProtocol.REQUEST, reg.ingestProtocol());
        assertEquals(2, reg.ingestWorkers());
        assertEquals(List.of("nats://i1:4222"), reg.ingestServers());
        assertEquals(65_536, reg.ingestMaxBytes());
        assertEquals(30_000, reg.drainTimeoutMs());

        final AdapterConfig replies = config.adapters().get(1);
        assertEquals("replies", replies.name());
        assertEquals("choria.reply.>", replies.ingestTopic());
        assertEquals(List.of("nats://b1:4222", "nats://b2:4223"), replies.ingestServers());
    }

    @Test
    void shouldNeverShowThePassword()
    {
        final DaemonConfig config = parse(MINIMAL, "plugin.nats.user = bridge", "plugin.nats.pass = s3cret");

        assertFalse(config.toString().contains("s3cret"), config::toString);
        assertFalse(config.natsCredentials().toString().contains("s3cret"));
        assertEquals("s3cret", config.natsCredentials().password());
    }

    @Test
    void shouldRefuseConfigWithoutAdapters()
    {
        assertEquals("plugin.choria.adapters is not set (nor plugin.fleetbridge.adapters): no adapters are listed, so there is nothing to run; " +
            "expected a comma separated list of adapter names made of letters, digits, _ and -",
            error("identity = x", "plugin.choria.middleware_hosts = b:4222"));
    }

    @Test
    void shouldRunTheAdaptersOfItsOwnListWhenTheBrokersListIsGone()
    {
        // the migration's last step: the broker's file lists the adapter for this daemon only
        final DaemonConfig config = parse(MINIMAL.replace("plugin.choria.adapters = reg", "plugin.fleetbridge.adapters = reg"));
        assertEquals(List.of("reg"), config.adapters().stream().map(AdapterConfig::name).toList());

        final DaemonConfig both = parse(MINIMAL, "plugin.fleetbridge.adapters = reg",
            "plugin.choria.adapters = reg, brokers_own", "plugin.choria.adapter.brokers_own.stream.clusterid = c");
        assertEquals(List.of("reg"), both.adapters().stream().map(AdapterConfig::name).toList());
    }

    @Test
    void shouldNameMissingRequiredKey()
    {
        assertEquals("plugin.choria.adapter.reg.type is not set: expected jetstream or choria_streams",
            error("plugin.choria.adapters = reg"));
        assertTrue(error(MINIMAL.replace("plugin.choria.adapter.reg.ingest.topic", "#"))
            .startsWith("plugin.choria.adapter.reg.ingest.topic is not set: expected a NATS subject"));
    }

    /** A broker file may leave stream.servers out: go-choria then publishes to the fleet's servers, with a warning. */
    @Test
    void shouldPublishToTheFleetsServersWithAWarningWhenStreamServersIsUnsetAsTheBrokerDoes()
    {
        final DaemonConfig config = parse(MINIMAL.replace("plugin.choria.adapter.reg.stream.servers", "#"));
        assertEquals(List.of("nats://broker1:4222"), config.adapters().get(0).streamServers());
        assertEquals(List.of("plugin.choria.adapter.reg.stream.servers is not set, so adapter reg publishes to "
            + "plugin.choria.middleware_hosts (nats://broker1:4222), as the Choria Broker does: set it to the JetStream servers"),
            config.warnings());
        assertEquals(List.of(), parse(MINIMAL).warnings(), "no warning where it is set");

        assertTrue(error(MINIMAL.replace("plugin.choria.adapter.reg.stream.servers", "#").replace("plugin.choria.middleware_hosts", "#")
                + "\nplugin.choria.adapter.reg.ingest.servers = i:4222")
            .startsWith("plugin.choria.adapter.reg.stream.servers is not set and neither is plugin.choria.middleware_hosts ("));

        // neither side has servers: both named in one pass
        final ConfigException neither = assertThrows(ConfigException.class,
            () -> parse(MINIMAL.replace("plugin.choria.adapter.reg.stream.servers", "#").replace("plugin.choria.middleware_hosts", "#")));
        assertEquals(2, neither.problems().size(), neither.problems()::toString);
        assertTrue(neither.problems().get(0).startsWith("plugin.choria.adapter.reg.stream.servers is not set"), neither.problems()::toString);
        assertTrue(neither.problems().get(1).startsWith("plugin.choria.adapter.reg.ingest.servers is not set"), neither.problems()::toString);
    }

    @Test
    void shouldNameBothKeysWhenNoIngestServersAreKnown()
    {
        assertEquals("plugin.choria.adapter.reg.ingest.servers is not set and neither is plugin.choria.middleware_hosts " +
            "(the broker's own adapters connect inside the broker, and fleetbridge looks up no SRV records: for the broker's " +
            "network on this host, nats://127.0.0.1:4222, its plugin.choria.network.client_port): " +
            "expected either to be a comma separated list of host:port or nats://host:port (tls:// for TLS)",
            error(MINIMAL.replace("plugin.choria.middleware_hosts", "#")));
        // a broker that runs its own network without middleware_hosts: the port it listens on for clients
        assertTrue(error(MINIMAL.replace("plugin.choria.middleware_hosts", "#"), "plugin.choria.broker_network = true",
            "plugin.choria.network.client_port = 4333").contains("for the broker's network on this host, nats://127.0.0.1:4333,"));
    }

    @Test
    void shouldRefuseBadNumber()
    {
        assertEquals("plugin.choria.adapter.reg.stream.workers = \"ten\": expected a whole number from 1 to 1024",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.workers = ten"));
        assertEquals("plugin.choria.adapter.reg.stream.workers = \"0\": expected a whole number from 1 to 1024",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.workers = 0"));
        assertEquals("plugin.choria.adapter.reg.queue_len = \"99999999999999999999\": expected a whole number from 1 to 16777216",
            error(MINIMAL, "plugin.choria.adapter.reg.queue_len = 99999999999999999999"));
        assertEquals("plugin.choria.adapter.reg.stream.subject_cache = \"16777216\": expected a whole number from 1 to 1048576",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.subject_cache = 16777216"));
        assertEquals("plugin.choria.stats_port = \"70000\": expected a whole number from 0 to 65535",
            error(MINIMAL, "plugin.choria.stats_port = 70000"));
    }

    /** The fix for an unknown key is its name; its value is not shown, as a misspelt password key's would be a password. */
    @Test
    void shouldNotEchoTheValueOfAnUnknownKey()
    {
        final String error = error(MINIMAL, "plugin.choria.adapter.reg.stream.password = s3cret");
        assertTrue(error.startsWith("plugin.choria.adapter.reg.stream.password: unknown key; "), error);
        assertFalse(error.contains("s3cret"), error);
        final String own = error(MINIMAL, "plugin.fleetbridge.pasword = s3cret");
        assertTrue(own.startsWith("plugin.fleetbridge.pasword: unknown key"), own);
        assertFalse(own.contains("s3cret"), own);
    }

    @Test
    void shouldSuggestTheKeyMeantForATypo()
    {
        assertEquals("plugin.choria.adapter.reg.stream.worker: unknown key; " +
            "did you mean plugin.choria.adapter.reg.stream.workers?",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.worker = 4"));
        assertEquals("plugin.choria.adapter.reg.ingset.topic: unknown key; " +
            "did you mean plugin.choria.adapter.reg.ingest.topic?",
            error(MINIMAL, "plugin.choria.adapter.reg.ingset.topic = x"));
        assertEquals("plugin.choria.adapter.rge.queue_len: adapter \"rge\" is not listed in " +
            "plugin.choria.adapters (reg); did you mean `reg`?",
            error(MINIMAL, "plugin.choria.adapter.rge.queue_len = 5"));
    }

    @Test
    void shouldReportEveryProblemOfAFileAtOnce()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(MINIMAL,
            "plugin.choria.adapter.reg.stream.workers = ten",
            "loglevel = loud",
            "plugin.choria.adapter.reg.stream.wrokers = 4",
            "plugin.nats.user = u"));

        assertEquals(List.of(
            "loglevel = \"loud\": expected one of debug, info, warn, error, fatal",
            "plugin.choria.adapter.reg.stream.wrokers: unknown key; did you mean plugin.choria.adapter.reg.stream.workers?",
            "plugin.choria.adapter.reg.stream.workers = \"ten\": expected a whole number from 1 to 1024",
            "plugin.nats.pass is not set: expected a password, since plugin.nats.user is set"), ex.problems());
        assertTrue(ex.getMessage().startsWith("4 problems:\n  loglevel = "), ex.getMessage());
    }

    /** The broker never reads plugin.fleetbridge.*: a slip there would leave the broker's port or log file in force. */
    @Test
    void shouldRefuseUnknownKeysOfOurOwnNamespace()
    {
        assertEquals("plugin.fleetbridge.stat_port: unknown key; did you mean plugin.fleetbridge.stats_port?",
            error(MINIMAL, "plugin.fleetbridge.stat_port = 8223"));
        assertEquals("plugin.fleetbridge.colour: unknown key; expected one of plugin.fleetbridge.adapters, "
            + "plugin.fleetbridge.logfile, plugin.fleetbridge.stats_port", error(MINIMAL, "plugin.fleetbridge.colour = blue"));
    }

    @Test
    void shouldNameAMisspeltOwnListBesideTheMissingList()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(
            MINIMAL.replace("plugin.choria.adapters = reg", "plugin.fleetbridge.adapter = reg")));

        assertEquals(List.of(
            "plugin.fleetbridge.adapter: unknown key; did you mean plugin.fleetbridge.adapters?",
            "plugin.choria.adapters is not set (nor plugin.fleetbridge.adapters): no adapters are listed, so there is nothing "
                + "to run; expected " + ConfigKeys.ADAPTERS.expected()), ex.problems());
    }

    @Test
    void shouldReportABadFleetKeyWithTheFilesOtherProblems()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(MINIMAL,
            "plugin.choria.adapter.reg.fleet.inspect_duration = 10m",
            "plugin.choria.adapter.reg.fleet.warn_duration = 10m",
            "loglevel = loud"));

        assertEquals(List.of(
            "loglevel = \"loud\": expected one of debug, info, warn, error, fatal",
            "plugin.choria.adapter.reg.fleet.warn_duration = \"10m\": expected less than "
                + "plugin.choria.adapter.reg.fleet.inspect_duration (10m)"), ex.problems());
    }

    @Test
    void shouldSuggestTheAdapterNameWhenTheListIsMisspelt()
    {
        final String keys = MINIMAL.replace("adapters = reg", "adapters = registraton").replace(".reg.", ".registration.");

        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(keys));

        // one problem that names both spellings, not one per key nor "stream.servers is not set" for the listed name
        assertEquals(List.of("plugin.choria.adapters lists \"registraton\", which has no keys, but plugin.choria.adapter.registration.* " +
            "(3 keys) configure adapter \"registration\": did you mean `registration`? Spell the adapter the same in both places"),
            ex.problems());
    }

    @Test
    void shouldSuggestTheListedAdapterForKeysOfAMisspeltOne()
    {
        assertEquals("plugin.choria.adapter.rge.* (2 keys): adapter \"rge\" is not listed in plugin.choria.adapters (reg); " +
            "did you mean `reg`?",
            error(MINIMAL, "plugin.choria.adapter.rge.queue_len = 5", "plugin.choria.adapter.rge.stream.workers = 2"));
    }

    @Test
    void shouldRefuseUnknownKeyWithNothingClose()
    {
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.stream.clusterid = test-cluster").startsWith(
            "plugin.choria.adapter.reg.stream.clusterid: unknown key; " +
            "expected plugin.choria.adapter.reg. followed by one of type, queue_len, queue_bytes, stream.servers,"));
    }

    @Test
    void shouldRefuseKeysOfAnAdapterNotListed()
    {
        assertEquals("plugin.choria.adapter.other.type: adapter \"other\" is not listed in " +
            "plugin.choria.adapters (reg)",
            error(MINIMAL, "plugin.choria.adapter.other.type = jetstream"));
    }

    @Test
    void shouldRefuseUnknownType()
    {
        assertEquals("plugin.choria.adapter.reg.type = \"kafka\": expected jetstream or choria_streams",
            error(MINIMAL, "plugin.choria.adapter.reg.type = kafka"));
    }

    @Test
    void shouldRefuseDeprecatedNatsStreamType()
    {
        // checked before unknown keys, so that the old adapter's clusterid key does not hide the reason
        assertEquals("plugin.choria.adapter.reg.type = \"nats_stream\": the nats_stream adapter is deprecated " +
            "(NATS Streaming has reached its end of life), use jetstream; expected jetstream or choria_streams",
            error(MINIMAL, "plugin.choria.adapter.reg.type = nats_stream", "plugin.choria.adapter.reg.stream.clusterid = c"));
    }

    @Test
    void shouldNameBadServerEntry()
    {
        assertEquals("plugin.choria.adapter.reg.stream.servers = \"s1:4222, s2\": entry \"s2\" has no port; " +
            "expected a comma separated list of host:port or nats://host:port (tls:// for TLS)",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.servers = s1:4222, s2"));
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.stream.servers = http://s1:4222")
            .contains(": entry \"http://s1:4222\" has scheme http://; expected"));
        assertTrue(error(MINIMAL, "plugin.choria.middleware_hosts = b1:4222,,b2:4222")
            .startsWith("plugin.choria.middleware_hosts = \"b1:4222,,b2:4222\": entry \"\" is empty"));
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.stream.servers = s1:99999")
            .contains("entry \"s1:99999\" has port 99999 outside 1 to 65535"));
        final String credentials = error(MINIMAL, "plugin.choria.adapter.reg.stream.servers = nats://alice:s3cret@s1:4222, s2:4222");
        assertTrue(credentials.contains("entry \"nats://***@s1:4222\" holds credentials"), credentials);
        assertFalse(credentials.contains("s3cret") || credentials.contains("alice"), "the password is never echoed: " + credentials);
        final String bare = error(MINIMAL, "plugin.choria.middleware_hosts = bob:hunter2@b1:4222");
        assertFalse(bare.contains("hunter2"), bare);
    }

    @Test
    void shouldRefuseBadDuration()
    {
        assertEquals("plugin.choria.adapter.reg.stream.ack_timeout = \"2 seconds\": " +
            "expected a duration from 1ms to 1h such as 500ms, 2s, 1m30s or 1h (a plain number is seconds)",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.ack_timeout = 2 seconds"));
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.drain_timeout = 2d")
            .startsWith("plugin.choria.adapter.reg.drain_timeout = \"2d\": expected a duration from 0s to 1h"));
    }

    @Test
    void shouldRefuseRetryBoundBelowAckTimeout()
    {
        assertEquals("plugin.choria.adapter.reg.stream.retry_for = \"1s\": " +
            "expected at least plugin.choria.adapter.reg.stream.ack_timeout (2s)",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.retry_for = 1s"));
    }

    @Test
    void shouldRefuseBadSubjects()
    {
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.stream.topic = choria.*.x")
            .startsWith("plugin.choria.adapter.reg.stream.topic = \"choria.*.x\": wildcards cannot be published to;"));
        assertTrue(error(MINIMAL.replace("ingest.topic = choria.broadcast", "ingest.topic = choria..broadcast"))
            .contains("it has an empty token"));
        assertTrue(error(MINIMAL.replace("ingest.topic = choria.broadcast", "ingest.topic = >.broadcast"))
            .contains("token \">\" misuses a wildcard"));
    }

    @Test
    void shouldRefuseBadChoices()
    {
        assertEquals("loglevel = \"verbose\": expected one of debug, info, warn, error, fatal",
            error(MINIMAL, "loglevel = verbose"));
        assertEquals("plugin.choria.adapter.reg.ingest.protocol = \"both\": expected request or reply",
            error(MINIMAL, "plugin.choria.adapter.reg.ingest.protocol = both"));
    }

    @Test
    void shouldReadBooleansAsChoriaDoesAndRefuseTheWordsItReadsAsFalse()
    {
        for (final String yes : List.of("1", "yes", "true", "y", "t", "Y", "TRUE", "Yes"))
        {
            assertFalse(parse(MINIMAL, "plugin.security.insecure_skip_verify_hostname = " + yes).checkHostname(), yes);
        }
        for (final String no : List.of("0", "no", "false", "n", "f", "N", "FALSE"))
        {
            assertTrue(parse(MINIMAL, "plugin.security.insecure_skip_verify_hostname = " + no).checkHostname(), no);
        }
        // Choria reads "on" as false: taken as true, it would turn hostname checks off where the broker keeps them
        assertEquals("plugin.security.insecure_skip_verify_hostname = \"on\": Choria reads any other word as false; " +
            "expected true or false (or yes/no, y/n, t/f, 1/0)",
            error(MINIMAL, "plugin.security.insecure_skip_verify_hostname = on"));
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.ingest.verify = off")
            .startsWith("plugin.choria.adapter.reg.ingest.verify = \"off\": Choria reads any other word as false;"));
    }

    @Test
    void shouldRefuseTheWordsTheBrokerComparesExactlyInAnotherCase()
    {
        assertEquals("plugin.choria.adapter.reg.type = \"JetStream\": the Choria Broker would refuse it as an unknown " +
            "adapter type; write jetstream; expected jetstream or choria_streams",
            error(MINIMAL.replace("type = jetstream", "type = JetStream")));
        // the broker would read these as reply, not as the requests they seem to ask for
        assertEquals("plugin.choria.adapter.reg.ingest.protocol = \"Request\": the Choria Broker reads only the exact word " +
            "request as requests, and this as reply; expected request or reply",
            error(MINIMAL, "plugin.choria.adapter.reg.ingest.protocol = Request"));
        assertTrue(error(MINIMAL, "plugin.choria.adapter.reg.ingest.protocol = REPLY").contains("expected request or reply"));
        assertEquals(IngestProtocol.REQUEST,
            parse(MINIMAL, "plugin.choria.adapter.reg.ingest.protocol = request").adapters().get(0).ingestProtocol());
    }

    @Test
    void shouldWriteJsonToALogFileByDefaultAsTheBrokerDoes()
    {
        assertEquals("json", parse(MINIMAL, "logfile = /var/log/fleetbridge.log").logFormat());
        assertEquals("text", parse(MINIMAL).logFormat());
        assertEquals("text", parse(MINIMAL, "logfile = stderr").logFormat());
        assertEquals("text", parse(MINIMAL, "logfile = /var/log/fleetbridge.log", "logformat = text").logFormat());
        assertEquals("json", parse(MINIMAL, "logformat = json").logFormat());
    }

    @Test
    void shouldRefuseAStreamTopicWhoseStreamWouldAlsoStoreTheInput()
    {
        // %s before the end: the stream must take everything from that token on, choria.> here, the input included
        assertEquals("plugin.choria.adapter.reg.stream.topic = \"choria.%s.node_metadata\": the stream that stores its subjects "
            + "(choria.>) would also store plugin.choria.adapter.reg.ingest.topic (choria.broadcast.agent.registration) on the same "
            + "servers: every raw input, each answered as if stored; put %s at the end of a subject apart from the input's, such as "
            + "choria.node_metadata.%s",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.topic = choria.%s.node_metadata",
                "plugin.choria.adapter.reg.ingest.servers = stream1:4222"));
        // on other servers it stores nothing of the input
        parse(MINIMAL, "plugin.choria.adapter.reg.stream.topic = choria.%s.node_metadata");
        parse(MINIMAL, "plugin.choria.adapter.reg.ingest.servers = stream1:4222");
    }

    @Test
    void shouldReadTheWaitStrategyWhichBlocksByDefault()
    {
        assertEquals(io.fleetbridge.adapter.RingWait.BLOCKING, parse(MINIMAL).adapters().get(0).waitStrategy());
        assertEquals(io.fleetbridge.adapter.RingWait.BUSY_SPIN,
            parse(MINIMAL, "plugin.choria.adapter.reg.stream.wait_strategy = busy_spin").adapters().get(0).waitStrategy());
        assertEquals("plugin.choria.adapter.reg.stream.wait_strategy = \"sleeping\": expected one of blocking, yielding, busy_spin",
            error(MINIMAL, "plugin.choria.adapter.reg.stream.wait_strategy = sleeping"));
    }

    @Test
    void shouldRefuseBadAdapterList()
    {
        assertTrue(error(MINIMAL, "plugin.choria.adapters = reg, reg")
            .startsWith("plugin.choria.adapters = \"reg, reg\": name \"reg\" is listed twice; expected"));
        assertTrue(error(MINIMAL, "plugin.choria.adapters = reg, a.b")
            .startsWith("plugin.choria.adapters = \"reg, a.b\": name \"a.b\" is not allowed; expected"));
    }

    @Test
    void shouldRequirePasswordWithUser()
    {
        assertEquals("plugin.nats.pass is not set: expected a password, since plugin.nats.user is set",
            error(MINIMAL, "plugin.nats.user = bridge"));
    }

    @Test
    void shouldRequireTlsFilesForFileProvider()
    {
        assertEquals("plugin.security.file.key is not set: expected a file path, since plugin.security.provider = \"file\"",
            error(MINIMAL, "plugin.security.provider = file", "plugin.security.file.certificate = c.pem",
                "plugin.security.file.ca = ca.pem"));
    }

    @Test
    void shouldLoadFromFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("broker.conf");
        Files.writeString(file, MINIMAL + "\nloglevel = warn\n");

        assertEquals("warn", DaemonConfig.load(file).logLevel());
    }

    @Test
    void shouldTakeARelativeLogFileFromTheConfigurationFilesDirectory(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.createDirectory(dir.resolve("etc")).resolve("broker.conf");
        Files.writeString(file, MINIMAL + "\nlogfile = log/../fleetbridge.log\n");

        assertEquals(dir.resolve("etc/fleetbridge.log").toAbsolutePath().toString(), DaemonConfig.load(file).logFile());

        Files.writeString(file, MINIMAL + "\nlogfile = /var/log/fleetbridge.log\n");
        assertEquals("/var/log/fleetbridge.log", DaemonConfig.load(file).logFile());
    }

    @Test
    void shouldNameUnreadableFile(@TempDir final Path dir)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> DaemonConfig.load(dir.resolve("missing.conf")));
        assertTrue(ex.getMessage().startsWith("cannot read configuration file " + dir.resolve("missing.conf")), ex.getMessage());
    }

    @Test
    void shouldParseARealisticBrokerConfig() throws Exception
    {
        final Map<String, String> raw;
        try (var in = DaemonConfigTest.class.getResourceAsStream("/broker.conf"))
        {
            raw = ConfigFile.parse(Arrays.asList(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")), "broker.conf");
        }
        final DaemonConfig config = DaemonConfig.parse(raw, "ignored");

        assertEquals("broker1.example.net", config.identity());
        assertEquals(8222, config.statsPort());
        assertEquals(List.of("discovery", "replies"), config.adapters().stream().map(AdapterConfig::name).toList());
        assertEquals("choria.node_metadata.%s", config.adapters().get(0).streamTopic());
        assertEquals(List.of("nats://broker1.example.net:4222", "nats://broker2.example.net:4222", "nats://broker3.example.net:4222"),
            config.adapters().get(0).ingestServers());
        assertEquals(new TlsFiles("/etc/choria/ssl/broker1.example.net.pem", "/etc/choria/ssl/broker1.example.net-key.pem",
            "/etc/choria/ssl/ca.pem"), config.tls().orElseThrow());
    }

    @Test
    void shouldAcceptTheDocumentedExample()
    {
        final DaemonConfig config = DaemonConfig.parse(ConfigFile.parse(Arrays.asList(ConfigurationDoc.EXAMPLE.split("\n")), "example"));

        assertEquals("discovery", config.adapters().get(0).name());
        assertEquals(65536, config.adapters().get(0).queueLength());
    }
}
