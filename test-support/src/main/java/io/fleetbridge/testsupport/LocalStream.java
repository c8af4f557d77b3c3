package io.fleetbridge.testsupport;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stream as one server reports it on its monitoring endpoint ({@code /jsz?streams=true}):
 * the leader that server knows of ({@code ""} for a stream that is not clustered), and the
 * messages and last sequence of its own replica. Immutable.
 *
 * <p>Reading replicas this way needs no client connection, so it works on a node that clients
 * cannot reach yet, and shows whether a restarted node has caught up.
 */
public record LocalStream(String name, String leader, long messages, long lastSequence)
{
    static Optional<LocalStream> find(final String jszJson, final String streamName)
    {
        final JsonValue root = JsonParser.parseUnchecked(jszJson);
        for (final JsonValue account : list(root, "account_details"))
        {
            for (final JsonValue stream : list(account, "stream_detail"))
            {
                if (streamName.equals(text(stream, "name")))
                {
                    final JsonValue state = field(stream, "state");
                    final JsonValue cluster = field(stream, "cluster");
                    return Optional.of(new LocalStream(
                        streamName,
                        cluster == null ? "" : Optional.ofNullable(text(cluster, "leader")).orElse(""),
                        number(state, "messages"),
                        number(state, "last_seq")));
                }
            }
        }
        return Optional.empty();
    }

    static String metaLeader(final String jszJson)
    {
        final JsonValue meta = field(JsonParser.parseUnchecked(jszJson), "meta_cluster");
        final String leader = meta == null ? null : text(meta, "leader");
        return leader == null ? "" : leader;
    }

    /** Number of meta group peers (other than the reporting leader) marked current. */
    static int currentMetaReplicas(final String jszJson)
    {
        int current = 0;
        for (final JsonValue replica : list(field(JsonParser.parseUnchecked(jszJson), "meta_cluster"), "replicas"))
        {
            final JsonValue flag = field(replica, "current");
            final JsonValue offline = field(replica, "offline");
            if (flag != null && Boolean.TRUE.equals(flag.bool) && (offline == null || !Boolean.TRUE.equals(offline.bool)))
            {
                current++;
            }
        }
        return current;
    }

    private static JsonValue field(final JsonValue object, final String key)
    {
        if (object == null)
        {
            return null;
        }
        final Map<String, JsonValue> map = object.map;
        return map == null ? null : map.get(key);
    }

    private static List<JsonValue> list(final JsonValue object, final String key)
    {
        final JsonValue value = field(object, key);
        return value == null || value.array == null ? List.of() : value.array;
    }

    private static String text(final JsonValue object, final String key)
    {
        final JsonValue value = field(object, key);
        return value == null ? null : value.string;
    }

    private static long number(final JsonValue object, final String key)
    {
        final JsonValue value = field(object, key);
        return value == null || value.number == null ? 0 : value.number.longValue();
    }
}
