package io.fleetbridge.bench.rig;

import io.nats.client.api.StorageType;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RigOptionsTest
{
    @Test
    void shouldRunEverySizeOnFileAndOneKibOnMemoryAndOnSeveralConnectionsByDefault()
    {
        assertEquals(List.of(
            new RigOptions.Group(300, StorageType.File, 1),
            new RigOptions.Group(1024, StorageType.File, 1),
            new RigOptions.Group(4096, StorageType.File, 1),
            new RigOptions.Group(1024, StorageType.Memory, 1),
            new RigOptions.Group(1024, StorageType.File, 2)), RigOptions.parse().plan());
    }

    @Test
    void shouldRunEveryCombinationWhenFull()
    {
        assertEquals(12, RigOptions.parse("--full").plan().size());
        assertEquals(2, RigOptions.parse("--sizes", "300", "--storage", "memory", "--connections", "1,4").plan().size());
    }

    @Test
    void shouldLeaveTheGoPortOutOfGroupsWithSeveralConnections()
    {
        final RigOptions options = RigOptions.parse();

        assertEquals(RigOptions.ALL_VARIANTS, options.variantsFor(new RigOptions.Group(300, StorageType.File, 1)));
        assertEquals(List.of("a", "b", "adapter"), options.variantsFor(new RigOptions.Group(300, StorageType.File, 2)));
    }

    @Test
    void shouldRefuseUnknownOptionsAndVariants()
    {
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--fast"));
        assertThrows(IllegalArgumentException.class, () -> RigOptions.parse("--variants", "a,c"));
    }
}
