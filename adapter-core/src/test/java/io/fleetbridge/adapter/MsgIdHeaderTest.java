package io.fleetbridge.adapter;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MsgIdHeaderTest
{
    private static final String ID = "5f0c1b6e8a2d4c3b9e7f1a0d2c4b6e8f";
    /** What a read-only header may not do; the base class refuses these. */
    private static final Set<String> MUTATORS = Set.of("add", "put", "remove", "clear");

    @Test
    void shouldSerialiseExactlyAsJnatsSerialisesTheSameHeader()
    {
        final Headers plain = new Headers().put("Nats-Msg-Id", ID);
        final MsgIdHeader header = header(ID);

        assertArrayEquals(plain.getSerialized(), header.getSerialized());
        assertEquals(plain.serializedLength(), header.serializedLength());
        assertEquals(plain.serializedLength(), MsgIdHeader.serializedLength(ID.length()));
        final byte[] expected = new byte[plain.serializedLength() + 7];
        final byte[] actual = new byte[expected.length];
        assertEquals(plain.serializeToArray(5, expected), header.serializeToArray(5, actual), "length written");
        assertArrayEquals(expected, actual, "written at the offset asked, nothing else touched");
    }

    @Test
    void shouldReadLikeAPlainHeaderWithTheSameContent()
    {
        final Headers plain = new Headers().put("Nats-Msg-Id", ID);
        final MsgIdHeader header = header(ID);

        assertTrue(header.isReadOnly(), "so jnats keeps it instead of copying it");
        assertFalse(header.isEmpty());
        assertEquals(plain.size(), header.size());
        for (final String key : List.of("Nats-Msg-Id", "nats-msg-id", "Other"))
        {
            assertEquals(plain.containsKey(key), header.containsKey(key), key);
            assertEquals(plain.containsKeyIgnoreCase(key), header.containsKeyIgnoreCase(key), key);
            assertEquals(plain.get(key), header.get(key), key);
            assertEquals(plain.getFirst(key), header.getFirst(key), key);
            assertEquals(plain.getLast(key), header.getLast(key), key);
            assertEquals(plain.getIgnoreCase(key), header.getIgnoreCase(key), key);
        }
        assertEquals(plain.keySet(), header.keySet());
        assertEquals(plain.keySetIgnoreCase(), header.keySetIgnoreCase());
        assertEquals(plain.entrySet(), header.entrySet());
        assertEquals(plain.toMap(), header.toMap());
        assertEquals(plain.toString(), header.toString());
        assertEquals(plain.hashCode(), header.hashCode());
        assertTrue(header.equals(plain));
        final Map<String, List<String>> seen = new LinkedHashMap<>();
        header.forEach(seen::put);
        assertEquals(plain.toMap(), seen);
    }

    @Test
    void shouldRefuseEveryChange()
    {
        final MsgIdHeader header = header(ID);
        assertThrows(UnsupportedOperationException.class, () -> header.put("Nats-Msg-Id", "other"));
        assertThrows(UnsupportedOperationException.class, () -> header.add("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> header.remove("Nats-Msg-Id"));
        assertThrows(UnsupportedOperationException.class, header::clear);
        assertEquals(ID, header.getFirst("Nats-Msg-Id"));
    }

    @Test
    void shouldAnswerEveryReaderOfTheJnatsHeaderItself()
    {
        // A reader this class does not override would see the base class's empty maps: a header
        // without an id. A jnats upgrade that adds one must fail here, not publish without ids.
        final List<String> missing = new ArrayList<>();
        for (final Method method : Headers.class.getDeclaredMethods())
        {
            final int modifiers = method.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)
                || MUTATORS.contains(method.getName()) || method.getName().equals("isReadOnly"))
            {
                continue;
            }
            try
            {
                MsgIdHeader.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            }
            catch (final NoSuchMethodException ex)
            {
                missing.add(method.getName() + Arrays.toString(method.getParameterTypes()));
            }
        }
        assertEquals(List.of(), missing, "readers of jnats' Headers that MsgIdHeader does not answer");
    }

    @Test
    void shouldTakeANewIdOfAnyLength()
    {
        final MsgIdHeader header = header(ID);
        assertEquals(ID, header.getFirst("Nats-Msg-Id"), "read once, so a cached plain copy exists");
        final String longer = "x".repeat(200);
        header.set(longer.getBytes(StandardCharsets.US_ASCII), longer.length());
        assertEquals(longer, header.getFirst("Nats-Msg-Id"));
        assertArrayEquals(new Headers().put("Nats-Msg-Id", longer).getSerialized(), header.getSerialized());
        header.set("abc".getBytes(StandardCharsets.US_ASCII), 3);
        assertArrayEquals(new Headers().put("Nats-Msg-Id", "abc").getSerialized(), header.getSerialized());
    }

    @Test
    void shouldRefuseAnIdThatWouldBreakTheHeaderAndKeepTheOneItHad()
    {
        // jnats validates the values of its own headers; this one writes bytes as they are, so it checks them
        final MsgIdHeader header = header(ID);
        for (final String bad : List.of("a\r\nNats-Expected-Stream:x", "with space", "tab\t", "caf\u00e9"))
        {
            final byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertFalse(MsgIdHeader.canCarry(bytes, bytes.length), bad);
            assertThrows(IllegalArgumentException.class, () -> header.set(bytes, bytes.length), bad);
            assertEquals(ID, header.getFirst("Nats-Msg-Id"), "unchanged after refusing " + bad);
        }
        assertTrue(MsgIdHeader.canCarry(bytes("~!0aZ"), 5));
    }

    private static MsgIdHeader header(final String id)
    {
        final MsgIdHeader header = new MsgIdHeader();
        header.set(bytes(id), id.length());
        return header;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
