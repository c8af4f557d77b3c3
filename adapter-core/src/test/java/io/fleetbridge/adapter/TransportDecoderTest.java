package io.fleetbridge.adapter;

import static io.fleetbridge.adapter.ChoriaMessage.quote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportDecoderTest
{
    private final DecodedMessage out = new DecodedMessage();

    private static IngestProtocol kindOf(final Form form)
    {
        return form == Form.V1_REQUEST || form == Form.V2_REQUEST ? IngestProtocol.REQUEST : IngestProtocol.REPLY;
    }

    private DecodeResult decode(final ChoriaMessage m)
    {
        return decode(kindOf(m.form), m.bytes());
    }

    private DecodeResult decode(final IngestProtocol expected, final byte[] input)
    {
        return new TransportDecoder(expected).decode(input, 0, input.length, out);
    }

    private static String text(final byte[] bytes, final int length)
    {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldDecodeEveryForm(final Form form)
    {
        final ChoriaMessage m = ChoriaMessage.of(form);
        assertEquals(DecodeResult.OK, decode(m));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
        assertEquals(ChoriaMessage.REQUEST_ID, text(out.requestId(), out.requestIdLength()));
        assertEquals(ChoriaMessage.TIME_SECONDS, out.timeSeconds());
        assertEquals(0, out.timeNanos());
        assertEquals(m.v1() ? ProtocolVersion.V1 : ProtocolVersion.V2, out.version());
        assertEquals(kindOf(form), out.kind());
        assertEquals(DecodedMessage.hash(ChoriaMessage.SENDER.getBytes(StandardCharsets.UTF_8), ChoriaMessage.SENDER.length()), out.senderHash());
        final String payload = form == Form.V1_REQUEST || form == Form.V2_REQUEST ? "{\"identity\":\"web1\"}" : "{\"statuscode\":0}";
        final String expectedData = m.v1() ? ChoriaMessage.base64(payload) : payload;
        assertEquals(expectedData, text(out.data(), out.dataLength()));
    }

    @Test
    void shouldKeepV2PayloadBytesRaw()
    {
        final byte[] payload = {0, (byte) 0xFF, 'a', (byte) 0xC3, (byte) 0xA9, '\n'};
        assertEquals(DecodeResult.OK, decode(ChoriaMessage.v2Request("n1", "r1", 5, payload)));
        assertArrayEquals(payload, java.util.Arrays.copyOf(out.data(), out.dataLength()));
    }

    @Test
    void shouldRefuseRequestsThatChoriasSchemaRefusesAsGoChoriasIngestDoes()
    {
        // request.json (v1): callerid, collective, agent, ttl and filter required, the strings and the message not empty
        for (final String member : java.util.List.of("callerid", "collective", "agent", "ttl", "filter"))
        {
            assertEquals(DecodeResult.OFF_SCHEMA, decode(m(Form.V1_REQUEST).without(member)), member);
        }
        for (final String member : java.util.List.of("callerid", "collective", "agent"))
        {
            assertEquals(DecodeResult.OFF_SCHEMA, decode(m(Form.V1_REQUEST).field(member, quote(""))), member + " empty");
        }
        assertEquals(DecodeResult.OFF_SCHEMA, decode(ChoriaMessage.v1Request("n1", ChoriaMessage.REQUEST_ID, 5, new byte[0])));
        // secure_request.json (v1): signature and pubcert required
        for (final String member : java.util.List.of("signature", "pubcert"))
        {
            final ChoriaMessage unsigned = m(Form.V1_REQUEST);
            unsigned.secure.remove(member);
            assertEquals(DecodeResult.OFF_SCHEMA, decode(unsigned), member);
            unsigned.secure.put(member, quote(""));
            assertEquals(DecodeResult.OFF_SCHEMA, decode(unsigned), member + " empty");
        }
        // request.json (v2): caller, collective, agent and ttl required
        for (final String member : java.util.List.of("caller", "collective", "agent", "ttl"))
        {
            final ChoriaMessage v2 = m(Form.V2_REQUEST).without(member);
            assertEquals(DecodeResult.OFF_SCHEMA, decode(v2), "v2 " + member);
        }
        assertEquals(DecodeResult.OFF_SCHEMA, decode(ChoriaMessage.v2Request("n1", "r1", 5, new byte[0])));
        // secure_request.json (v2): signature and caller required; the signature is a Go []byte, so base64 in either kind
        for (final String member : java.util.List.of("signature", "caller"))
        {
            final ChoriaMessage v2 = m(Form.V2_REQUEST);
            v2.secure.remove(member);
            assertEquals(DecodeResult.OFF_SCHEMA, decode(v2), "v2 secure " + member);
        }
        for (final Form form : java.util.List.of(Form.V2_REQUEST, Form.V2_REPLY))
        {
            final ChoriaMessage garbled = m(form);
            garbled.secure.put("signature", quote("6a0f9e"));
            assertEquals(DecodeResult.BAD_BASE64, decode(garbled), form + ": Go's decoder refuses a signature that is not base64");
        }
        final ChoriaMessage unsignedReply = m(Form.V2_REPLY);
        unsignedReply.secure.remove("signature");
        assertEquals(DecodeResult.OK, decode(unsignedReply), "a v2 reply's signature is optional");
        // a null is no member to Go's schema check either
        assertEquals(DecodeResult.OFF_SCHEMA, decode(m(Form.V1_REQUEST).field("filter", "null")));
        // replies are not held to a schema, as Choria does not validate them by default
        assertEquals(DecodeResult.OK, decode(ChoriaMessage.v1Reply("n1", "r1", 5, new byte[0])));
        assertEquals(DecodeResult.OK, decode(ChoriaMessage.v2Reply("n1", "r1", 5, new byte[0])));
    }

    @Test
    void shouldSplitNegativeNanosecondTimesWithFloor()
    {
        assertEquals(DecodeResult.OK, decode(ChoriaMessage.v2Request("n1", "r1", -1, new byte[] {'x'})));
        assertEquals(-1, out.timeSeconds());
        assertEquals(999_999_999, out.timeNanos());
    }

    @Test
    void shouldDecodeRangeInsideLargerArray()
    {
        final byte[] message = ChoriaMessage.of(Form.V1_REQUEST).bytes();
        final byte[] framed = new byte[message.length + 20];
        java.util.Arrays.fill(framed, (byte) '#');
        System.arraycopy(message, 0, framed, 7, message.length);
        assertEquals(DecodeResult.OK, new TransportDecoder(IngestProtocol.REQUEST).decode(framed, 7, message.length, out));
    }

    @Test
    void shouldRejectInputAboveLimitBeforeParsing()
    {
        final byte[] message = ChoriaMessage.of(Form.V1_REQUEST).bytes();
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST, message.length - 1);
        assertEquals(DecodeResult.TOO_LARGE, decoder.decode(message, 0, message.length, out));
        assertEquals(DecodeResult.TOO_LARGE, decoder.decode(new byte[message.length], 0, message.length, out));
        assertEquals(DropReason.TOO_LARGE, DecodeResult.TOO_LARGE.dropReason());
    }

    @Test
    void shouldRefuseInvalidLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> new TransportDecoder(IngestProtocol.REQUEST, 0));
        assertThrows(IllegalArgumentException.class, () -> new TransportDecoder(null, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "{", "{\"protocol\":\"choria:transport:1\"", "{\"protocol\":\"choria:transport:1\"} x",
        "{\"protocol\":\"choria:transport:1\",}", "{\"a\":01}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":tru}", "{\"a\" 1}", "{'a':1}", "{\"a\":[1,]}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "[1,2", "}"})
    void shouldRejectWhatIsNotJson(final String input)
    {
        assertEquals(DecodeResult.NOT_JSON, decode(IngestProtocol.REQUEST, input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRejectImpossibleRangeWithoutThrowing()
    {
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
        assertEquals(DecodeResult.NOT_JSON, decoder.decode(new byte[4], 2, 3, out));
        assertEquals(DecodeResult.NOT_JSON, decoder.decode(new byte[4], -1, 2, out));
        assertEquals(DecodeResult.NOT_JSON, decoder.decode(null, 0, 0, out));
    }

    @Test
    void shouldRejectTopLevelValueThatIsNotAnObjectAsWrongType()
    {
        assertEquals(DecodeResult.WRONG_TYPE, decode(IngestProtocol.REQUEST, "[1,{\"a\":[]}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(DecodeResult.WRONG_TYPE, decode(IngestProtocol.REQUEST, "\"x\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRejectNestingBeyondBoundAtEveryLevel()
    {
        final String deep = "[".repeat(JsonCursor.MAX_DEPTH) + "]".repeat(JsonCursor.MAX_DEPTH);
        final String deeper = "[".repeat(JsonCursor.MAX_DEPTH - 1) + "]".repeat(JsonCursor.MAX_DEPTH - 1);
        final ChoriaMessage atBound = ChoriaMessage.of(Form.V2_REQUEST);
        atBound.inner.put("extra", deeper);
        assertEquals(DecodeResult.OK, decode(atBound));

        final ChoriaMessage transport = ChoriaMessage.of(Form.V1_REQUEST);
        transport.transport.put("headers", "{\"x\":" + deep + "}");
        assertEquals(DecodeResult.TOO_DEEP, decode(transport));
        final ChoriaMessage secure = ChoriaMessage.of(Form.V2_REQUEST);
        secure.secure.put("x", deep);
        assertEquals(DecodeResult.TOO_DEEP, decode(secure));
        assertEquals(DecodeResult.TOO_DEEP, decode(ChoriaMessage.of(Form.V1_REQUEST).field("filter", "{\"fact\":" + deep + "}")));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectWrongOrMissingProtocolAtEveryLevel(final Form form)
    {
        final ChoriaMessage transport = ChoriaMessage.of(form);
        transport.transport.put("protocol", quote("choria:transport:2"));
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(transport));
        final ChoriaMessage noTransport = ChoriaMessage.of(form);
        noTransport.transport.remove("protocol");
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(noTransport));
        final ChoriaMessage nullTransport = ChoriaMessage.of(form);
        nullTransport.transport.put("protocol", "null");
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(nullTransport));

        final ChoriaMessage secure = ChoriaMessage.of(form);
        secure.secure.put("protocol", quote("choria:secure:unknown:1"));
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(secure));
        final ChoriaMessage noSecure = ChoriaMessage.of(form);
        noSecure.secure.remove("protocol");
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(noSecure));

        final ChoriaMessage inner = ChoriaMessage.of(form);
        inner.inner.put("protocol", quote(m(form).v1() ? "io.choria.protocol.v2.request" : "choria:request:1"));
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(inner));
        final ChoriaMessage noInner = ChoriaMessage.of(form);
        noInner.inner.remove("protocol");
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(noInner));
    }

    private static ChoriaMessage m(final Form form)
    {
        return ChoriaMessage.of(form);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectTheKindThisAdapterDoesNotAdapt(final Form form)
    {
        final IngestProtocol other = kindOf(form) == IngestProtocol.REQUEST ? IngestProtocol.REPLY : IngestProtocol.REQUEST;
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(other, ChoriaMessage.of(form).bytes()));
    }

    @Test
    void shouldRejectMixedGenerations()
    {
        final ChoriaMessage m = ChoriaMessage.of(Form.V1_REQUEST);
        m.secure.put("protocol", quote("io.choria.protocol.v2.secure_request"));
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(m));
        final ChoriaMessage inner = ChoriaMessage.of(Form.V1_REQUEST);
        inner.inner.put("protocol", quote("choria:reply:1"));
        assertEquals(DecodeResult.WRONG_PROTOCOL, decode(inner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "=", "a===", "ab=c", "@@@@", "YWJj ", "YWJj=", "YQ==YQ==", "YQ=", "Y", "YWJj\\t"})
    void shouldRejectDataThatIsNotPaddedBase64(final String data)
    {
        final ChoriaMessage m = ChoriaMessage.of(Form.V1_REQUEST);
        m.transport.put("data", "\"" + data + "\"");
        assertEquals(DecodeResult.BAD_BASE64, decode(m));
    }

    @Test
    void shouldRejectBadBase64InV2InnerLayers()
    {
        final ChoriaMessage request = ChoriaMessage.of(Form.V2_REQUEST);
        request.secure.put("request", quote("e30"));
        assertEquals(DecodeResult.BAD_BASE64, decode(request));
        final ChoriaMessage reply = ChoriaMessage.of(Form.V2_REPLY);
        reply.secure.put("reply", quote("!!!!"));
        assertEquals(DecodeResult.BAD_BASE64, decode(reply));
        assertEquals(DecodeResult.BAD_BASE64, decode(ChoriaMessage.of(Form.V2_REQUEST).field("message", quote("e30=x"))));
    }

    @Test
    void shouldAcceptBase64WithLineBreaksAndEscapedSlashAsGoDoes()
    {
        final ChoriaMessage m = ChoriaMessage.of(Form.V1_REQUEST);
        final String data = ChoriaMessage.base64(m.secureJson());
        m.transport.put("data", "\"" + data.substring(0, 8) + "\\r\\n" + data.substring(8).replace("/", "\\/") + "\"");
        assertEquals(DecodeResult.OK, decode(m));
    }

    @Test
    void shouldDecodeTheLastDataWhenAnEarlierOneWasDecodedAsItWasRead()
    {
        // the first data is plain base64 (decoded on the fast path), the second has escapes (decoded after the read)
        final ChoriaMessage m = ChoriaMessage.of(Form.V1_REQUEST);
        final String data = ChoriaMessage.base64(m.secureJson());
        m.transport.put("data", "\"" + data.substring(0, 8) + "\\r\\n" + data.substring(8) + "\"");
        final String other = ChoriaMessage.base64("{\"protocol\":\"choria:secure:request:1\",\"message\":\"{}\"}");
        final byte[] doubled = ("{\"data\":\"" + other + "\"," + m.transportJson().substring(1)).getBytes(StandardCharsets.UTF_8);
        assertEquals(DecodeResult.OK, decode(IngestProtocol.REQUEST, doubled));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
        // and the other way round: the plain one last wins over an escaped one before it
        final byte[] reversed = ("{\"data\":\"" + data.substring(0, 8) + "\\r\\n" + other + "\","
            + ChoriaMessage.of(Form.V1_REQUEST).transportJson().substring(1)).getBytes(StandardCharsets.UTF_8);
        assertEquals(DecodeResult.OK, decode(IngestProtocol.REQUEST, reversed));
    }

    @Test
    void shouldForgetDataDecodedAsItWasReadWhenALaterNullEmptiesIt()
    {
        final String json = ChoriaMessage.of(Form.V1_REQUEST).transportJson();
        final byte[] nulled = (json.substring(0, json.length() - 1) + ",\"data\":null}").getBytes(StandardCharsets.UTF_8);
        assertEquals(DecodeResult.MISSING_FIELD, decode(IngestProtocol.REQUEST, nulled));
    }

    @Test
    void shouldDecodeTheV2RequestWhenAReplyAfterItTookTheBuffer()
    {
        final ChoriaMessage m = ChoriaMessage.of(Form.V2_REQUEST);
        final String json = m.secureJson();
        final String withReply = json.substring(0, json.length() - 1) + ",\"reply\":\"" + ChoriaMessage.base64("{\"not\":\"this\"}") + "\"}";
        assertEquals(DecodeResult.OK, decode(m.secureDocument(withReply)));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
    }

    @Test
    void shouldRejectInnerDocumentsThatAreNotJson()
    {
        assertEquals(DecodeResult.INNER_NOT_JSON, decode(ChoriaMessage.of(Form.V1_REQUEST).secureDocument("not json")));
        assertEquals(DecodeResult.INNER_NOT_JSON, decode(ChoriaMessage.of(Form.V1_REQUEST).secureDocument("")));
        assertEquals(DecodeResult.INNER_NOT_JSON, decode(ChoriaMessage.of(Form.V1_REQUEST).innerDocument("{\"protocol\":")));
        assertEquals(DecodeResult.INNER_NOT_JSON, decode(ChoriaMessage.of(Form.V2_REPLY).innerDocument("{} {}")));
        assertEquals(DecodeResult.INNER_NOT_JSON, decode(ChoriaMessage.of(Form.V2_REQUEST).secureDocument("{\"protocol\":\"io.choria.protocol.v2.secure_request\"")));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectMissingFields(final Form form)
    {
        final boolean v1 = m(form).v1();
        final boolean request = kindOf(form) == IngestProtocol.REQUEST;
        final String id = v1 ? "requestid" : (request ? "id" : "request");
        final String sender = v1 ? "senderid" : "sender";
        for (final String field : new String[] {id, sender, "time"})
        {
            assertEquals(DecodeResult.MISSING_FIELD, decode(m(form).without(field)), field);
            assertEquals(DecodeResult.MISSING_FIELD, decode(m(form).field(field, "null")), field + " null");
        }
        final ChoriaMessage noMessage = m(form);
        noMessage.inner.remove("message");
        assertEquals(DecodeResult.MISSING_FIELD, decode(noMessage));
        final ChoriaMessage noData = m(form);
        noData.transport.remove("data");
        assertEquals(DecodeResult.MISSING_FIELD, decode(noData));
        final ChoriaMessage noBody = m(form);
        noBody.secure.remove(v1 ? "message" : (request ? "request" : "reply"));
        assertEquals(DecodeResult.MISSING_FIELD, decode(noBody));
        if (v1)
        {
            final ChoriaMessage noEnvelope = m(form);
            noEnvelope.inner.remove("envelope");
            assertEquals(DecodeResult.MISSING_FIELD, decode(noEnvelope));
            final ChoriaMessage nullEnvelope = m(form);
            nullEnvelope.inner.put("envelope", "null");
            assertEquals(DecodeResult.MISSING_FIELD, decode(nullEnvelope));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"time:\"1520088557\"", "time:1.5", "time:1e3", "time:9223372036854775808", "time:true", "time:{}",
        "senderid:5", "senderid:[\"a\"]", "requestid:{}", "ttl:\"60\"", "agent:1", "filter:[]", "filter:\"x\""})
    void shouldRejectWrongTypesInV1Envelope(final String member)
    {
        final int colon = member.indexOf(':');
        assertEquals(DecodeResult.WRONG_TYPE, decode(m(Form.V1_REQUEST).field(member.substring(0, colon), member.substring(colon + 1))));
    }

    @Test
    void shouldRejectWrongTypesInOtherLayers()
    {
        final ChoriaMessage envelope = m(Form.V1_REQUEST);
        envelope.inner.put("envelope", "[]");
        assertEquals(DecodeResult.WRONG_TYPE, decode(envelope));
        final ChoriaMessage headers = m(Form.V1_REQUEST);
        headers.transport.put("headers", "5");
        assertEquals(DecodeResult.WRONG_TYPE, decode(headers));
        final ChoriaMessage data = m(Form.V2_REQUEST);
        data.transport.put("data", "[]");
        assertEquals(DecodeResult.WRONG_TYPE, decode(data));
        assertEquals(DecodeResult.WRONG_TYPE, decode(m(Form.V2_REQUEST).field("message", "12")));
        assertEquals(DecodeResult.WRONG_TYPE, decode(m(Form.V2_REPLY).field("time", "\"5\"")));
        assertEquals(DecodeResult.WRONG_TYPE, decode(m(Form.V2_REPLY).field("sender", "false")));
    }

    @Test
    void shouldPreferSyntaxErrorOverWrongTypeAsGoChecksSyntaxFirst()
    {
        assertEquals(DecodeResult.NOT_JSON, decode(IngestProtocol.REQUEST, "{\"protocol\":5,\"x\":}".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectEmptySender(final Form form)
    {
        assertEquals(DecodeResult.EMPTY_SENDER, decode(m(form).field(m(form).v1() ? "senderid" : "sender", "\"\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web 1", "web1*", "web1.>", ">", "*", "a..b", ".a", "a.", ".", "a\\tb", "a\\nb", "a\\u0000b", "a\\u007fb",
        "a\\u001bb", "\\u0020"})
    void shouldRejectSenderThatIsNotSubjectTokens(final String sender)
    {
        assertEquals(DecodeResult.BAD_SENDER, decode(m(Form.V1_REQUEST).field("senderid", "\"" + sender + "\"")));
        assertEquals(DecodeResult.BAD_SENDER, decode(m(Form.V2_REQUEST).field("sender", "\"" + sender + "\"")));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldAcceptSenderOfTheLongestDnsName(final Form form)
    {
        final String sender = "a".repeat(SubjectTokens.MAX_SENDER_BYTES);
        assertEquals(DecodeResult.OK, decode(m(form).field(m(form).v1() ? "senderid" : "sender", quote(sender))));
        assertEquals(sender, text(out.sender(), out.senderLength()));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectSenderLongerThanADnsNameBeforeCopyingIt(final Form form)
    {
        final String field = m(form).v1() ? "senderid" : "sender";
        assertEquals(DecodeResult.SENDER_TOO_LONG, decode(m(form).field(field, quote("a".repeat(SubjectTokens.MAX_SENDER_BYTES + 1)))));
        // two-byte characters: 200 of them are 400 bytes
        assertEquals(DecodeResult.SENDER_TOO_LONG, decode(m(form).field(field, quote("\u00e9".repeat(200)))));
        // escaped, each \\u0061 is one byte: 256 bytes written in 1,536
        assertEquals(DecodeResult.SENDER_TOO_LONG, decode(m(form).field(field, "\"" + "\\u0061".repeat(256) + "\"")));
        // the 700 KB sender of the report: refused without growing a fresh message's sender buffer
        final byte[] input = m(form).field(field, quote("a".repeat(700 * 1024))).bytes();
        final DecodedMessage fresh = new DecodedMessage();
        assertEquals(DecodeResult.SENDER_TOO_LONG, new TransportDecoder(kindOf(form), 8 << 20).decode(input, 0, input.length, fresh));
        assertEquals(64, fresh.sender().length, "the sender buffer kept its initial size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web1", "web-1_a.ldn.example.net", "n\u00e9ud.example", "a.b.c.d", "123"})
    void shouldAcceptSenderThatIsSubjectTokens(final String sender)
    {
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("senderid", quote(sender))));
        assertEquals(sender, text(out.sender(), out.senderLength()));
    }

    @Test
    void shouldRejectEmptyRequestId()
    {
        assertEquals(DecodeResult.EMPTY_REQUEST_ID, decode(m(Form.V1_REPLY).field("requestid", "\"\"")));
        assertEquals(DecodeResult.EMPTY_REQUEST_ID, decode(m(Form.V2_REPLY).field("request", "\"\"")));
    }

    /** Unbounded, each publisher would keep the longest id seen for every message it has in flight. */
    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldRejectARequestIdLongerThan255BytesBeforeCopyingIt(final Form form)
    {
        final String field = m(form).v1() ? "requestid" : form == Form.V2_REPLY ? "request" : "id";
        assertEquals(DecodeResult.OK, decode(m(form).field(field, quote("f".repeat(MsgIdHeader.MAX_ID_BYTES)))));
        assertEquals(DecodeResult.REQUEST_ID_TOO_LONG, decode(m(form).field(field, quote("f".repeat(MsgIdHeader.MAX_ID_BYTES + 1)))));
        assertEquals(DecodeResult.REQUEST_ID_TOO_LONG, decode(m(form).field(field, "\"" + "\\u0066".repeat(256) + "\"")));
        // escaped short enough to pass the length of the raw text, too long once unescaped
        assertEquals(DecodeResult.REQUEST_ID_TOO_LONG, decode(m(form).field(field, "\"" + "\\u0066".repeat(200) + "f".repeat(56) + "\"")));
        final byte[] input = m(form).field(field, quote("f".repeat(500 * 1024))).bytes();
        final DecodedMessage fresh = new DecodedMessage();
        assertEquals(DecodeResult.REQUEST_ID_TOO_LONG, new TransportDecoder(kindOf(form), 8 << 20).decode(input, 0, input.length, fresh));
        assertEquals(64, fresh.requestId().length, "the request id buffer kept its initial size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"caf\u00e9", "two words", "a\r\nNats-Expected-Stream: x", "tab\there", "nul\u0000"})
    void shouldRejectRequestIdThatCannotBeAMsgIdHeaderValue(final String requestId)
    {
        assertEquals(DecodeResult.BAD_REQUEST_ID, decode(m(Form.V1_REQUEST).field("requestid", quote(requestId))));
        assertEquals(DecodeResult.BAD_REQUEST_ID, decode(m(Form.V2_REPLY).field("request", quote(requestId))));
    }

    @Test
    void shouldAcceptAnyVisibleAsciiRequestId()
    {
        final StringBuilder visible = new StringBuilder();
        for (char c = 0x21; c <= 0x7e; c++)
        {
            visible.append(c);
        }
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("requestid", quote(visible.toString()))));
        assertEquals(visible.toString(), text(out.requestId(), out.requestIdLength()));
    }

    @Test
    void shouldRejectV1TimesGoCannotPrint()
    {
        assertEquals(DecodeResult.BAD_TIME, decode(m(Form.V1_REQUEST).field("time", Long.toString(TransportDecoder.MIN_SECONDS - 1))));
        assertEquals(DecodeResult.BAD_TIME, decode(m(Form.V1_REQUEST).field("time", Long.toString(TransportDecoder.MAX_SECONDS + 1))));
        assertEquals(DecodeResult.BAD_TIME, decode(m(Form.V1_REQUEST).field("time", Long.toString(Long.MIN_VALUE))));
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("time", Long.toString(TransportDecoder.MIN_SECONDS))));
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("time", Long.toString(TransportDecoder.MAX_SECONDS))));
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("time", "-0")));
        assertEquals(DecodeResult.OK, decode(m(Form.V2_REQUEST).field("time", Long.toString(Long.MIN_VALUE))));
        assertEquals(DecodeResult.OK, decode(m(Form.V2_REQUEST).field("time", Long.toString(Long.MAX_VALUE))));
    }

    @Test
    void shouldLetTheLastDuplicateKeyWin()
    {
        final ChoriaMessage m = m(Form.V2_REQUEST);
        final String json = m.innerJson();
        final String doubled = json.substring(0, json.length() - 1) + ",\"sender\":\"second.example\",\"time\":7}";
        assertEquals(DecodeResult.OK, decode(m.innerDocument(doubled)));
        assertEquals("second.example", text(out.sender(), out.senderLength()));
        assertEquals(7 / 1_000_000_000L, out.timeSeconds());
        assertEquals(7, out.timeNanos());
    }

    @Test
    void shouldMatchKeysIgnoringCaseAndFoldingAsGoDoes()
    {
        final ChoriaMessage m = m(Form.V1_REQUEST);
        m.envelope.remove("senderid");
        m.envelope.put("SenderID", quote("upper.example"));
        assertEquals(DecodeResult.OK, decode(m));
        assertEquals("upper.example", text(out.sender(), out.senderLength()));

        final ChoriaMessage escaped = m(Form.V1_REQUEST);
        escaped.envelope.remove("senderid");
        escaped.envelope.put("\u017fenderId", quote("folded.example"));
        assertEquals(DecodeResult.OK, decode(escaped));
        assertEquals("folded.example", text(out.sender(), out.senderLength()));

        final ChoriaMessage v2 = m(Form.V2_REQUEST);
        v2.innerDocument(v2.innerJson().replace("\"sender\":", "\"\\u0053\\u0065nder\":"));
        assertEquals(DecodeResult.OK, decode(v2));
        final ChoriaMessage dotless = m(Form.V2_REQUEST);
        dotless.innerDocument(dotless.innerJson().replace("\"time\":", "\"t\\u0131me\":"));
        assertEquals(DecodeResult.MISSING_FIELD, decode(dotless), "Go folds dotless i only to itself (unicode.SimpleFold)");
        final ChoriaMessage dotted = m(Form.V2_REQUEST);
        dotted.innerDocument(dotted.innerJson().replace("\"time\":", "\"t\u0130me\":"));
        assertEquals(DecodeResult.MISSING_FIELD, decode(dotted), "nor dotted capital I");
        // so a look-alike beside the real member cannot name another sender, as it cannot for Choria
        final ChoriaMessage lookAlike = m(Form.V1_REQUEST);
        lookAlike.envelope.put("sender\u0131d", quote("other.example"));
        assertEquals(DecodeResult.OK, decode(lookAlike));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
        final ChoriaMessage other = m(Form.V2_REQUEST);
        other.innerDocument(other.innerJson().replace("\"time\":", "\"t\\u00eeme\":"));
        assertEquals(DecodeResult.MISSING_FIELD, decode(other), "i with circumflex is another letter");

        final ChoriaMessage protocol = m(Form.V2_REPLY);
        protocol.transport.remove("protocol");
        protocol.transport.put("PROTOCOL", quote("io.choria.protocol.v2.transport"));
        assertEquals(DecodeResult.OK, decode(protocol));

        final ChoriaMessage unrelated = m(Form.V1_REQUEST);
        unrelated.envelope.remove("senderid");
        unrelated.envelope.put("sender\u00e9id", quote("x"));
        assertEquals(DecodeResult.MISSING_FIELD, decode(unrelated));
    }

    @Test
    void shouldIgnoreNullForStringsAndMergeRepeatedEnvelopesAsGoDoes()
    {
        final ChoriaMessage m = m(Form.V1_REQUEST);
        final String json = m.innerJson();
        // senderid given, then null (ignored); a second envelope merges into the first
        final String merged = json.substring(0, json.length() - 1)
            + ",\"envelope\":{\"senderid\":null,\"requestid\":\"merged\"}}";
        assertEquals(DecodeResult.OK, decode(m.innerDocument(merged)));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
        assertEquals("merged", text(out.requestId(), out.requestIdLength()));

        final ChoriaMessage reset = m(Form.V1_REQUEST);
        final String resetJson = json.substring(0, json.length() - 1) + ",\"envelope\":null,\"envelope\":{\"requestid\":\"r\",\"time\":1}}";
        assertEquals(DecodeResult.MISSING_FIELD, decode(reset.innerDocument(resetJson)));
    }

    @Test
    void shouldUnescapeStringsAsGoDoes()
    {
        // escapes, a surrogate pair, a lone surrogate and an invalid byte all in one sender
        assertEquals(DecodeResult.OK, decode(m(Form.V1_REQUEST).field("senderid", "\"w\\u0065b1.\\ud83d\\ude00.\\ud800x.\\udc00\\ud800\"")));
        assertEquals("web1.\ud83d\ude00.\ufffdx.\ufffd\ufffd", text(out.sender(), out.senderLength()));
    }

    @Test
    void shouldReplaceInvalidUtf8InStringsWithReplacementCharacter()
    {
        final ChoriaMessage m = m(Form.V2_REQUEST);
        final byte[] inner = m.innerJson().replace("\"sender\":\"web1.ldn.example.net\"", "\"sender\":\"web1.X\"")
            .getBytes(StandardCharsets.ISO_8859_1);
        final int x = indexOf(inner, (byte) 'X');
        inner[x] = (byte) 0xFF;
        m.secure.put("request", quote(Base64.getEncoder().encodeToString(inner)));
        assertEquals(DecodeResult.OK, decode(m));
        assertEquals("web1.\ufffd", text(out.sender(), out.senderLength()));
    }

    private static int indexOf(final byte[] bytes, final byte b)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == b)
            {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldIgnoreUnknownMembersAndOptionalHeaders()
    {
        final ChoriaMessage m = m(Form.V1_REQUEST);
        m.transport.remove("headers");
        m.transport.put("zz", "[{\"a\":[1,2,{\"b\":null}]},true,false,-1.5e-3,\"s\"]");
        m.secure.put("extra", "{}");
        m.inner.put("more", "[]");
        m.envelope.put("unknown", "{\"deep\":{\"x\":[]}}");
        assertEquals(DecodeResult.OK, decode(m));
        final ChoriaMessage nullHeaders = m(Form.V2_REQUEST);
        nullHeaders.transport.put("headers", "null");
        assertEquals(DecodeResult.OK, decode(nullHeaders));
    }

    @Test
    void shouldDecodeManyMessagesWithOneDecoderAndReleaseBurstBuffers()
    {
        final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);
        final byte[] big = ChoriaMessage.v2Request("big.example", "r", 1, new byte[300_000]).bytes();
        final byte[] small = ChoriaMessage.of(Form.V2_REQUEST).bytes();
        assertEquals(DecodeResult.OK, decoder.decode(big, 0, big.length, out));
        assertEquals(300_000, out.dataLength());
        assertEquals(DecodeResult.OK, decoder.decode(small, 0, small.length, out));
        assertEquals(ChoriaMessage.SENDER, text(out.sender(), out.senderLength()));
        assertEquals(true, out.data().length <= ScratchBuffer.RETAINED_BYTES, "burst buffer released");
        final DecodedMessage copy = new DecodedMessage();
        copy.copyFrom(out);
        assertEquals(out.toString(), copy.toString());
        assertEquals(out.senderHash(), copy.senderHash());
    }

    @Test
    void shouldLabelResults()
    {
        assertEquals("bad_sender", DecodeResult.BAD_SENDER.label());
        assertEquals(DropReason.INVALID, DecodeResult.NOT_JSON.dropReason());
        assertEquals(null, DecodeResult.OK.dropReason());
    }

    /** What a decode gave, for comparing two decodes of the same message. */
    private String decoded(final ChoriaMessage m)
    {
        assertEquals(DecodeResult.OK, decode(m));
        return text(out.sender(), out.senderLength()) + "|" + text(out.requestId(), out.requestIdLength()) + "|"
            + out.timeSeconds() + "|" + out.timeNanos() + "|" + text(out.data(), out.dataLength()) + "|" + out.version();
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldGuessTheEndOfTheDataGoWritesBeforeTheHeadersOrAtTheEnd(final Form form)
    {
        final ChoriaMessage m = ChoriaMessage.of(form);
        final String withHeaders = new String(m.bytes(), StandardCharsets.ISO_8859_1);
        assertEquals(withHeaders.indexOf("\",\"headers\":"), TransportDecoder.dataEndGuess(m.bytes(), 0, m.bytes().length));
        // v2 omits empty headers: the data string then closes the document
        m.transport.remove("headers");
        final byte[] alone = m.bytes();
        assertEquals(alone.length - 2, TransportDecoder.dataEndGuess(alone, 0, alone.length));
        assertEquals('"', alone[alone.length - 2]);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void shouldDecodeMembersInAnyOrderAsInGosOrder(final Form form)
    {
        final ChoriaMessage go = ChoriaMessage.of(form);
        final String expected = decoded(go);
        final String data = go.transport.remove("data");
        final String protocol = go.transport.remove("protocol");
        // headers first, data last: the guess lands on the data's quote only by the document's end
        go.transport.put("protocol", protocol);
        go.transport.put("data", data);
        assertEquals(expected, decoded(go), "data last");
        // data first, protocol last: the document ends in a quote that is not the data's
        go.transport.clear();
        go.transport.put("data", data);
        go.transport.put("headers", "{\"reply\":\"YWJj\"}");
        go.transport.put("protocol", protocol);
        assertEquals(expected, decoded(go), "protocol last");
        // a headers member inside the headers, as no Go transport writes it
        go.transport.clear();
        go.transport.put("protocol", protocol);
        go.transport.put("data", data);
        go.transport.put("headers", "{\"x\":{\"a\":\"b\",\"headers\":{}}}");
        assertEquals(expected, decoded(go), "a nested headers member");
    }
}
