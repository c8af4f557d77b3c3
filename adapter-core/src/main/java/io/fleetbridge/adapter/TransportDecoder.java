package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one Choria transport message (v1 or v2, see PROTOCOL.md) straight from the bytes
 * NATS delivered into a {@link DecodedMessage}, peeling the three layers in place:
 * transport (base64 {@code data}) → secure request or reply → request or reply.
 *
 * <p>One per ingest thread: not thread safe, reused for every message. In steady state it
 * allocates nothing; its scratch buffers grow to the largest message seen, and a buffer grown
 * above 64 KiB is released on the next message. It never throws for any input and never
 * recurses: every refusal is a {@link DecodeResult}, nesting is bounded by
 * {@link JsonCursor#MAX_DEPTH}, and the work and memory per message are linear in its size.
 * On any result other than {@link DecodeResult#OK} the content of {@code out} is unspecified.
 */
public final class TransportDecoder
{
    /** NATS's default max payload. */
    public static final int DEFAULT_MAX_INPUT_BYTES = 1024 * 1024;
    /** Keeps every buffer and the encoded envelope (at most a few times the input) below 2 GiB. */
    public static final int LIMIT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

    /** Unix seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the years Go can marshal. */
    static final long MIN_SECONDS = -62_167_219_200L;
    static final long MAX_SECONDS = 253_402_300_799L;

    private static final JsonShape TRANSPORT = new JsonShape(null, "protocol:s", "data:d", "headers:o");
    private static final int TRANSPORT_PROTOCOL = TRANSPORT.slot("protocol");
    private static final int TRANSPORT_DATA = TRANSPORT.slot("data");
    private static final byte[] TRANSPORT_V1 = ascii("choria:transport:1");
    private static final byte[] TRANSPORT_V2 = ascii("io.choria.protocol.v2.transport");

    private static final JsonShape SECURE_V1 = new JsonShape(null, "protocol:s", "message:u", "signature:s", "pubcert:s");
    private static final int SECURE_V1_SIGNATURE = 2;
    private static final int SECURE_V1_PUBCERT = 3;
    private static final JsonShape SECURE_V2 = new JsonShape(null, "protocol:s", "request:d", "reply:d", "signature:b", "caller:s");
    private static final int SECURE_V2_SIGNATURE = SECURE_V2.slot("signature");
    private static final int SECURE_V2_CALLER = SECURE_V2.slot("caller");
    private static final int SECURE_PROTOCOL = 0;
    private static final byte[] SECURE_REQUEST_V1 = ascii("choria:secure:request:1");
    private static final byte[] SECURE_REPLY_V1 = ascii("choria:secure:reply:1");
    private static final byte[] SECURE_REQUEST_V2 = ascii("io.choria.protocol.v2.secure_request");
    private static final byte[] SECURE_REPLY_V2 = ascii("io.choria.protocol.v2.secure_reply");

    private static final Inner REQUEST_V1 = new Inner(ProtocolVersion.V1, "choria:request:1", new JsonShape(
        new JsonShape(null, "requestid:s", "senderid:s", "callerid:s", "collective:s", "agent:s", "ttl:i", "time:i", "filter:o"),
        "protocol:s", "message:u", "envelope:n"), "requestid", "senderid");
    private static final int REQUEST_V1_CALLER = REQUEST_V1.shape.slot("callerid");
    private static final int REQUEST_V1_TTL = REQUEST_V1.shape.slot("ttl");
    /** v1 request.json: the envelope's strings that must be present and not empty; its ttl and filter must be present. */
    private static final int[] REQUEST_V1_NAMES = {REQUEST_V1_CALLER, REQUEST_V1.shape.slot("collective"), REQUEST_V1.shape.slot("agent")};
    private static final int REQUEST_V1_FILTER = REQUEST_V1.shape.slot("filter");
    private static final Inner REPLY_V1 = new Inner(ProtocolVersion.V1, "choria:reply:1", new JsonShape(
        new JsonShape(null, "requestid:s", "senderid:s", "agent:s", "time:i"),
        "protocol:s", "message:u", "envelope:n"), "requestid", "senderid");
    private static final Inner REQUEST_V2 = new Inner(ProtocolVersion.V2, "io.choria.protocol.v2.request", new JsonShape(null,
        "protocol:s", "message:d", "id:s", "sender:s", "caller:s", "collective:s", "agent:s", "ttl:i", "time:i", "filter:o"),
        "id", "sender");
    /** v2 request.json: the strings that must be present and not empty; its ttl must be present. */
    private static final int[] REQUEST_V2_NAMES = {REQUEST_V2.shape.slot("caller"), REQUEST_V2.shape.slot("collective"),
        REQUEST_V2.shape.slot("agent")};
    private static final int REQUEST_V2_TTL = REQUEST_V2.shape.slot("ttl");
    private static final Inner REPLY_V2 = new Inner(ProtocolVersion.V2, "io.choria.protocol.v2.reply", new JsonShape(null,
        "protocol:s", "message:d", "request:s", "sender:s", "agent:s", "time:i"),
        "request", "sender");

    /** What Go's encoder writes right after the transport's data string when there are headers. */
    private static final byte[] DATA_THEN_HEADERS = ascii("\",\"headers\":");
    /** How far from the end {@link #dataEndGuess} looks: headers are a few hundred bytes. */
    private static final int MAX_HEADERS_BYTES = 4096;

    /**
     * How a v1 secure request or reply from Go's encoder begins, up to the first byte of its inner document's base64
     * data: the struct order of go-choria's {@code protocol/v1} secure request and request (protocol, message, ...),
     * the inner document quoted as a JSON string.
     */
    private static final byte[] SECURE_REQUEST_V1_DATA = ascii(
        "{\"protocol\":\"choria:secure:request:1\",\"message\":\"{\\\"protocol\\\":\\\"choria:request:1\\\",\\\"message\\\":\\\"");
    private static final byte[] SECURE_REPLY_V1_DATA = ascii(
        "{\"protocol\":\"choria:secure:reply:1\",\"message\":\"{\\\"protocol\\\":\\\"choria:reply:1\\\",\\\"message\\\":\\\"");
    /**
     * What follows the data in a v1 secure request, at most, for the {@link #hintPlainData} probe to stay clear of it
     * at first: the escaped envelope (about 300 bytes from Go, with an empty filter), the signature (344 bytes for an
     * RSA-2048 key, 684 for RSA-4096) and the signer's certificate (about 1,300 to 2,500 bytes of PEM).
     */
    private static final int FIRST_DATA_TAIL_BYTES = 4096;

    private final IngestProtocol expected;
    /** {@link #SECURE_REQUEST_V1_DATA} or {@link #SECURE_REPLY_V1_DATA}, as {@link #expected} says. */
    private final byte[] dataPrefix;
    private final int maxInputBytes;
    /** How far before a secure document's end {@link #hintPlainData} stops: doubled whenever it proved too short. */
    private int dataTailBytes = FIRST_DATA_TAIL_BYTES;
    private final Base64Blocks blocks = new Base64Blocks();
    private final JsonCursor cursor = new JsonCursor(blocks);
    private final FieldValues values = new FieldValues();
    private final ScratchBuffer secure = new ScratchBuffer(4096);
    private final ScratchBuffer inner = new ScratchBuffer(4096);
    private final ScratchBuffer unescaped = new ScratchBuffer(256);
    private final ScratchBuffer keys = new ScratchBuffer(128);
    /** A v2 secure document's signature, decoded only to prove it is base64 as Go's decoder does. */
    private final ScratchBuffer signature = new ScratchBuffer(128);
    // where the last v1 secure request keeps its signature and certificate, for RequestVerifier
    private int signatureStart = -1;
    private int signatureEnd = -1;
    private boolean signatureEscaped;
    private int pubcertStart = -1;
    private int pubcertEnd = -1;
    private boolean pubcertEscaped;

    /** A decoder with the default input limit, {@link #DEFAULT_MAX_INPUT_BYTES}. */
    public TransportDecoder(final IngestProtocol expected)
    {
        this(expected, DEFAULT_MAX_INPUT_BYTES);
    }

    /**
     * @param expected      the kind this adapter adapts; messages of the other kind are {@link DecodeResult#WRONG_PROTOCOL}
     * @param maxInputBytes inputs longer than this are {@link DecodeResult#TOO_LARGE}; 1 to {@link #LIMIT_MAX_INPUT_BYTES}
     */
    public TransportDecoder(final IngestProtocol expected, final int maxInputBytes)
    {
        if (expected == null)
        {
            throw new IllegalArgumentException("expected protocol is required");
        }
        if (maxInputBytes < 1 || maxInputBytes > LIMIT_MAX_INPUT_BYTES)
        {
            throw new IllegalArgumentException("maxInputBytes must be 1.." + LIMIT_MAX_INPUT_BYTES + ": " + maxInputBytes);
        }
        this.expected = expected;
        this.dataPrefix = expected == IngestProtocol.REQUEST ? SECURE_REQUEST_V1_DATA : SECURE_REPLY_V1_DATA;
        this.maxInputBytes = maxInputBytes;
    }

    /**
     * Decodes {@code input[offset, offset + length)} into {@code out}. A range outside the array
     * is {@link DecodeResult#NOT_JSON} rather than an exception.
     */
    public DecodeResult decode(final byte[] input, final int offset, final int length, final DecodedMessage out)
    {
        if (length > maxInputBytes)
        {
            return DecodeResult.TOO_LARGE;
        }
        if (input == null || offset < 0 || length < 0 || offset > input.length - length)
        {
            return DecodeResult.NOT_JSON;
        }
        out.begin();
        signatureStart = -1;
        pubcertStart = -1;
        secure.release();
        inner.release();
        unescaped.release();
        keys.release();
        signature.release();

        cursor.reset(input, offset, offset + length);
        cursor.expectQuoteAt(dataEndGuess(input, offset, offset + length));
        // data is decoded into secure as it is read when it is plain base64
        int status = TRANSPORT.read(cursor, values, keys, secure);
        if (status != JsonCursor.OK)
        {
            return failure(status, DecodeResult.NOT_JSON);
        }
        final ProtocolVersion version;
        if (equals(input, TRANSPORT_PROTOCOL, TRANSPORT_V1))
        {
            version = ProtocolVersion.V1;
        }
        else if (equals(input, TRANSPORT_PROTOCOL, TRANSPORT_V2))
        {
            version = ProtocolVersion.V2;
        }
        else
        {
            return DecodeResult.WRONG_PROTOCOL;
        }
        if (!values.present(TRANSPORT_DATA))
        {
            return DecodeResult.MISSING_FIELD;
        }
        if (!base64(input, TRANSPORT_DATA, secure))
        {
            return DecodeResult.BAD_BASE64;
        }

        final boolean v1 = version == ProtocolVersion.V1;
        final byte[] secureBytes = secure.bytes();
        cursor.reset(secureBytes, 0, secure.length());
        if (v1)
        {
            hintPlainData(secureBytes, secure.length());
        }
        // v1: the message (the signed request) is unquoted into inner as it is read; v2: the request or reply decoded
        status = (v1 ? SECURE_V1 : SECURE_V2).read(cursor, values, keys, inner);
        if (status != JsonCursor.OK)
        {
            return failure(status, DecodeResult.INNER_NOT_JSON);
        }
        final IngestProtocol kind;
        if (equals(secureBytes, SECURE_PROTOCOL, v1 ? SECURE_REQUEST_V1 : SECURE_REQUEST_V2))
        {
            kind = IngestProtocol.REQUEST;
        }
        else if (equals(secureBytes, SECURE_PROTOCOL, v1 ? SECURE_REPLY_V1 : SECURE_REPLY_V2))
        {
            kind = IngestProtocol.REPLY;
        }
        else
        {
            return DecodeResult.WRONG_PROTOCOL;
        }
        if (kind != expected)
        {
            return DecodeResult.WRONG_PROTOCOL;
        }
        // v1 carries the inner document as a JSON string, v2 as base64 (request or reply member)
        final int body = v1 ? 1 : (kind == IngestProtocol.REQUEST ? 1 : 2);
        if (!values.present(body))
        {
            return DecodeResult.MISSING_FIELD;
        }
        if (v1)
        {
            if (kind == IngestProtocol.REQUEST)
            {
                // secure_request.json: both required, at least one character
                if (!nonEmpty(SECURE_V1_SIGNATURE) || !nonEmpty(SECURE_V1_PUBCERT))
                {
                    return DecodeResult.OFF_SCHEMA;
                }
                rememberSignedParts();
            }
        }
        else
        {
            // go-choria's v2 secure request and reply carry the signature as []byte: Go refuses one that is not base64;
            // secure_request.json requires it, and the caller's JWT, in a request
            if (values.present(SECURE_V2_SIGNATURE) && !base64(secureBytes, SECURE_V2_SIGNATURE, signature))
            {
                return DecodeResult.BAD_BASE64;
            }
            if (kind == IngestProtocol.REQUEST && (signature.length() == 0 || !nonEmpty(SECURE_V2_CALLER)))
            {
                return DecodeResult.OFF_SCHEMA;
            }
            if (!base64(secureBytes, body, inner))
            {
                return DecodeResult.BAD_BASE64;
            }
        }

        final Inner layout = v1 ? (kind == IngestProtocol.REQUEST ? REQUEST_V1 : REPLY_V1)
            : (kind == IngestProtocol.REQUEST ? REQUEST_V2 : REPLY_V2);
        return decodeInner(layout, kind, out);
    }

    /**
     * Tells the cursor how much of a v1 secure document's inner base64 data is plain, proven by the JDK's base64
     * decoder ({@link Base64Blocks#alphabetEnd}) several times faster than {@link ByteScan} scans it: the unquoting
     * of the message then scans only the data's last kilobytes and what follows. The data starts at a known offset
     * when the document begins as Go writes it, and is taken to end at least {@link #dataTailBytes} before the
     * document does. Only a hint ({@link JsonCursor#knownPlain}): whatever the input, every byte of the range is
     * proven plain, and the rest is scanned as before.
     *
     * <p>A probe that meets anything but base64 costs the JDK decoder's exception (a few microseconds). So that a
     * fleet whose certificates or envelopes are longer does not pay it on every message, each such probe doubles
     * the distance kept from the end, for good: after at most eight with the default input limit (a tail of 1 MiB) the
     * probe no longer runs at all, whatever a hostile sender writes, and every message is scanned as before.
     */
    private void hintPlainData(final byte[] doc, final int length)
    {
        final int from = dataPrefix.length;
        final int limit = length - dataTailBytes;
        if (limit - from <= 0 || !Arrays.equals(doc, 0, from, dataPrefix, 0, from))
        {
            return;
        }
        final int to = blocks.alphabetEnd(doc, from, limit);
        if (limit - to >= Base64Blocks.MIN_BLOCK_CHARS)
        {
            // a block short of the limit was not all base64: this document's data ended earlier than allowed for
            dataTailBytes = (int)Math.min(Integer.MAX_VALUE / 2, 2L * dataTailBytes);
        }
        if (to > from)
        {
            cursor.knownPlain(from, to);
        }
    }

    /** How far before a secure document's end {@link #hintPlainData} stops now, in bytes. */
    int dataTailBytes()
    {
        return dataTailBytes;
    }

    private void rememberSignedParts()
    {
        if (values.present(SECURE_V1_SIGNATURE))
        {
            signatureStart = values.start(SECURE_V1_SIGNATURE);
            signatureEnd = values.end(SECURE_V1_SIGNATURE);
            signatureEscaped = values.escaped(SECURE_V1_SIGNATURE);
        }
        if (values.present(SECURE_V1_PUBCERT))
        {
            pubcertStart = values.start(SECURE_V1_PUBCERT);
            pubcertEnd = values.end(SECURE_V1_PUBCERT);
            pubcertEscaped = values.escaped(SECURE_V1_PUBCERT);
        }
    }

    // ---- the parts of the last v1 secure request that RequestVerifier checks; valid after an
    // OK decode until the next decode. Positions index secureDocument(); -1 when absent.

    /** The secure request document (the transport's decoded {@code data}). */
    byte[] secureDocument()
    {
        return secure.bytes();
    }

    /** The signed bytes: the secure request's {@code message} string, unescaped as Go reads it. */
    byte[] signedMessage()
    {
        return inner.bytes();
    }

    int signedMessageLength()
    {
        return inner.length();
    }

    int signatureStart()
    {
        return signatureStart;
    }

    int signatureEnd()
    {
        return signatureEnd;
    }

    boolean signatureEscaped()
    {
        return signatureEscaped;
    }

    int pubcertStart()
    {
        return pubcertStart;
    }

    int pubcertEnd()
    {
        return pubcertEnd;
    }

    boolean pubcertEscaped()
    {
        return pubcertEscaped;
    }

    // ---- the envelope of the last v1 request, for RequestVerifier's identity and expiry checks;
    // read from the field slots the inner decode left, so valid only after an OK decode of a v1
    // request, until the next decode. Positions index signedMessage().

    /** Start of the envelope's {@code callerid} string (still escaped), or -1 when it is absent. */
    int callerIdStart()
    {
        return values.present(REQUEST_V1_CALLER) ? values.start(REQUEST_V1_CALLER) : -1;
    }

    int callerIdEnd()
    {
        return values.end(REQUEST_V1_CALLER);
    }

    boolean callerIdEscaped()
    {
        return values.escaped(REQUEST_V1_CALLER);
    }

    /** The envelope's {@code ttl} in seconds; 0 when absent or null, as Go leaves an {@code int} it does not set. */
    long ttlSeconds()
    {
        return values.present(REQUEST_V1_TTL) ? values.integer(REQUEST_V1_TTL) : 0;
    }

    private DecodeResult decodeInner(final Inner layout, final IngestProtocol kind, final DecodedMessage out)
    {
        final byte[] doc = inner.bytes();
        cursor.reset(doc, 0, inner.length());
        cursor.knownPlain(inner.plainRunFrom(), inner.plainRunTo());
        // the message, the output's data, is unquoted (v1) or decoded (v2) into place as it is read
        final int status = layout.shape.read(cursor, values, keys, out.dataBuffer());
        if (status != JsonCursor.OK)
        {
            return failure(status, DecodeResult.INNER_NOT_JSON);
        }
        if (!equals(doc, layout.protocol, layout.protocolName))
        {
            return DecodeResult.WRONG_PROTOCOL;
        }
        if (!values.present(layout.message) || !values.present(layout.requestId)
            || !values.present(layout.sender) || !values.present(layout.time))
        {
            return DecodeResult.MISSING_FIELD;
        }

        // Checked before the copy, so that a hostile sender never grows the message's buffer: an
        // escape sequence is at most 6 bytes for at least one byte of the sender.
        if (values.end(layout.sender) - values.start(layout.sender) > 6 * SubjectTokens.MAX_SENDER_BYTES)
        {
            return DecodeResult.SENDER_TOO_LONG;
        }
        final ScratchBuffer sender = out.senderBuffer();
        final int senderLength = unquote(doc, layout.sender, sender);
        if (senderLength == 0)
        {
            return DecodeResult.EMPTY_SENDER;
        }
        if (senderLength > SubjectTokens.MAX_SENDER_BYTES)
        {
            return DecodeResult.SENDER_TOO_LONG;
        }
        if (!SubjectTokens.valid(sender.bytes(), senderLength))
        {
            return DecodeResult.BAD_SENDER;
        }
        // as the sender: judged before the copy, so that a hostile id never grows the message's buffer
        if (values.end(layout.requestId) - values.start(layout.requestId) > 6 * MsgIdHeader.MAX_ID_BYTES)
        {
            return DecodeResult.REQUEST_ID_TOO_LONG;
        }
        final int requestIdLength = unquote(doc, layout.requestId, out.requestIdBuffer());
        if (requestIdLength == 0)
        {
            return DecodeResult.EMPTY_REQUEST_ID;
        }
        if (requestIdLength > MsgIdHeader.MAX_ID_BYTES)
        {
            return DecodeResult.REQUEST_ID_TOO_LONG;
        }
        if (!MsgIdHeader.canCarry(out.requestIdBuffer().bytes(), requestIdLength))
        {
            return DecodeResult.BAD_REQUEST_ID;
        }

        final long time = values.integer(layout.time);
        if (layout.version == ProtocolVersion.V1)
        {
            if (time < MIN_SECONDS || time > MAX_SECONDS)
            {
                return DecodeResult.BAD_TIME;
            }
            out.time(time, 0);
        }
        else
        {
            // int64 nanoseconds span 1677..2262, always printable
            out.time(Math.floorDiv(time, 1_000_000_000L), (int) Math.floorMod(time, 1_000_000_000L));
            if (!base64(doc, layout.message, out.dataBuffer()))
            {
                return DecodeResult.BAD_BASE64;
            }
        }
        if (kind == IngestProtocol.REQUEST && !withinSchema(layout))
        {
            return DecodeResult.OFF_SCHEMA;
        }
        out.origin(layout.version, kind);
        out.senderHash(DecodedMessage.hash(sender.bytes(), senderLength));
        return DecodeResult.OK;
    }

    /**
     * Whether a request the output could be made of also has every member Choria's request schema requires, those
     * strings not empty ({@link DecodeResult#OFF_SCHEMA}). Not checked, though the schema has them: the filter's own
     * members (Choria's servers always write all four), the v1 id's 32 characters and the ttl's minimum, which
     * the verifier judges when it is on ({@link RequestVerifier}, {@code expired_request}).
     */
    private boolean withinSchema(final Inner layout)
    {
        if (!nonEmpty(layout.message))
        {
            return false;
        }
        if (layout.version == ProtocolVersion.V1)
        {
            for (final int slot : REQUEST_V1_NAMES)
            {
                if (!nonEmpty(slot))
                {
                    return false;
                }
            }
            return values.present(REQUEST_V1_FILTER) && values.present(REQUEST_V1_TTL);
        }
        for (final int slot : REQUEST_V2_NAMES)
        {
            if (!nonEmpty(slot))
            {
                return false;
            }
        }
        return values.present(REQUEST_V2_TTL);
    }

    /** A string member that is present and not {@code ""}: an escape stands for at least one character. */
    private boolean nonEmpty(final int slot)
    {
        return values.present(slot) && values.end(slot) > values.start(slot);
    }

    private static DecodeResult failure(final int status, final DecodeResult syntax)
    {
        switch (status)
        {
            case JsonCursor.TOO_DEEP: return DecodeResult.TOO_DEEP;
            case JsonShape.TYPE_MISMATCH: return DecodeResult.WRONG_TYPE;
            default: return syntax;
        }
    }

    /** Unquotes the string in {@code slot} of {@code src} into {@code target}; a plain one is a copy. */
    private int unquote(final byte[] src, final int slot, final ScratchBuffer target)
    {
        final int from = values.start(slot);
        final int to = values.end(slot);
        if (values.escaped(slot))
        {
            return JsonUnquote.unquote(src, from, to, target);
        }
        target.copyFrom(src, from, to - from);
        return to - from;
    }

    /**
     * Where the transport's data string most likely ends, so that the cursor need not scan its
     * kilobytes for the closing quote ({@link JsonCursor#expectQuoteAt}); -1 for no guess. Go
     * writes a struct's members in declaration order, and both transports declare {@code data}
     * before {@code headers}, the last member (go-choria {@code protocol/v1/transport.go} and
     * {@code protocol/v2/transport.go}; v2 omits empty headers): so the data ends at the last
     * {@code ","headers":}, or at the {@code "} that closes the document. Any other writer's
     * order costs one decode and changes nothing.
     */
    static int dataEndGuess(final byte[] input, final int from, final int to)
    {
        if (to - from >= 2 && input[to - 1] == '}' && input[to - 2] == '"')
        {
            return to - 2;
        }
        final int last = to - DATA_THEN_HEADERS.length;
        final int stop = Math.max(from, to - MAX_HEADERS_BYTES);
        for (int i = last; i >= stop; i--)
        {
            if (input[i] == '"' && input[i + 1] == ',' && Arrays.equals(input, i, i + DATA_THEN_HEADERS.length,
                DATA_THEN_HEADERS, 0, DATA_THEN_HEADERS.length))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Decodes the base64 string in {@code slot} of {@code src} into {@code target}, the target
     * of the read that found it, unless that read has done so; false when it is not base64.
     */
    private boolean base64(final byte[] src, final int slot, final ScratchBuffer target)
    {
        if (values.targetHolds(slot))
        {
            return true;
        }
        if (values.escaped(slot))
        {
            final int length = JsonUnquote.unquote(src, values.start(slot), values.end(slot), unescaped);
            return blocks.decode(unescaped.bytes(), 0, length, target) >= 0;
        }
        return blocks.decode(src, values.start(slot), values.end(slot), target) >= 0;
    }

    /** True when the string in {@code slot} of {@code src}, unescaped, is exactly {@code expected}. */
    private boolean equals(final byte[] src, final int slot, final byte[] expected)
    {
        if (!values.present(slot))
        {
            return false;
        }
        final int from = values.start(slot);
        final int to = values.end(slot);
        if (!values.escaped(slot))
        {
            return Arrays.equals(src, from, to, expected, 0, expected.length);
        }
        if (to - from > 6 * expected.length)
        {
            return false;
        }
        final int length = JsonUnquote.unquote(src, from, to, keys);
        return Arrays.equals(keys.bytes(), 0, length, expected, 0, expected.length);
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where one kind of inner document keeps the fields the output needs. */
    private static final class Inner
    {
        final ProtocolVersion version;
        final byte[] protocolName;
        final JsonShape shape;
        final int protocol;
        final int message;
        final int requestId;
        final int sender;
        final int time;

        Inner(final ProtocolVersion version, final String protocolName, final JsonShape shape,
            final String requestIdField, final String senderField)
        {
            this.version = version;
            this.protocolName = ascii(protocolName);
            this.shape = shape;
            this.protocol = shape.slot("protocol");
            this.message = shape.slot("message");
            this.requestId = shape.slot(requestIdField);
            this.sender = shape.slot(senderField);
            this.time = shape.slot("time");
        }
    }
}
