package io.fleetbridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetbridge.adapter.AdapterConfig;

/** check's stop-timeout warning follows the unit as installed, so that raising TimeoutStopSec silences it. */
class StopTimeoutTest
{
    @TempDir
    Path dir;

    private final AdapterConfig drainsAMinute = AdapterConfig.builder("reg").streamServers(List.of("nats://s:4222"))
        .ingestServers(List.of("nats://s:4222")).ingestTopic("x").drainTimeoutMs(60_000).build();

    @Test
    void shouldTakeTheShippedUnitWhenNoneIsInstalled()
    {
        assertEquals(StopTimeout.SHIPPED, StopTimeout.installed(List.of(dir.resolve("etc"), dir.resolve("lib"))));
        assertNotNull(StopTimeout.warning(drainsAMinute, StopTimeout.SHIPPED), "80 s does not fit the shipped 60 s");
    }

    @Test
    void shouldFollowTheInstalledUnitAndItsDropInsLastFirst() throws Exception
    {
        final Path etc = Files.createDirectories(dir.resolve("etc"));
        final Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve(StopTimeout.UNIT), "[Service]\nTimeoutStopSec=60\n");
        final Path dropIns = Files.createDirectories(etc.resolve(StopTimeout.UNIT + ".d"));
        Files.writeString(dropIns.resolve("10-first.conf"), "[Service]\nTimeoutStopSec=1min 30s\n");
        Files.writeString(dropIns.resolve("20-raised.conf"), "[Service]\nTimeoutStopSec = 2min\n");

        final StopTimeout.Limit limit = StopTimeout.installed(List.of(etc, lib));
        assertEquals(120_000, limit.ms());
        assertEquals(dropIns.resolve("20-raised.conf").toString(), limit.source());
        assertNull(StopTimeout.warning(drainsAMinute, limit), "raised in the unit: no warning");
    }

    @Test
    void shouldTakeSystemdsDefaultForAnInstalledUnitThatSetsNone() throws Exception
    {
        final Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve(StopTimeout.UNIT), "[Service]\nExecStart=/opt/fleetbridge/bin/fleetbridge run\n");
        assertEquals(StopTimeout.SYSTEMD_DEFAULT_MS, StopTimeout.installed(List.of(etc)).ms());
    }

    @Test
    void shouldReadSystemdTimeSpans()
    {
        assertEquals(90_000, StopTimeout.spanMs("90"));
        assertEquals(90_000, StopTimeout.spanMs("1min 30s"));
        assertEquals(150_000, StopTimeout.spanMs("2min30s"));
        assertEquals(500, StopTimeout.spanMs("500ms"));
        assertEquals(7_200_000, StopTimeout.spanMs("2h"));
        assertEquals(Long.MAX_VALUE, StopTimeout.spanMs("infinity"));
        assertEquals(-1, StopTimeout.spanMs("soon"));
        assertEquals(-1, StopTimeout.spanMs(""));
    }
}
