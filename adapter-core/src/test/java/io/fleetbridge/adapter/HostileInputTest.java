package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetbridge.adapter.ChoriaMessage.Form;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inputs built to exhaust the stack or the heap must be refused cheaply. */
class HostileInputTest
{
    private static final int NESTING = 200_000;

    private final DecodedMessage out = new DecodedMessage();
    private final TransportDecoder decoder = new TransportDecoder(IngestProtocol.REQUEST);

    private DecodeResult decode(final String input)
    {
        final byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length, out);
    }

    @Test
    void shouldRefuseTopLevelNestingWithoutStackOverflow()
    {
        assertEquals(DecodeResult.TOO_DEEP, decode("[".repeat(NESTING) + "]".repeat(NESTING)));
        assertEquals(DecodeResult.TOO_DEEP, decode("[".repeat(NESTING)));
        assertEquals(DecodeResult.TOO_DEEP, decode("{\"protocol\":\"choria:transport:1\",\"headers\":" + "{\"a\":".repeat(NESTING)));
    }

    @Test
    void shouldRefuseNestingInsideDataWithoutStackOverflow()
    {
        final ChoriaMessage secure = ChoriaMessage.of(Form.V1_REQUEST).secureDocument("[".repeat(NESTING) + "]".repeat(NESTING));
        assertEquals(DecodeResult.TOO_DEEP, decode(secure.transportJson()));
        final ChoriaMessage filter = ChoriaMessage.of(Form.V2_REQUEST).field("filter", "{\"fact\":" + "[".repeat(NESTING) + "]".repeat(NESTING) + "}");
        assertEquals(DecodeResult.TOO_DEEP, decode(filter.transportJson()));
        final ChoriaMessage envelope = ChoriaMessage.of(Form.V1_REQUEST).field("x", "[".repeat(NESTING / 4) + "]".repeat(NESTING / 4));
        assertEquals(DecodeResult.TOO_DEEP, decode(envelope.transportJson()));
    }

    @Test
    void shouldRefuseHugeStringAboveLimitAndCopeWithOneBelowIt()
    {
        final String huge = "x".repeat(2 * TransportDecoder.DEFAULT_MAX_INPUT_BYTES);
        assertEquals(DecodeResult.TOO_LARGE, decode("{\"protocol\":\"" + huge + "\"}"));
        final ChoriaMessage big = ChoriaMessage.of(Form.V1_REQUEST);
        big.transport.put("padding", "\"" + "y".repeat(900_000) + "\"");
        assertEquals(DecodeResult.OK, decode(big.transportJson()));
        assertEquals(DecodeResult.NOT_JSON, decode("{\"protocol\":\"" + "z".repeat(1_000_000)));
    }

    @Test
    void shouldBoundMemoryOfManyInvalidUtf8BytesInV1Strings()
    {
        final byte[] bytes = ChoriaMessage.of(Form.V1_REQUEST).bytes();
        final byte[] invalid = new byte[bytes.length + 300_000];
        System.arraycopy(bytes, 0, invalid, 0, bytes.length - 1);
        invalid[bytes.length - 1] = ',';
        invalid[bytes.length] = '"';
        invalid[bytes.length + 1] = 'k';
        invalid[bytes.length + 2] = '"';
        invalid[bytes.length + 3] = ':';
        invalid[bytes.length + 4] = '"';
        java.util.Arrays.fill(invalid, bytes.length + 5, invalid.length - 2, (byte) 0xFF);
        invalid[invalid.length - 2] = '"';
        invalid[invalid.length - 1] = '}';
        assertEquals(DecodeResult.OK, decoder.decode(invalid, 0, invalid.length, out));
    }
}
