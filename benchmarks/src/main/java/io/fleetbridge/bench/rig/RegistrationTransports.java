package io.fleetbridge.bench.rig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Choria protocol v1 registration transports of one size, as a fleet sends them, each with a
 * unique 32-character request id and one of {@code senders} sender ids, built so that the
 * envelope the adapter publishes for each of them is exactly {@link #envelopeBytes()} long.
 *
 * <p>Every transport comes from one template: the request id and the sender sit next to each
 * other inside the base64 of the secure request, so {@link #transport} re-encodes only the few
 * base64 groups that cover them (base64 encodes every 3 input bytes on their own) into a copy of
 * the template. That keeps the load source cheap enough to outrun the systems it feeds.
 *
 * <p>Immutable after construction and safe to share; {@link #transport} allocates the returned
 * array (jnats keeps a reference to a published body until its writer has sent it) and uses the
 * caller's {@link Scratch}, one per thread.
 */
final class RegistrationTransports
{
    /** The fixed time of every message (unix seconds): 2024-05-01T12:00:00Z. */
    static final long TIME_SECONDS = 1_714_564_800L;
    static final String TIME_TEXT = "2024-05-01T12:00:00Z";
    static final int REQUEST_ID_CHARS = 32;
    private static final String SENDER_DOMAIN = ".fleet.example.net";
    private static final String ENVELOPE_PREFIX = "{\"protocol\":\"choria:adapters:jetstream:output:1\",\"data\":\"";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int envelopeBytes;
    private final int senders;
    private final int senderChars;
    private final long runId;
    private final String payloadBase64;
    private final byte[] template;
    private final byte[] secureTemplate;
    private final int dataStart;
    private final int chunkStart;
    private final int chunkEnd;
    private final int requestIdInChunk;
    private final int senderInChunk;
    private final byte[] senderTail;

    /**
     * @param envelopeBytes size of the published envelope; at least 200
     * @param senders distinct sender ids, at most 99,999
     * @param runId mixed into every request id, so that two runs never share one
     */
    RegistrationTransports(final int envelopeBytes, final int senders, final long runId)
    {
        if (envelopeBytes < 200 || senders < 1 || senders > 99_999)
        {
            throw new IllegalArgumentException("envelope bytes >= 200 and 1..99999 senders, not " + envelopeBytes + ", " + senders);
        }
        this.envelopeBytes = envelopeBytes;
        this.senders = senders;
        this.runId = runId;
        // the envelope is fixed text plus base64 data (a multiple of 4) plus the sender: the
        // sender's length takes up the remainder so that every envelope has exactly the size asked
        final int fixed = envelope("", sender(0, 0), requestId(0)).length();
        final int dataChars = (envelopeBytes - fixed) / 4 * 4;
        final int pad = envelopeBytes - fixed - dataChars;
        this.senderChars = sender(0, pad).length();
        this.payloadBase64 = Base64.getEncoder().encodeToString(payload(dataChars / 4 * 3));

        final String placeholderId = "R".repeat(REQUEST_ID_CHARS);
        final String placeholderSender = "S".repeat(senderChars);
        final String request = "{\"protocol\":\"choria:request:1\",\"message\":\"" + payloadBase64 + "\",\"envelope\":{"
            + "\"requestid\":\"" + placeholderId + "\",\"senderid\":\"" + placeholderSender + "\","
            + "\"callerid\":\"choria=registration\",\"collective\":\"mcollective\",\"agent\":\"registration\","
            + "\"ttl\":60,\"time\":" + TIME_SECONDS + ",\"filter\":{\"fact\":[],\"cf_class\":[],\"agent\":[],\"identity\":[],\"compound\":[]}}}";
        final String secure = "{\"protocol\":\"choria:secure:request:1\",\"message\":\"" + request.replace("\"", "\\\"")
            + "\",\"signature\":\"" + Base64.getEncoder().encodeToString("insecure registration".getBytes(StandardCharsets.US_ASCII))
            + "\",\"pubcert\":\"" + DUMMY_CERTIFICATE + "\"}";
        this.secureTemplate = secure.getBytes(StandardCharsets.US_ASCII);
        final String head = "{\"protocol\":\"choria:transport:1\",\"data\":\"";
        this.template = (head + Base64.getEncoder().encodeToString(secureTemplate) + "\",\"headers\":{}}")
            .getBytes(StandardCharsets.US_ASCII);
        this.dataStart = head.length();

        final int requestIdAt = secure.indexOf(placeholderId);
        final int senderAt = secure.indexOf(placeholderSender);
        this.chunkStart = requestIdAt / 3 * 3;
        this.chunkEnd = Math.min(secureTemplate.length, (senderAt + senderChars + 2) / 3 * 3);
        this.requestIdInChunk = requestIdAt - chunkStart;
        this.senderInChunk = senderAt - chunkStart;
        this.senderTail = senderOf(0).substring(6).getBytes(StandardCharsets.US_ASCII);
    }

    /** Per-thread working space of {@link #transport}. */
    final class Scratch
    {
        private final byte[] plain = new byte[chunkEnd - chunkStart];
        private final byte[] encoded = new byte[(chunkEnd - chunkStart) / 3 * 4];
    }

    Scratch newScratch()
    {
        return new Scratch();
    }

    /** The transport of message {@code seq}: request id from {@code seq}, sender {@code seq % senders}. */
    byte[] transport(final long seq, final Scratch scratch)
    {
        final int written = encodeChunk(seq, scratch);
        final byte[] out = Arrays.copyOf(template, template.length);
        System.arraycopy(scratch.encoded, 0, out, chunkOffset(), written);
        return out;
    }

    /**
     * Puts the transport of message {@code seq}, the same bytes as {@link #transport}, into {@code out}, which
     * must have {@link #transportBytes()} remaining; allocates nothing.
     */
    void putTransport(final long seq, final Scratch scratch, final ByteBuffer out)
    {
        final int written = encodeChunk(seq, scratch);
        final int offset = chunkOffset();
        out.put(template, 0, offset)
            .put(scratch.encoded, 0, written)
            .put(template, offset + written, template.length - offset - written);
    }

    /** Base64 of the template's chunk with message {@code seq}'s request id and sender, into the scratch; its length. */
    private int encodeChunk(final long seq, final Scratch scratch)
    {
        final byte[] plain = scratch.plain;
        System.arraycopy(secureTemplate, chunkStart, plain, 0, plain.length);
        writeRequestId(seq, plain, requestIdInChunk);
        writeSender((int)(seq % senders), plain, senderInChunk);
        return Base64.getEncoder().encode(plain, scratch.encoded);
    }

    /** Where the chunk's base64 starts in a transport. */
    private int chunkOffset()
    {
        return dataStart + chunkStart / 3 * 4;
    }

    /** The envelope the adapter publishes for message {@code seq}, as the Go reference encodes it. */
    byte[] envelope(final long seq)
    {
        return envelope(payloadBase64, senderOf(seq), requestId(seq)).getBytes(StandardCharsets.US_ASCII);
    }

    String senderOf(final long seq)
    {
        return sender((int)(seq % senders), senderChars - sender(0, 0).length());
    }

    /** The 32 lowercase hex characters of message {@code seq}'s request id. */
    String requestId(final long seq)
    {
        final byte[] id = new byte[REQUEST_ID_CHARS];
        writeRequestId(seq, id, 0);
        return new String(id, StandardCharsets.US_ASCII);
    }

    int envelopeBytes()
    {
        return envelopeBytes;
    }

    int transportBytes()
    {
        return template.length;
    }

    int senders()
    {
        return senders;
    }

    private void writeRequestId(final long seq, final byte[] into, final int at)
    {
        writeHex(runId, into, at);
        writeHex(seq, into, at + 16);
    }

    private static void writeHex(final long value, final byte[] into, final int at)
    {
        for (int i = 0; i < 16; i++)
        {
            into[at + i] = HEX[(int)(value >>> (60 - 4 * i)) & 0xf];
        }
    }

    private void writeSender(final int index, final byte[] into, final int at)
    {
        // "n" + five digits, then the pad and the domain, which are the same for every sender
        into[at] = 'n';
        int rest = index;
        for (int i = 5; i >= 1; i--)
        {
            into[at + i] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        System.arraycopy(senderTail, 0, into, at + 6, senderTail.length);
    }

    private static String sender(final int index, final int pad)
    {
        return String.format("n%05d", index) + "xyz".substring(0, pad) + SENDER_DOMAIN;
    }

    private static String envelope(final String data, final String sender, final String requestId)
    {
        return ENVELOPE_PREFIX + data + "\",\"sender\":\"" + sender + "\",\"time\":\"" + TIME_TEXT + "\",\"requestid\":\""
            + requestId + "\"}";
    }

    /** Registration data of exactly {@code size} bytes: a small JSON document padded with a filler. */
    private static byte[] payload(final int size)
    {
        final String head = "{\"agent\":\"registration\",\"filler\":\"";
        final String tail = "\"}";
        final StringBuilder text = new StringBuilder(size).append(head);
        while (text.length() < size - tail.length())
        {
            text.append((char)('a' + text.length() % 26));
        }
        text.append(tail);
        final byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(bytes, size);
    }

    /**
     * Stands in for the PEM certificate a v1 registration carries, at the size of a real 2048-bit
     * RSA certificate (about 1.2 KB); nobody on this path verifies it. JSON-escaped newlines.
     */
    private static final String DUMMY_CERTIFICATE = dummyCertificate();

    private static String dummyCertificate()
    {
        final StringBuilder pem = new StringBuilder(1300).append("-----BEGIN CERTIFICATE-----\\n");
        for (int line = 0; line < 18; line++)
        {
            for (int i = 0; i < 64; i++)
            {
                pem.append((char)('A' + (line * 7 + i) % 26));
            }
            pem.append("\\n");
        }
        return pem.append("-----END CERTIFICATE-----\\n").toString();
    }
}
