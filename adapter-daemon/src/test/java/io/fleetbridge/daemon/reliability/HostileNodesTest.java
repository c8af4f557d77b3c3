package io.fleetbridge.daemon.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.adapter.AdapterMetrics;
import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DropReason;
import io.fleetbridge.adapter.SignedRequests;
import io.fleetbridge.adapter.TestMessages;
import io.fleetbridge.daemon.Daemon;
import io.fleetbridge.daemon.DaemonConfig;
import io.fleetbridge.testsupport.CertificateAuthority;
import io.fleetbridge.testsupport.Deadline;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;

/**
 * What a node of the fleet can try against a daemon that verifies what it takes
 * ({@code ingest.verify}): speak for another node, replay or pre-date a request, sign with a
 * certificate unfit for signing or from another authority, flood the daemon with certificates it
 * must refuse, or claim a sender no subject can carry. Genuine registrations of two nodes are
 * sent between every attempt, so the scenario also shows that refusing costs the good traffic
 * nothing. Written to {@code docs/reliability.md} as its hostile-input section.
 */
@SuppressWarnings("try")
class HostileNodesTest
{
    private static final int ROUNDS = 20;
    private static final String WEB1 = "web1.example.net";
    private static final String WEB2 = "web2.example.net";

    @RegisterExtension
    final NatsServerExtension nats = NatsServerExtension.single();

    @TempDir
    Path dir;

    /** One kind of hostile input: what it is, the input of round {@code r}, and what it must be refused as. */
    private record Attempt(String tried, DecodeResult refusedAs, Input input)
    {
    }

    @FunctionalInterface
    private interface Input
    {
        byte[] round(int r) throws Exception;
    }

    @Test
    void shouldLetNoForgeryInAndLoseNoGenuineRegistration() throws Exception
    {
        final CertificateAuthority fleet = CertificateAuthority.create("fleet CA");
        final CertificateAuthority.Issued web1 = fleet.issue(WEB1);
        final CertificateAuthority.Issued web2 = fleet.issue(WEB2);
        final CertificateAuthority.Issued unfit = fleet.issueWithUsage(WEB2, 0x20);
        final CertificateAuthority.Issued foreign = CertificateAuthority.create("another CA").issue(WEB1);
        final List<CertificateAuthority.Issued> strangers = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            strangers.add(CertificateAuthority.create("stranger CA " + i).issue("stranger" + i + ".example.net"));
        }
        final String hugeSender = "n".repeat(700_000);

        final List<Attempt> attempts = List.of(
            new Attempt("web2's certificate signs a registration with `senderid` web1", DecodeResult.IDENTITY_MISMATCH,
                r -> signed(web2.certificatePem(), web2.key(), WEB1, "choria=" + WEB2, forged(1, r), now(), 60)),
            new Attempt("web2's certificate signs for web1 as both `senderid` and `callerid`", DecodeResult.IDENTITY_MISMATCH,
                r -> signed(web2.certificatePem(), web2.key(), WEB1, "choria=" + WEB1, forged(2, r), now(), 60)),
            new Attempt("web1's own registration made 10 minutes ago with a 60 s ttl, replayed", DecodeResult.EXPIRED_REQUEST,
                r -> signed(web1.certificatePem(), web1.key(), WEB1, "choria=" + WEB1, forged(3, r), now() - 600, 60)),
            new Attempt("web1's own registration dated 10 minutes ahead", DecodeResult.EXPIRED_REQUEST,
                r -> signed(web1.certificatePem(), web1.key(), WEB1, "choria=" + WEB1, forged(4, r), now() + 600, 60)),
            new Attempt("a fleet certificate whose key usage lacks digitalSignature", DecodeResult.UNTRUSTED_CERTIFICATE,
                r -> signed(unfit.certificatePem(), unfit.key(), WEB2, "choria=" + WEB2, forged(5, r), now(), 60)),
            new Attempt("a certificate for web1 from another authority", DecodeResult.UNTRUSTED_CERTIFICATE,
                r -> signed(foreign.certificatePem(), foreign.key(), WEB1, "choria=" + WEB1, forged(6, r), now(), 60)),
            new Attempt("a flood: five strangers' certificates, each round all five", DecodeResult.UNTRUSTED_CERTIFICATE,
                r -> floodOf(strangers, r)),
            new Attempt("a `pubcert` that is no certificate at all", DecodeResult.UNTRUSTED_CERTIFICATE,
                r -> signed("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", web1.key(), WEB1,
                    "choria=" + WEB1, forged(8, r), now(), 60)),
            new Attempt("a 700 KB `senderid` (unsigned: refused at decode, before the signature)", DecodeResult.SENDER_TOO_LONG,
                r -> TestMessages.v1Request(hugeSender, forged(9, r), "{}".getBytes(StandardCharsets.UTF_8))),
            new Attempt("a `senderid` with a wildcard, `web1.>`", DecodeResult.BAD_SENDER,
                r -> TestMessages.v1Request("web1.>", forged(10, r), "{}".getBytes(StandardCharsets.UTF_8))));
        final int floodPerRound = strangers.size();

        final Path ca = fleet.writeCertificate(dir.resolve("ca.pem"));
        final AdapterKeys keys = new AdapterKeys(nats.url(), nats.url())
            .set("ingest.verify", "true")
            .set("plugin.security.file.ca", ca.toString());
        try (Connection source = Nats.connect(nats.url()); Connection stream = Nats.connect(nats.url()))
        {
            StreamLedger.create(stream, keys.stream, keys.streamSubjects, 1);
            try (Daemon daemon = Daemon.start(DaemonConfig.parse(keys.map())))
            {
                Deadline.await(Settlement.WAIT, "the daemon ready", () -> daemon.problems().isEmpty());
                final AdapterMetrics metrics = daemon.metrics().get(0);
                long sent = 0;
                int genuine = 0;
                for (int r = 0; r < ROUNDS; r++)
                {
                    for (final Attempt attempt : attempts)
                    {
                        if (attempt.refusedAs() == DecodeResult.UNTRUSTED_CERTIFICATE && attempt.tried().startsWith("a flood"))
                        {
                            for (int i = 0; i < floodPerRound; i++)
                            {
                                source.publish(keys.ingestSubject, attempt.input().round(r * floodPerRound + i));
                                sent++;
                            }
                        }
                        else
                        {
                            source.publish(keys.ingestSubject, attempt.input().round(r));
                            sent++;
                        }
                        source.publish(keys.ingestSubject, signed(web1.certificatePem(), web1.key(), WEB1, "choria=" + WEB1,
                            genuine(genuine++), now(), 60));
                        source.publish(keys.ingestSubject, signed(web2.certificatePem(), web2.key(), WEB2, "choria=" + WEB2,
                            genuine(genuine++), now(), 60));
                        sent += 2;
                    }
                }
                source.flush(java.time.Duration.ofSeconds(10));
                Settlement.awaitQuiet(metrics, sent);
                final StreamLedger ledger = StreamLedger.read(stream, keys.stream);

                final ScenarioReport report = new ScenarioReport("20-hostile-nodes", "Nodes that try to get in what is not theirs",
                    String.format("One JetStream server, `ingest.verify` on, two genuine nodes (web1, web2) with certificates of "
                        + "the fleet's authority. %d rounds; in each, every attempt below once (the flood: five messages), each "
                        + "followed by one genuine registration of web1 and one of web2.", ROUNDS))
                    .section("Hostile input")
                    .sent(sent).counters(metrics).stream(ledger);
                for (final Attempt attempt : attempts)
                {
                    final int tries = attempt.tried().startsWith("a flood") ? ROUNDS * floodPerRound : ROUNDS;
                    int landed = 0;
                    for (int r = 0; r < tries; r++)
                    {
                        landed += ledger.holds(forged(attempts.indexOf(attempt) + 1, r)) ? 1 : 0;
                    }
                    report.measure("tried: " + attempt.tried(), String.format("%d sent, %d landed", tries, landed));
                    assertEquals(0, landed, attempt.tried() + ": none may land");
                }
                for (final DecodeResult cause : DecodeResult.values())
                {
                    if (cause == DecodeResult.OK)
                    {
                        continue;
                    }
                    final long refused = metrics.rejected(cause).sum();
                    if (refused > 0)
                    {
                        report.measure("refused as `" + cause.label() + "`", refused);
                    }
                }
                int genuineLanded = 0;
                for (int i = 0; i < genuine; i++)
                {
                    genuineLanded += ledger.holds(genuine(i)) ? 1 : 0;
                }
                report.measure("genuine registrations landed", genuineLanded + " of " + genuine)
                    .shows("Every forged, replayed, pre-dated, unfit or foreign input is refused on the ingest thread and "
                        + "counted under its own cause (`choria_adapter_rejected_msgs{cause}`) and as dropped `invalid`; "
                        + "none reaches the stream, and every genuine registration between them lands exactly once. A "
                        + "refused certificate is remembered, so the flood costs a lookup per message, not a validation.")
                    .write();

                assertEquals(genuine, genuineLanded, "every genuine registration landed");
                assertEquals(genuine, ledger.landed(), "and nothing else did");
                assertEquals(0, ledger.duplicates());
                assertEquals(2L * ROUNDS, metrics.rejected(DecodeResult.IDENTITY_MISMATCH).sum());
                assertEquals(2L * ROUNDS, metrics.rejected(DecodeResult.EXPIRED_REQUEST).sum());
                assertEquals(3L * ROUNDS + (long)ROUNDS * floodPerRound, metrics.rejected(DecodeResult.UNTRUSTED_CERTIFICATE).sum());
                assertEquals(ROUNDS, metrics.rejected(DecodeResult.SENDER_TOO_LONG).sum());
                assertEquals(ROUNDS, metrics.rejected(DecodeResult.BAD_SENDER).sum());
                assertEquals(sent - genuine, metrics.dropped(DropReason.INVALID).sum(), "every refusal is an invalid drop");
                assertEquals(genuine, metrics.published.sum());
                assertTrue(daemon.problems().isEmpty(), () -> "still ready: " + daemon.problems());
                assertFalse(ledger.holds(""), "no envelope without a request id");
            }
        }
    }

    private static byte[] floodOf(final List<CertificateAuthority.Issued> strangers, final int i) throws Exception
    {
        final CertificateAuthority.Issued stranger = strangers.get(i % strangers.size());
        final String name = "stranger" + (i % strangers.size()) + ".example.net";
        return signed(stranger.certificatePem(), stranger.key(), name, "choria=" + name, forged(7, i), now(), 60);
    }

    private static byte[] signed(final String pem, final PrivateKey key, final String sender, final String callerId,
        final String requestId, final long timeSeconds, final long ttl) throws Exception
    {
        return SignedRequests.request(pem, key, sender, callerId, requestId, timeSeconds, ttl);
    }

    /** Request ids of attempt {@code kind}: {@code f<kind>...}, never a genuine one's. */
    private static String forged(final int kind, final int i)
    {
        return String.format("f%02d%029d", kind, i);
    }

    private static String genuine(final int i)
    {
        return String.format("a%031d", i);
    }

    private static long now()
    {
        return System.currentTimeMillis() / 1000;
    }
}
