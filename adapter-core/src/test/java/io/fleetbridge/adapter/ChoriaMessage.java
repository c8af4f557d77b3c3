package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Choria transport messages the way PROTOCOL.md describes them, for tests: v1 and v2,
 * requests and replies. Each of the nested documents is an ordered map from key to raw JSON
 * value, so a test can replace, add or remove any member (or write a wrong type) and the layers
 * above are re-encoded around it. Signatures, certificates and JWTs are dummies: the adapter
 * does not verify them.
 */
final class ChoriaMessage
{
    enum Form
    {
        V1_REQUEST, V1_REPLY, V2_REQUEST, V2_REPLY
    }

    /** Stands for the member derived from the layer below (the base64 or JSON string of it). */
    private static final String DERIVED = "\u0000derived";

    static final String SENDER = "web1.ldn.example.net";
    static final String REQUEST_ID = "0123456789abcdef0123456789abcdef";
    /** 2018-03-03T14:49:17Z */
    static final long TIME_SECONDS = 1_520_088_557L;

    final Form form;
    final Map<String, String> transport = new LinkedHashMap<>();
    final Map<String, String> secure = new LinkedHashMap<>();
    final Map<String, String> inner = new LinkedHashMap<>();
    /** v1 only: the request or reply envelope. */
    final Map<String, String> envelope = new LinkedHashMap<>();
    private String secureOverride;
    private String innerOverride;

    private ChoriaMessage(final Form form)
    {
        this.form = form;
    }

    static ChoriaMessage of(final Form form)
    {
        switch (form)
        {
            case V1_REQUEST: return v1Request(SENDER, REQUEST_ID, TIME_SECONDS, "{\"identity\":\"web1\"}".getBytes(StandardCharsets.UTF_8));
            case V1_REPLY: return v1Reply(SENDER, REQUEST_ID, TIME_SECONDS, "{\"statuscode\":0}".getBytes(StandardCharsets.UTF_8));
            case V2_REQUEST: return v2Request(SENDER, REQUEST_ID, TIME_SECONDS * 1_000_000_000L, "{\"identity\":\"web1\"}".getBytes(StandardCharsets.UTF_8));
            default: return v2Reply(SENDER, REQUEST_ID, TIME_SECONDS * 1_000_000_000L, "{\"statuscode\":0}".getBytes(StandardCharsets.UTF_8));
        }
    }

    static ChoriaMessage v1Request(final String sender, final String requestId, final long timeSeconds, final byte[] payload)
    {
        final ChoriaMessage m = new ChoriaMessage(Form.V1_REQUEST);
        m.transportV1();
        m.secure.put("protocol", quote("choria:secure:request:1"));
        m.secure.put("message", DERIVED);
        m.secure.put("signature", quote(base64("insecure registration")));
        m.secure.put("pubcert", quote("-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n"));
        m.inner.put("protocol", quote("choria:request:1"));
        m.inner.put("message", quote(Base64.getEncoder().encodeToString(payload)));
        m.inner.put("envelope", DERIVED);
        m.envelope.put("requestid", quote(requestId));
        m.envelope.put("senderid", quote(sender));
        m.envelope.put("callerid", quote("choria=rip.mcollective"));
        m.envelope.put("collective", quote("mcollective"));
        m.envelope.put("agent", quote("registration"));
        m.envelope.put("ttl", "60");
        m.envelope.put("time", Long.toString(timeSeconds));
        m.envelope.put("filter", "{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}");
        return m;
    }

    static ChoriaMessage v1Reply(final String sender, final String requestId, final long timeSeconds, final byte[] payload)
    {
        final ChoriaMessage m = new ChoriaMessage(Form.V1_REPLY);
        m.transportV1();
        m.secure.put("protocol", quote("choria:secure:reply:1"));
        m.secure.put("message", DERIVED);
        m.secure.put("hash", quote(base64("0123456789abcdef0123456789abcdef")));
        m.inner.put("protocol", quote("choria:reply:1"));
        m.inner.put("message", quote(Base64.getEncoder().encodeToString(payload)));
        m.inner.put("envelope", DERIVED);
        m.envelope.put("requestid", quote(requestId));
        m.envelope.put("senderid", quote(sender));
        m.envelope.put("agent", quote("rpcutil"));
        m.envelope.put("time", Long.toString(timeSeconds));
        return m;
    }

    static ChoriaMessage v2Request(final String sender, final String requestId, final long timeNanos, final byte[] payload)
    {
        final ChoriaMessage m = new ChoriaMessage(Form.V2_REQUEST);
        m.transportV2();
        m.secure.put("protocol", quote("io.choria.protocol.v2.secure_request"));
        m.secure.put("request", DERIVED);
        m.secure.put("signature", quote("6a0f9e8d"));
        m.secure.put("caller", quote("eyJhbGciOiJFZERTQSJ9.e30.c2ln"));
        m.inner.put("protocol", quote("io.choria.protocol.v2.request"));
        m.inner.put("message", quote(Base64.getEncoder().encodeToString(payload)));
        m.inner.put("id", quote(requestId));
        m.inner.put("sender", quote(sender));
        m.inner.put("caller", quote("choria=rip.mcollective"));
        m.inner.put("collective", quote("choria"));
        m.inner.put("agent", quote("registration"));
        m.inner.put("ttl", "60");
        m.inner.put("time", Long.toString(timeNanos));
        return m;
    }

    static ChoriaMessage v2Reply(final String sender, final String requestId, final long timeNanos, final byte[] payload)
    {
        final ChoriaMessage m = new ChoriaMessage(Form.V2_REPLY);
        m.transportV2();
        m.secure.put("protocol", quote("io.choria.protocol.v2.secure_reply"));
        m.secure.put("reply", DERIVED);
        m.secure.put("hash", quote("9f86d081884c7d65"));
        m.secure.put("signature", quote("6a0f9e8d"));
        m.inner.put("protocol", quote("io.choria.protocol.v2.reply"));
        m.inner.put("message", quote(Base64.getEncoder().encodeToString(payload)));
        m.inner.put("request", quote(requestId));
        m.inner.put("sender", quote(sender));
        m.inner.put("agent", quote("rpcutil"));
        m.inner.put("time", Long.toString(timeNanos));
        return m;
    }

    private void transportV1()
    {
        transport.put("protocol", quote("choria:transport:1"));
        transport.put("data", DERIVED);
        transport.put("headers", "{\"mc_sender\":\"web1.ldn.example.net\",\"reply-to\":\"choria.reply.x\",\"seen-by\":[[\"\",\"web1\",\"nats1\"]]}");
    }

    private void transportV2()
    {
        transport.put("protocol", quote("io.choria.protocol.v2.transport"));
        transport.put("data", DERIVED);
        transport.put("headers", "{\"sender\":\"web1.ldn.example.net\",\"reply\":\"choria.reply.x\"}");
    }

    boolean v1()
    {
        return form == Form.V1_REQUEST || form == Form.V1_REPLY;
    }

    /** Sets a member of the document that carries sender, id and time (v1: the envelope). */
    ChoriaMessage field(final String key, final String rawJson)
    {
        (v1() ? envelope : inner).put(key, rawJson);
        return this;
    }

    ChoriaMessage without(final String key)
    {
        (v1() ? envelope : inner).remove(key);
        return this;
    }

    /** Replaces the whole inner (request or reply) document by these bytes, as text. */
    ChoriaMessage innerDocument(final String json)
    {
        innerOverride = json;
        return this;
    }

    /** Replaces the whole secure document by this text. */
    ChoriaMessage secureDocument(final String json)
    {
        secureOverride = json;
        return this;
    }

    String innerJson()
    {
        if (innerOverride != null)
        {
            return innerOverride;
        }
        return render(inner, render(envelope, null));
    }

    String secureJson()
    {
        if (secureOverride != null)
        {
            return secureOverride;
        }
        final String derived = v1() ? quote(innerJson()) : quote(base64(innerJson()));
        return render(secure, derived);
    }

    String transportJson()
    {
        return render(transport, quote(base64(secureJson())));
    }

    byte[] bytes()
    {
        return transportJson().getBytes(StandardCharsets.UTF_8);
    }

    private static String render(final Map<String, String> members, final String derived)
    {
        final StringBuilder json = new StringBuilder("{");
        for (final Map.Entry<String, String> member : members.entrySet())
        {
            if (json.length() > 1)
            {
                json.append(',');
            }
            final String value = DERIVED.equals(member.getValue()) ? derived : member.getValue();
            json.append(quote(member.getKey())).append(':').append(value);
        }
        return json.append('}').toString();
    }

    static String base64(final String text)
    {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal with the minimal escaping JSON requires. */
    static String quote(final String s)
    {
        final StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                q.append('\\').append(c);
            }
            else if (c == '\n')
            {
                q.append("\\n");
            }
            else if (c < 0x20)
            {
                q.append(String.format("\\u%04x", (int) c));
            }
            else
            {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
