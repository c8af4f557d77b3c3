package io.fleetbridge.bench;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;
import com.dslplatform.json.runtime.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/**
 * The straightforward way to do what the codec does, as the comparison point: dsl-json data
 * binding into small classes at each layer, {@code java.util.Base64} on strings, Java strings
 * for every field, java.time for the timestamp and a new writer per message. Not thread safe
 * (the dsl-json instance is shared, the rest is per call).
 */
final class BaselineCodec
{
    /** Classes dsl-json binds at runtime: public fields and a public no-argument constructor. */
    public static final class Transport
    {
        public String protocol;
        public String data;
        public Map<String, Object> headers;
    }

    public static final class Secure
    {
        public String protocol;
        public String message;
        public String request;
        public String reply;
        public String signature;
        public String pubcert;
        public String caller;
    }

    public static final class Envelope
    {
        public String requestid;
        public String senderid;
        public String callerid;
        public String collective;
        public String agent;
        public long ttl;
        public long time;
        public Map<String, Object> filter;
    }

    public static final class Request
    {
        public String protocol;
        public String message;
        public Envelope envelope;
        public String id;
        public String sender;
        public String caller;
        public String collective;
        public String agent;
        public long ttl;
        public long time;
    }

    /** The decoded fields, as Java objects. */
    static final class Decoded
    {
        final String sender;
        final String requestId;
        final String data;
        final Instant time;

        Decoded(final String sender, final String requestId, final String data, final Instant time)
        {
            this.sender = sender;
            this.requestId = requestId;
            this.data = data;
            this.time = time;
        }
    }

    private final DslJson<Object> json = new DslJson<>(Settings.withRuntime().includeServiceLoader());

    Decoded decode(final byte[] input) throws IOException
    {
        final Transport transport = json.deserialize(Transport.class, input, input.length);
        final byte[] secureBytes = Base64.getDecoder().decode(transport.data);
        final Secure secure = json.deserialize(Secure.class, secureBytes, secureBytes.length);
        if ("choria:transport:1".equals(transport.protocol))
        {
            final byte[] requestBytes = secure.message.getBytes(StandardCharsets.UTF_8);
            final Request request = json.deserialize(Request.class, requestBytes, requestBytes.length);
            final Envelope e = request.envelope;
            return new Decoded(e.senderid, e.requestid, request.message, Instant.ofEpochSecond(e.time));
        }
        final byte[] requestBytes = Base64.getDecoder().decode(secure.request);
        final Request request = json.deserialize(Request.class, requestBytes, requestBytes.length);
        final String data = new String(Base64.getDecoder().decode(request.message), StandardCharsets.UTF_8);
        return new Decoded(request.sender, request.id, data, Instant.ofEpochSecond(0, request.time));
    }

    byte[] encode(final Decoded decoded)
    {
        final JsonWriter writer = json.newWriter();
        writer.writeAscii("{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":");
        writer.writeString(decoded.data);
        writer.writeAscii(",\"sender\":");
        writer.writeString(decoded.sender);
        writer.writeAscii(",\"time\":");
        writer.writeString(DateTimeFormatter.ISO_INSTANT.format(decoded.time));
        writer.writeAscii(",\"requestid\":");
        writer.writeString(decoded.requestId);
        writer.writeByte(JsonWriter.OBJECT_END);
        return writer.toByteArray();
    }
}
