package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fleetbridge.adapter.AdapterStream;
import io.fleetbridge.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import picocli.CommandLine;

/**
 * The load generator's {@code create-stream} makes the stream the daemon's {@code create-stream}
 * makes (the adapter's {@link AdapterStream}), on a real nats-server: the two share no main code,
 * so this is what keeps their defaults together.
 */
@SuppressWarnings("try")
class CreateStreamAgreementTest
{
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.single();

    @Test
    void shouldCreateWhatTheDaemonsCreateStreamCreatesByDefault() throws Exception
    {
        assertEquals(0, new CommandLine(new CreateStreamCommand()).execute("--stream-servers", NATS.url(),
            "--stream", "AGREE", "--topic", "agree.node_metadata.%s"));

        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamConfiguration made = nc.jetStreamManagement().getStreamInfo("AGREE").getConfiguration();
            // the adapter's default stream.retry_for is the window the daemon's create-stream asks for
            final AdapterStream daemons = AdapterStream.withDefaults("AGREE", "agree.node_metadata.%s",
                Duration.ofMillis(io.fleetbridge.adapter.AdapterConfig.DEFAULT_RETRY_FOR_MS));
            assertEquals(List.of(), daemons.differences(made));
        }
    }

    @Test
    void shouldCaptureDottedSendersWhereverTheTopicPutsThem() throws Exception
    {
        // a.*.b would store none of a.web1.example.net.b
        assertEquals(0, new CommandLine(new CreateStreamCommand()).execute("--stream-servers", NATS.url(),
            "--stream", "AGREE_MIDDLE", "--topic", "middle.%s.node_metadata"));

        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamConfiguration made = nc.jetStreamManagement().getStreamInfo("AGREE_MIDDLE").getConfiguration();
            final AdapterStream daemons = AdapterStream.withDefaults("AGREE_MIDDLE", "middle.%s.node_metadata",
                Duration.ofMillis(io.fleetbridge.adapter.AdapterConfig.DEFAULT_RETRY_FOR_MS));
            assertEquals(List.of(), daemons.differences(made));
            assertEquals(List.of("middle.>"), made.getSubjects());
        }
    }

    @Test
    void shouldTakeTheSameOverrides() throws Exception
    {
        assertEquals(0, new CommandLine(new CreateStreamCommand()).execute("--stream-servers", NATS.url(),
            "--stream", "AGREE_UNLIMITED", "--topic", "unlimited.%s", "--max-msgs-per-subject", "0", "--max-age", "0",
            "--duplicate-window", "10m"));

        try (Connection nc = Nats.connect(NATS.url()))
        {
            final StreamConfiguration made = nc.jetStreamManagement().getStreamInfo("AGREE_UNLIMITED").getConfiguration();
            final AdapterStream daemons = new AdapterStream("AGREE_UNLIMITED", "unlimited.%s", Duration.ofMinutes(10), 0,
                Duration.ZERO, io.nats.client.api.StorageType.File, 1);
            assertEquals(List.of(), daemons.differences(made));
        }
    }
}
