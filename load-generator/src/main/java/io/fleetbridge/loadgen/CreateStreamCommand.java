package io.fleetbridge.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code load-generator create-stream}: makes the output stream for a quick start, if it is missing. */
@Command(name = "create-stream", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = {"Creates the output stream (capturing every subject of --topic) if it does not exist, with the "
        + "defaults of the daemon's create-stream; an existing stream is left as it is.", ""})
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

    @Option(names = "--storage", paramLabel = "file|memory", converter = StorageText.class,
        description = "Storage type. Default: file")
    private StorageType storage = StorageType.File;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas (1, or 3 on a cluster). Default: ${DEFAULT-VALUE}")
    private int replicas = 1;

    @Option(names = "--duplicate-window", paramLabel = "DURATION", converter = DurationText.class,
        description = "At least the adapter's stream.retry_for. Default: 5m")
    private Duration duplicateWindow = OutputStream.DUPLICATE_WINDOW;

    @Option(names = "--max-msgs-per-subject", paramLabel = "N",
        description = "Messages kept per node (subject); 0 for no limit, for a small fleet sent at a high rate. Default: ${DEFAULT-VALUE}")
    private long maxMsgsPerSubject = OutputStream.MAX_MSGS_PER_SUBJECT;

    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationText.class,
        description = "How long a message is kept; 0 for no limit. Default: 7 days")
    private Duration maxAge = OutputStream.MAX_AGE;

    /** {@code file} or {@code memory}, any case; anything else refused rather than taken as file. */
    static final class StorageText implements CommandLine.ITypeConverter<StorageType>
    {
        @Override
        public StorageType convert(final String value)
        {
            switch (value.toLowerCase(Locale.ROOT))
            {
                case "file": return StorageType.File;
                case "memory": return StorageType.Memory;
                default: throw new CommandLine.TypeConversionException("'" + value + "' is not file or memory");
            }
        }
    }

    @Override
    public Integer call() throws Exception
    {
        if (!topic.contains("%s"))
        {
            System.err.println("load-generator create-stream: --topic " + topic + " has no %s: the adapter's stream.topic "
                + "names each node's subject with it (such as choria.node_metadata.%s)");
            return 2;
        }
        final Connection connection = Nats.connect(io.nats.client.Options.builder()
            .servers(servers.toArray(new String[0])).connectionName("loadgen-create-stream").build());
        try
        {
            final boolean created = OutputStream.ensure(connection.jetStreamManagement(),
                OutputStream.configuration(stream, topic, storage, replicas, duplicateWindow, maxMsgsPerSubject, maxAge));
            if (created)
            {
                System.out.println("created stream " + stream + " (" + OutputStream.subjectFor(topic) + ")");
            }
            else
            {
                // its own subjects, not --topic's: an existing stream is left as it is
                System.out.println("stream exists, left as it is: " + stream + " "
                    + connection.jetStreamManagement().getStreamInfo(stream).getConfiguration().getSubjects());
            }
            return 0;
        }
        finally
        {
            connection.close();
        }
    }
}
