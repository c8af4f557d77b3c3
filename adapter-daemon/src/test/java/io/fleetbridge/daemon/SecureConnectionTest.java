package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.testsupport.CertificateAuthority;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsOperator;
import io.fleetbridge.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The daemon's connections against real nats-servers that demand TLS, client certificates,
 * passwords and JWT credentials, with certificates and keys made by the test.
 */
@SuppressWarnings("try")
class SecureConnectionTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static CertificateAuthority fleetCa;
    private static CertificateAuthority otherCa;
    private static Path caFile;
    private static Path otherCaFile;
    private static Path serverCert;
    private static Path clientCert;
    private static Path strangerCert;
    private static Path impostorCert;

    @BeforeAll
    static void pki()
    {
        fleetCa = CertificateAuthority.create("fleet CA");
        otherCa = CertificateAuthority.create("other CA");
        caFile = fleetCa.writeCertificate(dir.resolve("ca.pem"));
        otherCaFile = otherCa.writeCertificate(dir.resolve("other-ca.pem"));
        serverCert = fleetCa.issue("nats.example.net").write(dir, "server");
        clientCert = fleetCa.issue("bridge.example.net").write(dir, "client");
        strangerCert = otherCa.issue("bridge.example.net").write(dir, "stranger");
        // signed by the fleet's CA like every node's certificate, but naming another host
        impostorCert = fleetCa.issue("impostor.example.net", List.of("impostor.example.net")).write(dir, "impostor");
    }

    @Test
    void shouldRefuseAServerWhoseCertificateNamesAnotherHost() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(impostorCert)).build())
        {
            server.start();
            for (final String host : List.of("127.0.0.1", "localhost"))
            {
                final String url = server.url().replace("127.0.0.1", host);
                final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                    () -> probe(url, NatsSecurity.of(DaemonConfig.parse(tlsConfig(url, clientCert), "h")).ingest("reg")),
                    () -> "connected to " + url + " whose certificate names only impostor.example.net");
                assertTrue(failure.getMessage().contains("does not name the host connected to") && failure.getMessage().contains(host),
                    failure::getMessage);
            }
        }
    }

    @Test
    void shouldAcceptAServerCertificateThatNamesTheHostByNameOrAddress() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls()).build())
        {
            server.start();
            for (final String host : List.of("127.0.0.1", "localhost"))
            {
                final String url = server.url().replace("127.0.0.1", host);
                probe(url, NatsSecurity.of(DaemonConfig.parse(tlsConfig(url, clientCert), "h")).stream("reg"));
            }
        }
    }

    @Test
    void shouldMatchTheNameInTheServerUrlNotTheAddressItResolvesTo() throws Exception
    {
        // the client resolves names itself; the check must still see the name, which is all this certificate lists
        final Path byNameOnly = fleetCa.issue("localhost", List.of("localhost")).write(dir, "name-only");
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(byNameOnly)).build())
        {
            server.start();
            final String url = server.url().replace("127.0.0.1", "localhost");
            probe(url, NatsSecurity.of(DaemonConfig.parse(tlsConfig(url, clientCert), "h")).ingest("reg"));
        }
    }

    @Test
    void shouldTakeACommonNameForTheHostOnlyWithLegacyCertificatesAsChoriaDoes() throws Exception
    {
        // Go's TLS never falls back to the common name; Choria's file provider relaxes that only by this key
        final Path commonNameOnly = fleetCa.issue("localhost", List.of()).write(dir, "common-name-only");
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(commonNameOnly)).build())
        {
            server.start();
            final String url = server.url().replace("127.0.0.1", "localhost");
            final Map<String, String> raw = tlsConfig(url, clientCert);
            final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                () -> probe(url, NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")),
                () -> "connected to " + url + " whose certificate names it only by its common name");
            assertTrue(failure.getMessage().contains("does not name the host connected to")
                && failure.getMessage().contains("plugin.security.support_legacy_certificates = true"), failure::getMessage);

            raw.put("plugin.security.support_legacy_certificates", "true");
            probe(url, NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg"));
        }
        // the puppet provider always accepts them, as go-choria's does
        assertTrue(DaemonConfig.parse(OneAdapterKeys.with("plugin.security.provider", "puppet", "plugin.choria.ssldir", "/srv/ssl",
            "identity", "bridge.example.net"), "h", Map.of(), false).legacyCertificates());
        assertFalse(DaemonConfig.parse(tlsConfig("localhost:4222", clientCert), "h").legacyCertificates());
    }

    @Test
    void shouldAcceptAnyHostOnlyWhenTheHostnameCheckIsTurnedOff() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(impostorCert)).build())
        {
            server.start();
            final Map<String, String> raw = tlsConfig(server.url(), clientCert);
            raw.put("plugin.security.insecure_skip_verify_hostname", "true");
            probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg"));
        }
    }

    @Test
    void shouldKeepTheDaemonOffAServerWhoseCertificateNamesAnotherHost() throws Exception
    {
        final Path log = dir.resolve("impostor-daemon.log");
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(impostorCert)).build())
        {
            server.start();
            Logging.configure("warn", log.toString());
            try (Daemon daemon = Daemon.start(DaemonConfig.parse(tlsConfig(server.url(), clientCert), "h")))
            {
                Deadline.await(WAIT, "the daemon logs why it does not connect",
                    () -> logText(log).contains("TLS: the server's certificate does not name the host connected to"));
                assertFalse(daemon.problems().isEmpty(), "not ready while the only server is an impostor");
            }
            finally
            {
                Logging.configure("info", "");
            }
        }
    }

    @Test
    void shouldCheckTheHostnameInTheCheckCommandAndWarnWhenItIsOff() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls(impostorCert)).build())
        {
            server.start();
            final Map<String, String> raw = tlsConfig(server.url(), clientCert);
            final CheckResult refused = check(raw);
            assertEquals(1, refused.code, refused.out);
            assertTrue(refused.out.contains("PROBLEM: ingest cannot connect to " + server.url() + " (") &&
                refused.out.contains("does not name the host connected to"), refused.out);
            assertFalse(refused.out.contains("WARNING: plugin.security.insecure_skip_verify_hostname"), refused.out);

            raw.put("plugin.security.insecure_skip_verify_hostname", "true");
            try (Connection streams = connect(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).stream("reg")))
            {
                streams.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("REG").subjects("fleet.reg.>").storageType(StorageType.Memory).build());
            }
            final CheckResult warned = check(raw);
            assertEquals(0, warned.code, warned.out);
            assertTrue(warned.out.contains("WARNING: plugin.security.insecure_skip_verify_hostname = true: server certificates " +
                "are not checked against the host connected to"), warned.out);
        }
    }

    @Test
    void shouldConnectWithThePuppetProvidersFilesInItsSslDirectory() throws Exception
    {
        final Path ssl = dir.resolve("puppet-ssl");
        final CertificateAuthority.Issued node = fleetCa.issue("bridge.example.net");
        Files.createDirectories(ssl.resolve("certs"));
        Files.createDirectories(ssl.resolve("private_keys"));
        Files.writeString(ssl.resolve("certs/bridge.example.net.pem"), node.certificatePem());
        Files.writeString(ssl.resolve("private_keys/bridge.example.net.pem"), node.pkcs1KeyPem());
        fleetCa.writeCertificate(ssl.resolve("certs/ca.pem"));
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls()).build())
        {
            server.start();
            final Map<String, String> raw = plainConfig(server.url());
            raw.put("plugin.security.provider", "puppet");
            raw.put("plugin.choria.ssldir", ssl.toString());
            raw.put("identity", "bridge.example.net");
            final DaemonConfig config = DaemonConfig.parse(raw, "h", Map.of(), false);
            assertEquals(ssl.resolve("certs/bridge.example.net.pem").toString(), config.tls().orElseThrow().certificate());
            probe(server.url(), NatsSecurity.of(config).ingest("reg"));

            raw.put("identity", "another.example.net");
            probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h", Map.of("MCOLLECTIVE_CERTNAME", "bridge.example.net"), false))
                .stream("reg"));

            final ConfigException missing = assertThrows(ConfigException.class,
                () -> NatsSecurity.of(DaemonConfig.parse(raw, "h", Map.of(), false)));
            assertTrue(missing.getMessage().startsWith("puppet certificate = \"" + ssl.resolve("certs/another.example.net.pem") +
                "\": cannot read it"), missing.getMessage());
            assertTrue(missing.getMessage().endsWith("; the puppet provider looks in the SSL directory " + ssl
                + " (set by plugin.choria.ssldir) for the certname another.example.net (identity; set identity or "
                + "MCOLLECTIVE_CERTNAME to change it); puppet config print ssldir certname shows Puppet's own"), missing.getMessage());
        }
    }

    @Test
    void shouldLandMessagesOverMutualTlsWithIngestAndStreamInDifferentAccounts() throws Exception
    {
        final String accounts = "accounts {\n" +
            "  FLEET { users: [ {user: ingester, password: \"in-s3cret\"} ] }\n" +
            "  STREAMS { jetstream: enabled, users: [ {user: streamer, password: \"st-s3cret\"} ] }\n" +
            "}\n";
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls() + accounts).build())
        {
            server.start();
            final Map<String, String> raw = tlsConfig(server.url(), clientCert);
            raw.put("plugin.nats.user", "nobody");
            raw.put("plugin.nats.pass", "wrong");
            raw.put("plugin.choria.adapter.reg.ingest.user", "ingester");
            raw.put("plugin.choria.adapter.reg.ingest.pass", "in-s3cret");
            raw.put("plugin.choria.adapter.reg.stream.user", "streamer");
            raw.put("plugin.choria.adapter.reg.stream.pass", "st-s3cret");
            final DaemonConfig config = DaemonConfig.parse(raw, "test-host");
            final NatsSecurity security = NatsSecurity.of(config);

            try (Connection streams = connect(server.url(), security.stream("reg"));
                 Connection fleet = connect(server.url(), security.ingest("reg")))
            {
                streams.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("REG").subjects("fleet.reg.>").storageType(StorageType.Memory).build());
                try (Daemon daemon = Daemon.start(config))
                {
                    Deadline.await(WAIT, "both sides connected and the stream found", () -> daemon.problems().isEmpty());
                    fleet.publish("choria.broadcast.agent.registration", registration("web1.example.net"));
                    Deadline.await(WAIT, "the registration acknowledged",
                        () -> daemon.metrics().get(0).published.sum() == 1);
                }
                assertEquals(1, streams.jetStreamManagement().getStreamInfo("REG").getStreamState().getMsgCount());
            }
        }
    }

    @Test
    void shouldNameTheUntrustedServerCertificate() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls()).build())
        {
            server.start();
            final Map<String, String> raw = tlsConfig(server.url(), clientCert);
            raw.put("plugin.security.file.ca", otherCaFile.toString());
            final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                () -> probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")));
            assertTrue(failure.getMessage().contains("server's certificate is not trusted"), failure::getMessage);
        }
    }

    @Test
    void shouldNameTheRefusedClientCertificate() throws Exception
    {
        try (NatsServer server = NatsServer.builder().extraConfig(mutualTls()).build())
        {
            server.start();
            final Map<String, String> raw = tlsConfig(server.url(), strangerCert);
            final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                () -> probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")));
            assertTrue(failure.getMessage().contains("refused this daemon's client certificate"),
                () -> failure.getMessage() + " from " + failure.getCause());
        }
    }

    @Test
    void shouldNameRefusedPasswordWithoutShowingIt() throws Exception
    {
        try (NatsServer server = NatsServer.builder()
            .extraConfig("authorization { users: [ {user: bridge, password: \"right-s3cret\"} ] }").build())
        {
            server.start();
            final Map<String, String> raw = plainConfig(server.url());
            raw.put("plugin.nats.user", "bridge");
            raw.put("plugin.nats.pass", "wrong-s3cret");
            final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                () -> probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")));
            final String described = failure.getMessage();
            assertTrue(described.contains("refused the credentials"), described);
            assertFalse(described.contains("s3cret"), described);

            raw.put("plugin.nats.pass", "right-s3cret");
            connect(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")).close();
        }
    }

    @Test
    void shouldConnectWithJwtCredentialsAndRefuseAUserOfAnUnknownAccount() throws Exception
    {
        final NatsOperator operator = NatsOperator.create();
        final Path good = operator.writeUserCredentials(dir.resolve("bridge.creds"), "bridge");
        final Path foreign = operator.writeForeignUserCredentials(dir.resolve("foreign.creds"), "intruder");
        try (NatsServer server = NatsServer.builder().extraConfig(operator.serverConfig()).build())
        {
            server.start();
            final Map<String, String> raw = plainConfig(server.url());
            raw.put("plugin.nats.credentials", good.toString());
            final NatsSecurity security = NatsSecurity.of(DaemonConfig.parse(raw, "h"));
            try (Connection a = connect(server.url(), security.ingest("reg"));
                 Connection b = connect(server.url(), security.stream("reg")))
            {
                final Subscription subscription = a.subscribe("hello");
                a.flush(WAIT);
                b.publish("hello", "world".getBytes(StandardCharsets.UTF_8));
                assertEquals("world", new String(subscription.nextMessage(WAIT).getData(), StandardCharsets.UTF_8),
                    "both connections in the operator's account");
            }

            raw.put("plugin.nats.credentials", foreign.toString());
            final ConnectionProbe.Failed failure = assertThrows(ConnectionProbe.Failed.class,
                () -> probe(server.url(), NatsSecurity.of(DaemonConfig.parse(raw, "h")).ingest("reg")));
            assertTrue(failure.getMessage().contains("refused the credentials"), failure::getMessage);
        }
    }

    @Test
    void shouldRefuseUnreadableCredentialsFileByItsKey()
    {
        final Map<String, String> raw = plainConfig("nats://127.0.0.1:4222");
        raw.put("plugin.choria.adapter.reg.stream.credentials", dir.resolve("missing.creds").toString());
        final ConfigException error = assertThrows(ConfigException.class, () -> NatsSecurity.of(DaemonConfig.parse(raw, "h")));
        assertTrue(error.getMessage().startsWith("plugin.choria.adapter.reg.stream.credentials = "), error.getMessage());
    }

    @Test
    void shouldRefuseKeyThatDoesNotBelongToTheCertificate() throws IOException
    {
        final Map<String, String> raw = tlsConfig("nats://127.0.0.1:4222", clientCert);
        raw.put("plugin.security.file.key", dir.resolve("stranger-key.pem").toString());
        final ConfigException error = assertThrows(ConfigException.class, () -> NatsSecurity.of(DaemonConfig.parse(raw, "h")));
        assertTrue(error.getMessage().contains("does not belong to the certificate"), error.getMessage());
        assertFalse(error.getMessage().contains("PRIVATE"), "no key material in messages");
    }

    @Test
    void shouldReadPkcs8KeysAsWellAsPkcs1() throws IOException
    {
        final CertificateAuthority.Issued issued = fleetCa.issue("pkcs8.example.net");
        final Path cert = issued.write(dir, "pkcs8");
        Files.writeString(dir.resolve("pkcs8-key.pem"), issued.pkcs8KeyPem());
        assertTrue(NatsSecurity.of(DaemonConfig.parse(tlsConfig("nats://127.0.0.1:4222", cert), "h")).tls());
    }

    private static String mutualTls()
    {
        return mutualTls(serverCert);
    }

    /** The server presents {@code certificate} and asks for a client certificate of the fleet's CA. */
    private static String mutualTls(final Path certificate)
    {
        return "tls {\n  cert_file: \"" + certificate + "\"\n  key_file: \"" + certificate.toString().replace(".pem", "-key.pem") +
            "\"\n  ca_file: \"" + caFile + "\"\n  verify: true\n  timeout: 5\n}\n";
    }

    private static CheckResult check(final Map<String, String> raw) throws Exception
    {
        final StringBuilder text = new StringBuilder();
        raw.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        final Path file = Files.createTempFile(dir, "check", ".conf");
        Files.writeString(file, text.toString());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = CheckCommand.check(file, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new CheckResult(code, out.toString(StandardCharsets.UTF_8));
    }

    private static String logText(final Path log)
    {
        try
        {
            return Files.exists(log) ? Files.readString(log) : "";
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private record CheckResult(int code, String out)
    {
    }

    private static Map<String, String> plainConfig(final String url)
    {
        final Map<String, String> raw = new LinkedHashMap<>();
        raw.put("plugin.choria.adapters", "reg");
        raw.put("plugin.choria.adapter.reg.type", "jetstream");
        raw.put("plugin.choria.adapter.reg.stream.servers", url);
        raw.put("plugin.choria.adapter.reg.stream.topic", "fleet.reg.%s");
        raw.put("plugin.choria.adapter.reg.stream.workers", "1");
        raw.put("plugin.choria.adapter.reg.ingest.servers", url);
        raw.put("plugin.choria.adapter.reg.ingest.topic", "choria.broadcast.agent.registration");
        raw.put("plugin.choria.adapter.reg.ingest.protocol", "request");
        raw.put("plugin.choria.adapter.reg.ingest.workers", "1");
        raw.put("plugin.choria.adapter.reg.drain_timeout", "5s");
        return raw;
    }

    private static Map<String, String> tlsConfig(final String url, final Path certificate)
    {
        final Map<String, String> raw = plainConfig(url);
        raw.put("plugin.security.provider", "file");
        raw.put("plugin.security.file.certificate", certificate.toString());
        raw.put("plugin.security.file.key", certificate.toString().replace(".pem", "-key.pem"));
        raw.put("plugin.security.file.ca", caFile.toString());
        return raw;
    }

    private static Connection connect(final String url, final UnaryOperator<Options.Builder> settings)
        throws IOException, InterruptedException
    {
        return Nats.connect(settings.apply(new Options.Builder().server(url).noReconnect()
            .connectionTimeout(Duration.ofSeconds(5)).errorListener(new io.nats.client.ErrorListener() { })).build());
    }

    private static void probe(final String url, final UnaryOperator<Options.Builder> settings) throws Exception
    {
        ConnectionProbe.connect(List.of(url), settings, Duration.ofSeconds(5)).close();
    }

    /** A v1 registration request with the dummy insecure signature; the adapter does not verify by default. */
    static byte[] registration(final String sender)
    {
        final String request = "{\"protocol\":\"choria:request:1\",\"message\":\"" +
            Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "\",\"envelope\":{\"requestid\":\"" +
            "0123456789abcdef0123456789abcdef\",\"senderid\":\"" + sender + "\",\"callerid\":\"choria=x\",\"collective\":\"c\"," +
            "\"agent\":\"registration\",\"ttl\":60,\"time\":1520088557," +
            "\"filter\":{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}}}";
        final String secure = "{\"protocol\":\"choria:secure:request:1\",\"message\":" + json(request) +
            ",\"signature\":\"" + Base64.getEncoder().encodeToString("insecure registration".getBytes(StandardCharsets.UTF_8)) +
            "\",\"pubcert\":\"-----BEGIN CERTIFICATE-----\\nMIIBdummy\\n-----END CERTIFICATE-----\\n\"}";
        return ("{\"protocol\":\"choria:transport:1\",\"data\":\"" +
            Base64.getEncoder().encodeToString(secure.getBytes(StandardCharsets.UTF_8)) + "\",\"headers\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static String json(final String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
