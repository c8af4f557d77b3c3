package io.fleetbridge.daemon.reliability;

import io.fleetbridge.adapter.TestMessages;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The inputs of one scenario: registration requests from a fleet of 97 nodes with unique request
 * ids ({@code <run>-<index>}), and a rotation of bad inputs for the mixed-traffic scenario.
 * Stateless after construction; safe on any thread.
 */
final class Inputs
{
    private static final byte[] PAYLOAD = "{\"facts\":{\"os\":\"linux\",\"cpus\":2}}".getBytes(StandardCharsets.UTF_8);
    /** Kinds of bad input, one per index modulo this count. */
    static final int BAD_KINDS = 6;
    /** Bad inputs of the last kind are larger than this, which the scenario sets as {@code ingest.max_bytes}. */
    static final int MAX_BYTES = 4096;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    String requestId(final int index)
    {
        return run + "-" + index;
    }

    byte[] good(final int index)
    {
        return TestMessages.v1Request("node-" + index % 97 + ".example.net", requestId(index), PAYLOAD);
    }

    /** Not JSON, truncated, wrong protocol, a sender that is no subject token, a request id no header can carry, or too large. */
    byte[] bad(final int index)
    {
        switch (index % BAD_KINDS)
        {
            case 0:
                return ("garbage " + index).getBytes(StandardCharsets.UTF_8);
            case 1:
                final byte[] good = good(index);
                return Arrays.copyOf(good, good.length / 2);
            case 2:
                return new String(good(index), StandardCharsets.UTF_8).replace("choria:transport:1", "choria:transport:9")
                    .getBytes(StandardCharsets.UTF_8);
            case 3:
                return TestMessages.v1Request("bad sender *", requestId(index), PAYLOAD);
            case 4:
                // valid in every other way, but no Nats-Msg-Id header can carry this id
                return TestMessages.v1Request("node-" + index % 97 + ".example.net", "caf\u00e9-" + requestId(index), PAYLOAD);
            default:
                return TestMessages.v1Request("big.example.net", requestId(index), new byte[MAX_BYTES]);
        }
    }
}
