package io.fleetbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Choria registration traffic for benchmarks: an inventory-like payload (agents, classes,
 * facts, as Choria's inventory registration sends) of about a requested size, wrapped as a v1
 * or v2 transport message the way a Choria server publishes it. Signatures and certificates are
 * dummies of the real ones' sizes, so that decoding scans as much as it does for a real node.
 */
public final class RegistrationMessages
{
    private static final String[] AGENTS = {"rpcutil", "choria_util", "filemgr", "package", "puppet", "scout", "service", "shell"};
    private static final String[] CLASSES = {"settings", "roles::web", "profile::base", "profile::nginx", "profile::monitoring",
        "choria", "mcollective", "nginx", "nginx::config", "nginx::service", "ssh", "ntp", "sudo", "users"};

    /** As long as a 2048-bit RSA signature in base64 (344 characters), which v1 servers send. */
    private static final String DUMMY_SIGNATURE = Base64.getEncoder().encodeToString(new byte[256]);
    /** As long as a node's PEM certificate (about 1.3 KB, 64 characters a line), which every v1 request carries. */
    private static final String DUMMY_CERTIFICATE = dummyCertificate();

    private static final String SAMPLE_IDENTITY = "web1.ldn.example.net";
    private static final String SAMPLE_REQUEST_ID = "0123456789abcdef0123456789abcdef";

    private RegistrationMessages()
    {
    }

    /** The benchmarks' sample message: a v1 registration request from one node, inventory of about {@code inventoryBytes}. */
    public static byte[] v1Sample(final int inventoryBytes)
    {
        return v1Request(SAMPLE_IDENTITY, SAMPLE_REQUEST_ID, 1_520_088_557L, inventory(SAMPLE_IDENTITY, inventoryBytes));
    }

    /** {@link #v1Sample} in protocol v2. */
    static byte[] v2Sample(final int inventoryBytes)
    {
        return v2Request(SAMPLE_IDENTITY, SAMPLE_REQUEST_ID, 1_520_088_557_123_400_000L, inventory(SAMPLE_IDENTITY, inventoryBytes));
    }

    /** Inventory JSON of about {@code sizeBytes} (within 100 bytes). */
    private static String inventory(final String identity, final int sizeBytes)
    {
        final StringBuilder json = new StringBuilder(sizeBytes + 200);
        json.append("{\"agents\":[");
        for (int k = 0; k < AGENTS.length; k++)
        {
            json.append(k == 0 ? "" : ",").append('"').append(AGENTS[k]).append('"');
        }
        json.append("],\"classes\":[");
        for (int k = 0; k < CLASSES.length; k++)
        {
            json.append(k == 0 ? "" : ",").append('"').append(CLASSES[k]).append('"');
        }
        json.append("],\"collectives\":[\"mcollective\"],\"facts\":{\"identity\":\"").append(identity)
            .append("\",\"os\":{\"family\":\"Debian\",\"name\":\"Debian\",\"release\":{\"full\":\"12.5\",\"major\":\"12\"}},")
            .append("\"processors\":{\"count\":2,\"models\":[\"Intel(R) Xeon(R) CPU @ 2.20GHz\"]},\"memory\":{\"system\":{\"total\":\"7.76 GiB\"}}");
        int fact = 0;
        while (json.length() < sizeBytes - 40)
        {
            json.append(",\"custom_fact_").append(fact).append("\":\"value ").append(fact * 7919).append(" <rack-").append(fact % 16).append(">\"");
            fact++;
        }
        return json.append("},\"version\":\"0.28.0\"}").toString();
    }

    private static byte[] v1Request(final String identity, final String requestId, final long timeSeconds, final String payload)
    {
        final String request = "{\"protocol\":\"choria:request:1\",\"message\":\"" + base64(payload) + "\",\"envelope\":{"
            + "\"requestid\":\"" + requestId + "\",\"senderid\":\"" + identity + "\",\"callerid\":\"choria=" + identity + "\","
            + "\"collective\":\"mcollective\",\"agent\":\"registration\",\"ttl\":60,\"time\":" + timeSeconds + ","
            + "\"filter\":{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}}}";
        final String secure = "{\"protocol\":\"choria:secure:request:1\",\"message\":" + quote(request) + ","
            + "\"signature\":\"" + DUMMY_SIGNATURE + "\",\"pubcert\":" + quote(DUMMY_CERTIFICATE) + "}";
        return transport("choria:transport:1", secure, "{\"mc_sender\":\"" + identity + "\",\"reply-to\":\"\",\"seen-by\":[]}");
    }

    private static byte[] v2Request(final String identity, final String requestId, final long timeNanos, final String payload)
    {
        final String request = "{\"protocol\":\"io.choria.protocol.v2.request\",\"message\":\"" + base64(payload) + "\","
            + "\"id\":\"" + requestId + "\",\"sender\":\"" + identity + "\",\"caller\":\"choria=" + identity + "\","
            + "\"collective\":\"choria\",\"agent\":\"registration\",\"ttl\":60,\"time\":" + timeNanos + "}";
        final String secure = "{\"protocol\":\"io.choria.protocol.v2.secure_request\",\"request\":\"" + base64(request) + "\","
            + "\"signature\":\"8f0c4e1d\",\"caller\":\"eyJhbGciOiJFZERTQSJ9.e30.c2ln\"}";
        return transport("io.choria.protocol.v2.transport", secure, "{\"sender\":\"" + identity + "\",\"reply\":\"\"}");
    }

    private static byte[] transport(final String protocol, final String secure, final String headers)
    {
        return ("{\"protocol\":\"" + protocol + "\",\"data\":\"" + base64(secure) + "\",\"headers\":" + headers + "}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static String dummyCertificate()
    {
        final StringBuilder pem = new StringBuilder(1400).append("-----BEGIN CERTIFICATE-----\n");
        final String body = Base64.getEncoder().encodeToString(new byte[900]);
        for (int at = 0; at < body.length(); at += 64)
        {
            pem.append(body, at, Math.min(body.length(), at + 64)).append('\n');
        }
        return pem.append("-----END CERTIFICATE-----\n").toString();
    }

    private static String base64(final String s)
    {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
