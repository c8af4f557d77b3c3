package io.fleetbridge.bench.rig;

import java.util.Map;

/**
 * The documents of the Go port, as Go's {@code encoding/json} binds them: plain classes with
 * public fields, bound by dsl-json's runtime reflection (no generated code, as Go's reflection).
 * Mutable, not thread safe; a new instance per message, as in the Go code.
 */
final class GoMessages
{
    private GoMessages()
    {
    }

    /** {@code choria:transport:1}. */
    public static final class Transport
    {
        public String protocol;
        public String data;
        public Map<String, Object> headers;
    }

    /** {@code choria:secure:request:1}. */
    public static final class SecureRequest
    {
        public String protocol;
        public String message;
        public String signature;
        public String pubcert;
    }

    /** {@code choria:request:1}. */
    public static final class Request
    {
        public String protocol;
        public String message;
        public Envelope envelope;
    }

    /** The request's envelope. */
    public static final class Envelope
    {
        public String requestid;
        public String senderid;
        public String callerid;
        public String collective;
        public String agent;
        public long ttl;
        public long time;
    }

    /** What the Go adapter's ingest hands its publishers through the channel. */
    public static final class Adaptable
    {
        public String data;
        public String sender;
        public String requestid;
        public long timeSeconds;
    }

    /** {@code choria:adapters:jetstream:output:1}, keys in the Go struct's order. */
    public static final class Output
    {
        public String protocol;
        public String data;
        public String sender;
        public String time;
        public String requestid;
    }
}
