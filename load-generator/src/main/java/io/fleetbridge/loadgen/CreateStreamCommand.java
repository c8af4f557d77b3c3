package io.fleetbridge.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code load-generator create-stream}: makes the output stream for a quick start, if it is missing. */
@Command(name = "create-stream", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {"Creates the output stream (capturing every subject of --topic, 5 min duplicate window) if it does "
        + "not exist; an existing stream is left as it is.", ""})
final class CreateStreamCommand implements Callable<Integer>
{
    @Option(names = {"--stream-servers", "--servers"}, split = ",", paramLabel = "URL",
        description = "NATS servers with JetStream. Default: ${DEFAULT-VALUE}")
    private List<String> servers = List.of("nats://127.0.0.1:4222");

    @Option(names = "--stream", paramLabel = "NAME", description = "Stream name. Default: ${DEFAULT-VALUE}")
    private String stream = LoadOptions.DEFAULT_STREAM;

    @Option(names = "--topic", paramLabel = "TEMPLATE",
        description = "The adapter's stream.topic; %%s is the sender. Default: ${DEFAULT-VALUE}")
    private String topic = LoadOptions.DEFAULT_TOPIC;

    @Option(names = "--storage", paramLabel = "file|memory", description = "Storage type. Default: ${DEFAULT-VALUE}")
    private String storage = "file";

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas (1, or 3 on a cluster). Default: ${DEFAULT-VALUE}")
    private int replicas = 1;

    @Override
    public Integer call() throws Exception
    {
        final StorageType type = "memory".equals(storage.toLowerCase(Locale.ROOT)) ? StorageType.Memory : StorageType.File;
        final Connection connection = Nats.connect(io.nats.client.Options.builder()
            .servers(servers.toArray(new String[0])).connectionName("loadgen-create-stream").build());
        try
        {
            final boolean created = OutputStream.ensure(connection.jetStreamManagement(), stream, topic, type, replicas);
            System.out.println((created ? "created stream " : "stream exists: ") + stream + " ("
                + OutputStream.subjectFor(topic) + ")");
            return 0;
        }
        finally
        {
            connection.close();
        }
    }
}
