package io.fleetbridge.loadgen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Builds the messages the simulated fleet sends, and the envelopes the adapter must publish for
 * them, from a message's sequence number, node and intended send time alone (the adapter's contract is the
 * spec; nothing here depends on the adapter's codec, so the two check each other).
 *
 * <p>Every layer is written into reused {@link ByteSink}s: the payload, the request, the secure
 * wrapper and the transport. Signatures are computed once per payload template when signing is
 * on (an RSA signature per message would cap the rate near a thousand a second per thread); each
 * message's {@code signature} is therefore a real RSA signature made with the key, but over its
 * template, not over that message, which an adapter with {@code ingest.verify} rejects. With
 * {@code signEach} every message is signed over its exact bytes instead.
 *
 * <p>Not thread safe: each thread takes its own instance with {@link #forThread()}, which shares
 * the immutable parts. {@link #message} allocates only the exact-size array it returns.
 */
final class FleetMessages
{
    private static final byte[] INSECURE_SIGNATURE = "aW5zZWN1cmUgcmVnaXN0cmF0aW9u".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSECURE_PUBCERT = "insecure".getBytes(StandardCharsets.US_ASCII);
    /** A v2 signature per role: 64 bytes in hex, derived from the role, so the same for every message of that role. */
    private static final byte[][] V2_SIGNATURES = v2Signatures();
    /** A well-formed but unsigned caller JWT: the adapter reads v2 requests without checking it. */
    private static final String V2_CALLER_JWT = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9"
        + ".eyJzdWIiOiJsb2FkZ2VuIiwiY2FsbGVyaWQiOiJjaG9yaWE9bG9hZGdlbiIsInB1cnBvc2UiOiJjaG9yaWEtc2VydmVyIn0"
        + ".bG9hZGdlbi1kb2VzLW5vdC1zaWduLXYyLXJlcXVlc3Rz";

    private final Fleet fleet;
    private final InventoryPayload payloads;
    private final WireProtocol protocol;
    private final long runId;
    private final long startEpochNs;
    private final byte[] outputProtocol;
    private final String topicPrefix;
    private final String topicSuffix;
    private final byte[][] signatures;
    private final byte[] pubcert;
    private final SigningIdentity signer;
    private final java.security.Signature eachSigner;

    private final ByteSink payload = new ByteSink(8192);
    private final ByteSink inner = new ByteSink(12288);
    private final ByteSink secure = new ByteSink(16384);
    private final ByteSink out = new ByteSink(24576);
    private final ByteSink scratch = new ByteSink(64);
    private final MessageDigest sha256;

    private FleetMessages(final FleetMessages shared)
    {
        this.fleet = shared.fleet;
        this.payloads = shared.payloads;
        this.protocol = shared.protocol;
        this.runId = shared.runId;
        this.startEpochNs = shared.startEpochNs;
        this.outputProtocol = shared.outputProtocol;
        this.topicPrefix = shared.topicPrefix;
        this.topicSuffix = shared.topicSuffix;
        this.signatures = shared.signatures;
        this.pubcert = shared.pubcert;
        this.signer = shared.signer;
        this.eachSigner = newSignature(signer);
        this.sha256 = newSha256();
    }

    /**
     * @param adapterType the adapter's configured type, which names the envelope protocol
     *                    ({@code jetstream} or {@code choria_streams})
     * @param topic       the output subject template, every {@code %s} replaced by the sender
     * @param signer      signs v1 requests; null for the insecure registration signature
     * @param signEach    sign every message over its exact bytes, not once per template
     */
    FleetMessages(final Fleet fleet, final SizeDistribution sizes, final WireProtocol protocol, final long runId,
        final long startEpochNs, final String adapterType, final String topic, final SigningIdentity signer,
        final boolean signEach) throws GeneralSecurityException
    {
        this.signer = signEach ? signer : null;
        this.eachSigner = newSignature(this.signer);
        this.fleet = fleet;
        this.payloads = new InventoryPayload(fleet, sizes);
        this.protocol = protocol;
        this.runId = runId;
        this.startEpochNs = startEpochNs;
        this.outputProtocol = ("{\"protocol\":\"choria:adapters:" + adapterType + ":output:1\",\"data\":\"")
            .getBytes(StandardCharsets.US_ASCII);
        final int at = topic.indexOf("%s");
        this.topicPrefix = at < 0 ? topic : topic.substring(0, at);
        this.topicSuffix = at < 0 ? "" : topic.substring(at + 2);
        if (at >= 0 && topic.indexOf("%s", at + 2) >= 0)
        {
            throw new IllegalArgumentException("the verifier supports one %s in the topic, not: " + topic);
        }
        this.signatures = new byte[InventoryPayload.ROLES][];
        if (signer == null)
        {
            java.util.Arrays.fill(signatures, INSECURE_SIGNATURE);
            this.pubcert = INSECURE_PUBCERT;
        }
        else
        {
            for (int role = 0; role < signatures.length; role++)
            {
                final byte[] template = ("choria:registration:template:" + role).getBytes(StandardCharsets.US_ASCII);
                signatures[role] = signer.signBase64(template).getBytes(StandardCharsets.US_ASCII);
            }
            final byte[] pem = signer.certificatePem().getBytes(StandardCharsets.US_ASCII);
            this.pubcert = new ByteSink(pem.length + 64).jsonEscaped(pem, 0, pem.length).toByteArray();
        }
        this.sha256 = newSha256();
    }

    /** An instance for another thread, sharing the templates and signatures. */
    FleetMessages forThread()
    {
        return new FleetMessages(this);
    }

    /** The output subject the adapter must publish a node's envelope on. */
    String subject(final int node)
    {
        return topicPrefix + fleet.identity(node) + topicSuffix;
    }

    /**
     * True when {@code msgId} is the {@code Nats-Msg-Id} the adapter must give {@code node}'s envelope whose request id
     * starts at {@code body[idAt]}: that id, and for a reply the sender before it ({@code <sender>:<request id>}, since
     * every node's reply to one request carries that request's id); allocation free.
     */
    boolean msgIdMatches(final String msgId, final byte[] body, final int idAt, final int node)
    {
        if (msgId == null)
        {
            return false;
        }
        int at = 0;
        if (protocol == WireProtocol.V1_REPLY)
        {
            scratch.clear();
            fleet.identity(node, scratch);
            final int idLen = scratch.length();
            final byte[] id = scratch.array();
            if (msgId.length() < idLen + 1 || msgId.charAt(idLen) != ':')
            {
                return false;
            }
            for (int i = 0; i < idLen; i++)
            {
                if (msgId.charAt(i) != id[i])
                {
                    return false;
                }
            }
            at = idLen + 1;
        }
        if (msgId.length() - at != RequestId.LENGTH)
        {
            return false;
        }
        for (int i = 0; i < RequestId.LENGTH; i++)
        {
            if (msgId.charAt(at + i) != body[idAt + i])
            {
                return false;
            }
        }
        return true;
    }

    /** True when {@code subject} is the output subject of {@code node}; allocation free. */
    boolean subjectMatches(final String subject, final int node)
    {
        scratch.clear();
        fleet.identity(node, scratch);
        final int idLen = scratch.length();
        if (subject.length() != topicPrefix.length() + idLen + topicSuffix.length()
            || !subject.startsWith(topicPrefix) || !subject.endsWith(topicSuffix))
        {
            return false;
        }
        final byte[] id = scratch.array();
        for (int i = 0; i < idLen; i++)
        {
            if (subject.charAt(topicPrefix.length() + i) != id[i])
            {
                return false;
            }
        }
        return true;
    }

    /** The transport message of sequence {@code seq}, sent by {@code node}, intended at {@code intendedNs} after start. */
    byte[] message(final long seq, final int node, final long intendedNs)
    {
        final long epochNs = startEpochNs + intendedNs;
        payload.clear();
        payloads.write(node, payload);
        switch (protocol)
        {
            case V1_REQUEST: v1Request(seq, node, epochNs); break;
            case V1_REPLY: v1Reply(seq, node, epochNs); break;
            default: v2Request(seq, node, epochNs); break;
        }
        return out.toByteArray();
    }

    private void v1Request(final long seq, final int node, final long epochNs)
    {
        inner.clear().ascii("{\"protocol\":\"choria:request:1\",\"message\":\"").base64(payload)
            .ascii("\",\"envelope\":{\"requestid\":\"");
        RequestId.append(inner, runId, seq);
        inner.ascii("\",\"senderid\":\"");
        fleet.identity(node, inner);
        inner.ascii("\",\"callerid\":\"choria=");
        fleet.hostname(node, inner);
        inner.ascii("\",\"collective\":\"mcollective\",\"agent\":\"registration\",\"ttl\":60,\"time\":")
            .decimal(Math.floorDiv(epochNs, 1_000_000_000L))
            .ascii(",\"filter\":{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}}}");
        secure.clear().ascii("{\"protocol\":\"choria:secure:request:1\",\"message\":\"").jsonEscaped(inner)
            .ascii("\",\"signature\":\"");
        if (eachSigner != null)
        {
            final byte[] signature = sign(inner);
            secure.base64(signature, 0, signature.length);
        }
        else
        {
            secure.bytes(signatures[InventoryPayload.role(node)]);
        }
        secure.ascii("\",\"pubcert\":\"").bytes(pubcert).ascii("\"}");
        v1Transport(node);
    }

    private void v1Reply(final long seq, final int node, final long epochNs)
    {
        inner.clear().ascii("{\"protocol\":\"choria:reply:1\",\"message\":\"").base64(payload)
            .ascii("\",\"envelope\":{\"requestid\":\"");
        RequestId.append(inner, runId, seq);
        inner.ascii("\",\"senderid\":\"");
        fleet.identity(node, inner);
        inner.ascii("\",\"agent\":\"registration\",\"time\":").decimal(Math.floorDiv(epochNs, 1_000_000_000L))
            .ascii("}}");
        sha256.reset();
        sha256.update(inner.array(), 0, inner.length());
        final byte[] hash = sha256.digest();
        secure.clear().ascii("{\"protocol\":\"choria:secure:reply:1\",\"message\":\"").jsonEscaped(inner)
            .ascii("\",\"hash\":\"").base64(hash, 0, hash.length).ascii("\"}");
        v1Transport(node);
    }

    private void v1Transport(final int node)
    {
        out.clear().ascii("{\"protocol\":\"choria:transport:1\",\"data\":\"").base64(secure)
            .ascii("\",\"headers\":{\"mc_sender\":\"");
        fleet.identity(node, out);
        out.ascii("\",\"seen-by\":[]}}");
    }

    private void v2Request(final long seq, final int node, final long epochNs)
    {
        inner.clear().ascii("{\"protocol\":\"io.choria.protocol.v2.request\",\"message\":\"").base64(payload)
            .ascii("\",\"id\":\"");
        RequestId.append(inner, runId, seq);
        inner.ascii("\",\"sender\":\"");
        fleet.identity(node, inner);
        inner.ascii("\",\"caller\":\"choria=");
        fleet.hostname(node, inner);
        inner.ascii("\",\"collective\":\"choria\",\"agent\":\"registration\",\"ttl\":60,\"time\":").decimal(epochNs)
            .append((byte)'}');
        secure.clear().ascii("{\"protocol\":\"io.choria.protocol.v2.secure_request\",\"request\":\"").base64(inner)
            .ascii("\",\"signature\":\"").bytes(V2_SIGNATURES[InventoryPayload.role(node)])
            .ascii("\",\"caller\":\"").ascii(V2_CALLER_JWT).ascii("\"}");
        out.clear().ascii("{\"protocol\":\"io.choria.protocol.v2.transport\",\"data\":\"").base64(secure)
            .ascii("\",\"headers\":{\"sender\":\"");
        fleet.identity(node, out);
        out.ascii("\"}}");
    }

    /**
     * Writes into {@code sink} (cleared first) the exact envelope body the adapter must publish for
     * the message {@link #message} builds from the same arguments.
     */
    void expectedEnvelope(final long seq, final int node, final long intendedNs, final ByteSink sink)
    {
        final long epochNs = startEpochNs + intendedNs;
        payload.clear();
        payloads.write(node, payload);
        sink.clear().bytes(outputProtocol);
        if (protocol == WireProtocol.V2_REQUEST)
        {
            sink.jsonEscaped(payload);
        }
        else
        {
            sink.base64(payload);
        }
        sink.ascii("\",\"sender\":\"");
        fleet.identity(node, sink);
        sink.ascii("\",\"time\":\"");
        final long seconds = Math.floorDiv(epochNs, 1_000_000_000L);
        GoTime.append(sink, seconds, protocol == WireProtocol.V2_REQUEST ? (int)Math.floorMod(epochNs, 1_000_000_000L) : 0);
        sink.ascii("\",\"requestid\":\"");
        RequestId.append(sink, runId, seq);
        sink.ascii("\"}");
    }

    private byte[] sign(final ByteSink message)
    {
        try
        {
            eachSigner.update(message.array(), 0, message.length());
            return eachSigner.sign();
        }
        catch (final java.security.SignatureException e)
        {
            throw new IllegalStateException("cannot sign with the configured key", e);
        }
    }

    private static java.security.Signature newSignature(final SigningIdentity signer)
    {
        if (signer == null)
        {
            return null;
        }
        try
        {
            return signer.newSignature();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("cannot sign with the configured key", e);
        }
    }

    private static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[][] v2Signatures()
    {
        final byte[][] signatures = new byte[InventoryPayload.ROLES][];
        for (int role = 0; role < signatures.length; role++)
        {
            signatures[role] = new ByteSink(128).hex(Mix.mix(role), 16).hex(0, 112).toByteArray();
        }
        return signatures;
    }
}
