package io.fleetbridge.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DecodedMessage;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.RequestVerifier;
import io.fleetbridge.adapter.TransportDecoder;
import io.fleetbridge.testsupport.CertificateAuthority;

/**
 * Cost of {@code ingest.verify} per v1 registration request: decode alone (the baseline without
 * verification), decode and verify with the certificate cache (the steady state: the identity
 * and time checks and one RSA signature check), the same checking only the chain and the
 * signature (the verification before requests were tied to their signer and their ttl: the
 * baseline for those checks), decode and verify without the cache (a full path validation per
 * message, the baseline the cache is measured against), and the refusal of a request carrying a
 * certificate of another authority (a flood of bad certificates: remembered, so no validation).
 * {@code senders} signers take turns, so the cache holds that many certificates.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VerifyBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VerifyBenchmark
{
    @Param({"16"})
    public int senders;

    @Param({"2048"})
    public int payloadBytes;

    private byte[][] inputs;
    private int next;
    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
    private final DecodedMessage message = new DecodedMessage();
    private RequestVerifier cached;
    private RequestVerifier chainOnly;
    private RequestVerifier uncached;
    private byte[] foreign;

    @Setup
    public void setUp() throws GeneralSecurityException
    {
        final CertificateAuthority ca = CertificateAuthority.create("bench CA");
        inputs = new byte[senders][];
        for (int i = 0; i < senders; i++)
        {
            final CertificateAuthority.Issued node = ca.issue("node" + i + ".example.net");
            inputs[i] = signedRequest("node" + i + ".example.net", node, payloadBytes);
        }
        cached = new RequestVerifier(List.of(ca.certificate()), 1024, true, false);
        chainOnly = new RequestVerifier(List.of(ca.certificate()), 1024, true, false, false);
        uncached = new RequestVerifier(List.of(ca.certificate()), 1024, false, false);
        for (final byte[] input : inputs)
        {
            if (decoder.decode(input, 0, input.length, message) != DecodeResult.OK || cached.verify(decoder, message) != DecodeResult.OK
                || chainOnly.verify(decoder, message) != DecodeResult.OK)
            {
                throw new IllegalStateException("the benchmark input does not verify");
            }
        }
        final CertificateAuthority.Issued stranger = CertificateAuthority.create("other CA").issue("node0.example.net");
        foreign = signedRequest("node0.example.net", stranger, payloadBytes);
        if (decoder.decode(foreign, 0, foreign.length, message) != DecodeResult.OK
            || cached.verify(decoder, message) != DecodeResult.UNTRUSTED_CERTIFICATE)
        {
            throw new IllegalStateException("the foreign input is not refused as untrusted");
        }
    }

    @Benchmark
    public DecodeResult decodeOnly()
    {
        final byte[] input = input();
        return decoder.decode(input, 0, input.length, message);
    }

    @Benchmark
    public DecodeResult decodeAndVerifyCached()
    {
        final byte[] input = input();
        decoder.decode(input, 0, input.length, message);
        return cached.verify(decoder, message);
    }

    @Benchmark
    public DecodeResult decodeAndVerifyCachedChainOnly()
    {
        final byte[] input = input();
        decoder.decode(input, 0, input.length, message);
        return chainOnly.verify(decoder, message);
    }

    @Benchmark
    public DecodeResult decodeAndRefuseForeignCertificate()
    {
        decoder.decode(foreign, 0, foreign.length, message);
        return cached.verify(decoder, message);
    }

    @Benchmark
    public DecodeResult decodeAndVerifyUncached()
    {
        final byte[] input = input();
        decoder.decode(input, 0, input.length, message);
        return uncached.verify(decoder, message);
    }

    private byte[] input()
    {
        final byte[] input = inputs[next];
        next = next + 1 == inputs.length ? 0 : next + 1;
        return input;
    }

    private static byte[] signedRequest(final String sender, final CertificateAuthority.Issued node, final int payloadBytes)
        throws GeneralSecurityException
    {
        final byte[] payload = new byte[payloadBytes];
        java.util.Arrays.fill(payload, (byte)'x');
        final String request = "{\"protocol\":\"choria:request:1\",\"message\":\"" + Base64.getEncoder().encodeToString(payload) +
            "\",\"envelope\":{\"requestid\":\"0123456789abcdef0123456789abcdef\",\"senderid\":\"" + sender +
            "\",\"callerid\":\"choria=" + sender + "\",\"collective\":\"mcollective\",\"agent\":\"registration\"," +
            "\"ttl\":3600,\"time\":" + System.currentTimeMillis() / 1000 + ",\"filter\":{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}}}";
        final Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(node.key());
        rsa.update(request.getBytes(StandardCharsets.UTF_8));
        final String secure = "{\"protocol\":\"choria:secure:request:1\",\"message\":" + json(request) +
            ",\"signature\":\"" + Base64.getEncoder().encodeToString(rsa.sign()) + "\",\"pubcert\":" + json(node.certificatePem()) + "}";
        return ("{\"protocol\":\"choria:transport:1\",\"data\":\"" +
            Base64.getEncoder().encodeToString(secure.getBytes(StandardCharsets.UTF_8)) +
            "\",\"headers\":{\"mc_sender\":\"" + sender + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String json(final String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
