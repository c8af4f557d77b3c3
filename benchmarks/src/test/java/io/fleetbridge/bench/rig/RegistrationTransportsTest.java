package io.fleetbridge.bench.rig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrationTransportsTest
{
    @ParameterizedTest
    @ValueSource(ints = {300, 301, 302, 303, 1024, 4096})
    void shouldBuildEnvelopesOfExactlyTheSizeAsked(final int size)
    {
        final RegistrationTransports messages = new RegistrationTransports(size, 10_000, 7);

        assertEquals(size, messages.envelope(0).length);
        assertEquals(size, messages.envelope(12_345).length);
    }

    @Test
    void shouldPatchRequestIdAndSenderIntoTheSecureRequest()
    {
        final RegistrationTransports messages = new RegistrationTransports(1024, 10_000, 0x0123456789abcdefL);
        final RegistrationTransports.Scratch scratch = messages.newScratch();

        final String request = innerRequest(messages.transport(10_042, scratch));

        assertTrue(request.contains("\"requestid\":\"0123456789abcdef000000000000273a\""), request);
        assertTrue(request.contains("\"senderid\":\"" + messages.senderOf(10_042) + "\""), request);
        assertEquals("n00042", messages.senderOf(10_042).substring(0, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 1024, 4096})
    void shouldPutTheSameBytesIntoABufferAsItReturnsInAnArray(final int size)
    {
        final RegistrationTransports messages = new RegistrationTransports(size, 1000, 9);
        final ByteBuffer buffer = ByteBuffer.allocate(messages.transportBytes() + 3).put((byte)'x');

        messages.putTransport(777, messages.newScratch(), buffer);

        assertEquals(1 + messages.transportBytes(), buffer.position(), "the whole transport, after what was there");
        assertArrayEquals(messages.transport(777, messages.newScratch()),
            Arrays.copyOfRange(buffer.array(), 1, 1 + messages.transportBytes()));
    }

    @Test
    void shouldGiveEveryMessageItsOwnRequestId()
    {
        final RegistrationTransports messages = new RegistrationTransports(300, 10, 1);
        final RegistrationTransports.Scratch scratch = messages.newScratch();

        assertNotEquals(innerRequest(messages.transport(1, scratch)), innerRequest(messages.transport(2, scratch)));
        assertEquals(32, messages.requestId(99).length());
    }

    @Test
    void shouldCarryThePayloadTheEnvelopeHoldsVerbatim()
    {
        final RegistrationTransports messages = new RegistrationTransports(4096, 100, 3);
        final String envelope = new String(messages.envelope(5), StandardCharsets.US_ASCII);
        final String data = envelope.substring(envelope.indexOf("\"data\":\"") + 8, envelope.indexOf("\",\"sender\""));

        assertTrue(innerRequest(messages.transport(5, messages.newScratch())).contains("\"message\":\"" + data + "\""));
        assertTrue(envelope.endsWith("\"time\":\"" + RegistrationTransports.TIME_TEXT + "\",\"requestid\":\""
            + messages.requestId(5) + "\"}"), envelope);
    }

    /** transport -> base64 data -> secure request -> its message string, unescaped. */
    private static String innerRequest(final byte[] transport)
    {
        final String text = new String(transport, StandardCharsets.US_ASCII);
        final String data = text.substring(text.indexOf("\"data\":\"") + 8, text.indexOf("\",\"headers\""));
        final String secure = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
        final String message = secure.substring(secure.indexOf("\"message\":\"") + 11, secure.indexOf("\",\"signature\""));
        return message.replace("\\\"", "\"");
    }
}
