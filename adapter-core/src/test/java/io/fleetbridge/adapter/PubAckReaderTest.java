package io.fleetbridge.adapter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PubAckReaderTest
{
    private final PubAckReader reader = new PubAckReader();

    @Test
    void shouldReadPubAcksAsTheServerWritesThem()
    {
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"S\", \"seq\":7}");
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"S\", \"domain\":\"hub\", \"seq\":7}");
        assertOutcome(AckWindow.DUPLICATE, "{\"stream\":\"S\", \"seq\":7,\"duplicate\": true}");
        assertOutcome(AckWindow.DUPLICATE, "{\"stream\":\"S\",\"seq\":7,\"duplicate\":true}");
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"S\",\"seq\":7,\"duplicate\":false}");
    }

    @Test
    void shouldNotMistakeAStreamOrDomainNamedLikeAMemberForThatMember()
    {
        // the substring reading took each of these for an error (or a duplicate)
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"error\", \"seq\":1}");
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"S\", \"domain\":\"error\", \"seq\":1}");
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"duplicate\", \"seq\":1}");
        assertOutcome(AckWindow.DUPLICATE, "{\"stream\":\"error\", \"seq\":1,\"duplicate\": true}");
        assertOutcome(AckWindow.ACKED, "{\"stream\":\"code\", \"domain\":\"503\", \"seq\":1}");
    }

    @Test
    void shouldTellAnUnavailableStreamFromARefusal()
    {
        assertOutcome(AckWindow.UNAVAILABLE,
            "{\"error\":{\"code\":503,\"err_code\":10039,\"description\":\"jetstream not enabled\"},\"stream\":\"S\",\"seq\":0}");
        assertOutcome(AckWindow.REJECTED,
            "{\"error\":{\"code\":400,\"err_code\":10060,\"description\":\"expected stream does not match\"},\"stream\":\"S\",\"seq\":0}");
        // only the error's own code counts, not a number in its description or a nested member
        assertOutcome(AckWindow.REJECTED,
            "{\"error\":{\"description\":\"\\\"code\\\":503\",\"detail\":{\"code\":503},\"code\":500},\"stream\":\"S\",\"seq\":0}");
        assertOutcome(AckWindow.REJECTED, "{\"error\":{\"description\":\"no code\"}}");
    }

    @Test
    void shouldRejectWhatIsNotAPubAck()
    {
        assertOutcome(AckWindow.REJECTED, "");
        assertOutcome(AckWindow.REJECTED, "not json");
        assertOutcome(AckWindow.REJECTED, "{\"seq\":7}");
        assertOutcome(AckWindow.REJECTED, "{\"stream\":7}");
        assertOutcome(AckWindow.REJECTED, "{\"stream\":\"S\",\"seq\":7");
        assertOutcome(AckWindow.REJECTED, "{\"stream\":\"S\"} trailing");
        assertOutcome(AckWindow.REJECTED, "{\"x\":" + "[".repeat(100) + "]}");
        assertEquals(AckWindow.REJECTED, reader.outcome(null));
    }

    private void assertOutcome(final int expected, final String reply)
    {
        assertEquals(expected, reader.outcome(reply.getBytes(StandardCharsets.UTF_8)), reply);
    }
}
