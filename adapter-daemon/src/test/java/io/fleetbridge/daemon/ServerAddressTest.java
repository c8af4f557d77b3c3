package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerAddressTest
{
    @Test
    void shouldNormaliseToUrls()
    {
        assertEquals("nats://broker.example.net:4222", ServerAddress.normalise("broker.example.net:4222"));
        assertEquals("nats://broker:4222", ServerAddress.normalise("nats://broker:4222"));
        assertEquals("nats://broker:4222", ServerAddress.normalise("NATS://broker:4222/"));
        assertEquals("tls://broker:4443", ServerAddress.normalise("tls://broker:4443"));
        assertEquals("nats://10.0.0.1:4222", ServerAddress.normalise("10.0.0.1:4222"));
        assertEquals("nats://[::1]:4222", ServerAddress.normalise("[::1]:4222"));
    }

    @Test
    void shouldSayWhatIsWrongWithAnEntry()
    {
        assertEquals("entry \"broker\" has no port", message("broker"));
        assertEquals("entry \"[::1]\" has no port", message("[::1]"));
        assertEquals("entry \"broker:abc\" is not host:port", message("broker:abc"));
        assertEquals("entry \"broker:0\" has port 0 outside 1 to 65535", message("broker:0"));
        assertEquals("entry \"ws://broker:80\" has scheme ws://", message("ws://broker:80"));
        assertEquals("entry \"bro ker:4222\" is not host:port", message("bro ker:4222"));
    }

    private static String message(final String entry)
    {
        return assertThrows(IllegalArgumentException.class, () -> ServerAddress.normalise(entry)).getMessage();
    }
}
