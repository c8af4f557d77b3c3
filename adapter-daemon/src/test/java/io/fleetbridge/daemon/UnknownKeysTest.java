package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class UnknownKeysTest
{
    @Test
    void shouldCountEditsIncludingSwaps()
    {
        assertEquals(0, UnknownKeys.editDistance("queue_len", "queue_len"));
        assertEquals(1, UnknownKeys.editDistance("queue_len", "queue_le"));
        assertEquals(1, UnknownKeys.editDistance("ingest", "ingset"));
        assertEquals(3, UnknownKeys.editDistance("kitten", "sitting"));
    }

    @Test
    void shouldSuggestOnlyWhatIsClose()
    {
        final List<String> known = List.of("plugin.choria.adapter.reg.stream.workers", "plugin.choria.adapter.reg.ingest.workers");

        assertEquals("plugin.choria.adapter.reg.stream.workers", UnknownKeys.nearest("plugin.choria.adapter.reg.stream.wrokers", known));
        assertNull(UnknownKeys.nearest("plugin.choria.adapter.reg.clusterid", known));
    }
}
