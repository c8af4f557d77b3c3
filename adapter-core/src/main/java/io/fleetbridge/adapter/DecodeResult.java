package io.fleetbridge.adapter;

import java.util.Locale;

/**
 * The outcome of {@link TransportDecoder#decode}: {@link #OK} or the reason an input was refused.
 * A return value rather than an exception, so that a hostile stream of bad inputs costs no more
 * than a stream of good ones.
 */
public enum DecodeResult
{
    OK,
    /** Longer than the decoder's input limit; checked before any parsing. */
    TOO_LARGE,
    /** The transport document is not JSON: syntax error, truncation, trailing bytes. */
    NOT_JSON,
    /** Nesting deeper than {@code JsonCursor.MAX_DEPTH} at any level. */
    TOO_DEEP,
    /** A {@code protocol} that is missing, unknown, of the other generation, or of the kind this adapter does not adapt. */
    WRONG_PROTOCOL,
    /** {@code data}, {@code request}, {@code reply} or a v2 {@code message} is not padded standard base64. */
    BAD_BASE64,
    /** A document carried inside another (secure, request, reply) is not JSON. */
    INNER_NOT_JSON,
    /** A member the output needs is absent or null: data, message, envelope, sender, request id, time. */
    MISSING_FIELD,
    /** A known member has the wrong JSON type (time as a string, sender as a number, a fractional time, ...). */
    WRONG_TYPE,
    /** The sender id is the empty string. */
    EMPTY_SENDER,
    /** The sender id cannot be used as NATS subject tokens (whitespace, control bytes, wildcards, empty token). */
    BAD_SENDER,
    /** The sender id is longer than 255 bytes, the longest DNS name: no Choria identity is, and a subject built from it may not be publishable. */
    SENDER_TOO_LONG,
    /** The time is outside the years 0000..9999 that Go can print as RFC 3339. */
    BAD_TIME,
    /** The request id is the empty string: it becomes Nats-Msg-Id, which must not be empty. */
    EMPTY_REQUEST_ID,
    /**
     * The request id cannot be a {@code Nats-Msg-Id} header value: it holds a byte outside visible
     * ASCII (a space, a control character such as CR or LF, or non-ASCII). Choria's ids are hex.
     */
    BAD_REQUEST_ID,
    /**
     * The request id is longer than {@link MsgIdHeader#MAX_ID_BYTES}: Choria's are 32 characters (the
     * v1 schema requires exactly that). Unbounded, each publisher would keep buffers as long as the
     * longest id seen for every message it can have in flight, outside {@code queue_bytes}.
     */
    REQUEST_ID_TOO_LONG,

    /**
     * A request that Choria's published schema refuses, as go-choria's ingest refuses it before it
     * would publish ({@code NewSecureRequestFromTransport} and {@code NewRequestFromSecureRequest}
     * validate against {@code secure_request.json} and {@code request.json} whatever the security
     * setting): in v1, a secure request without {@code signature} or {@code pubcert}, or a request
     * whose envelope lacks {@code callerid}, {@code collective}, {@code agent}, {@code ttl} or
     * {@code filter}, or has an empty one of those strings or an empty {@code message}; in v2, a
     * request without {@code caller}, {@code collective}, {@code agent} or {@code ttl}, with one
     * empty, or with an empty {@code message}. Replies are not held to a schema, as Choria does not
     * validate them by default. The schema's finer rules (a v1 id of 32 characters, a ttl of at
     * least 30) are not applied.
     */
    OFF_SCHEMA,

    /**
     * Decoding or verifying the input threw: a defect of ours that a hostile input found. The
     * input is dropped as invalid and counted, and the worker goes on with the next one.
     */
    DECODE_FAILED,

    // ---- refusals of RequestVerifier, only when the adapter verifies what arrives

    /** Verification is on and the input is not a v1 secure request (a v2 message or a reply): nothing to check it by. */
    UNVERIFIABLE,
    /** Signed {@code insecure registration} and the policy refuses such requests. */
    INSECURE_REGISTRATION,
    /**
     * {@code pubcert} is missing, is not a certificate, does not chain to a configured authority,
     * is longer than any real one (32 KiB), or its key usages do not allow signing
     * ({@code digitalSignature}, and client authentication when the extended key usage is given).
     */
    UNTRUSTED_CERTIFICATE,
    /** {@code pubcert} has expired or is not yet valid. */
    EXPIRED_CERTIFICATE,
    /** {@code signature} is missing, not base64, or not the signer's RSA SHA-256 signature over {@code message}. */
    BAD_SIGNATURE,
    /**
     * The signer's certificate is not privileged and does not name both the request's
     * {@code senderid} and the identity in its {@code callerid} (each must be its common name or
     * one of its DNS names): a node signing for another, which go-choria's
     * {@code SecureRequest.Valid} refuses too.
     */
    IDENTITY_MISMATCH,
    /**
     * The request is older than its {@code ttl} plus the clock skew allowance, dated further
     * ahead than that allowance, or has no positive {@code ttl}: a replay, or a node with a
     * wrong clock.
     */
    EXPIRED_REQUEST;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The drop reason the pipeline counts this under; null for {@link #OK}. */
    public DropReason dropReason()
    {
        switch (this)
        {
            case OK: return null;
            case TOO_LARGE: return DropReason.TOO_LARGE;
            default: return DropReason.INVALID;
        }
    }

    /** A lower_snake label for metrics and logs, e.g. {@code bad_sender}. */
    public String label()
    {
        return label;
    }
}
