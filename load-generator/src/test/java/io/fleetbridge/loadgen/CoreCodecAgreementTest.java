package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fleetbridge.adapter.DecodeResult;
import io.fleetbridge.adapter.DecodedMessage;
import io.fleetbridge.adapter.EnvelopeEncoder;
import io.fleetbridge.adapter.IngestProtocol;
import io.fleetbridge.adapter.TransportDecoder;

/**
 * The generator builds messages and expected envelopes from PROTOCOL.md on its own; here the
 * adapter's codec decodes those messages and encodes envelopes, and both must agree byte for byte.
 */
class CoreCodecAgreementTest
{
    @ParameterizedTest
    @EnumSource(WireProtocol.class)
    void shouldDecodeEveryGeneratedMessageToTheEnvelopeTheVerifierExpects(final WireProtocol protocol) throws Exception
    {
        final FleetMessages messages = new FleetMessages(new Fleet(100_000), SizeDistribution.parse("512-8192"),
            protocol, 0x00c0ffee00c0ffeeL, 1_700_000_000_987_654_321L, "jetstream", "choria.node_metadata.%s",
            protocol == WireProtocol.V1_REQUEST ? SigningIdentity.generate("codec.test") : null, false);
        final TransportDecoder decoder = new TransportDecoder(
            protocol == WireProtocol.V1_REPLY ? IngestProtocol.REPLY : IngestProtocol.REQUEST);
        final EnvelopeEncoder encoder = new EnvelopeEncoder("jetstream");
        final DecodedMessage decoded = new DecodedMessage();
        final ByteSink expected = new ByteSink(64);

        for (long seq = 0; seq < 500; seq++)
        {
            final int node = (int)(seq * 197 % 100_000);
            final long intendedNs = seq * 1_234_567L;
            final byte[] wire = messages.message(seq, node, intendedNs);

            assertEquals(DecodeResult.OK, decoder.decode(wire, 0, wire.length, decoded), "seq " + seq);
            messages.expectedEnvelope(seq, node, intendedNs, expected);
            assertArrayEquals(expected.toByteArray(), encoder.encode(decoded), "seq " + seq);
        }
    }
}
