package io.fleetbridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AdapterConfigTest
{
    private static AdapterConfig.Builder minimal()
    {
        return AdapterConfig.builder("reg")
            .type("jetstream")
            .streamServers(List.of("nats://stream:4222"))
            .ingestServers(List.of("nats://broker:4222"))
            .ingestTopic("choria.broadcast.agent.registration");
    }

    @Test
    void shouldApplyDefaultsForOptionalSettings()
    {
        final AdapterConfig config = minimal().build();

        assertEquals("reg", config.streamTopic());
        assertEquals(AdapterConfig.DEFAULT_QUEUE_LENGTH, config.queueLength());
        assertEquals(10, config.streamWorkers());
        assertEquals(10, config.ingestWorkers());
        assertEquals(IngestProtocol.REPLY, config.ingestProtocol());
        assertEquals(1024, config.maxInflight());
        assertEquals(2_000, config.ackTimeoutMs());
        assertEquals(300_000, config.retryForMs());
        assertEquals(1_048_576, config.ingestMaxBytes());
        assertEquals(65_536, config.signerCacheSize());
        assertEquals(10_000, config.drainTimeoutMs());
    }

    @Test
    void shouldRunAtMostOneWorkerPerProcessorOnEachSide()
    {
        final AdapterConfig capped = minimal().ingestWorkers(10).streamWorkers(10).workerLimit(2).build();
        assertEquals(10, capped.ingestWorkers(), "the configured count is kept for reporting");
        assertEquals(2, capped.ingestWorkersRunning());
        assertEquals(2, capped.streamWorkersRunning());

        final AdapterConfig fewer = minimal().ingestWorkers(1).streamWorkers(3).workerLimit(4).build();
        assertEquals(1, fewer.ingestWorkersRunning());
        assertEquals(3, fewer.streamWorkersRunning());

        assertEquals(Runtime.getRuntime().availableProcessors(), minimal().build().workerLimit());
        assertThrows(IllegalArgumentException.class, () -> minimal().workerLimit(0).build());
    }

    @Test
    void shouldRoundQueueLengthUpToPowerOfTwo()
    {
        assertEquals(1024, minimal().queueLength(1000).build().queueLength());
        assertEquals(1024, minimal().queueLength(1024).build().queueLength());
        assertEquals(1, minimal().queueLength(1).build().queueLength());
        assertEquals(2048, minimal().queueLength(1025).build().queueLength());
    }

    @Test
    void shouldKeepTheAcksInFlightExactlyAndRefuseMoreThanTheWindowHolds()
    {
        assertEquals(5000, minimal().maxInflight(5000).build().maxInflight(), "not rounded to a power of two");
        assertEquals(AdapterConfig.MAX_MAX_INFLIGHT, minimal().maxInflight(AdapterConfig.MAX_MAX_INFLIGHT).build().maxInflight());
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> minimal().maxInflight(AdapterConfig.MAX_MAX_INFLIGHT + 1).build());
        assertEquals("maxInflight must be from 1 to 65536: 65537", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> minimal().maxInflight(0).build());
    }

    @Test
    void shouldRefuseASignerCacheLargerThanOneCacheMayBe()
    {
        assertEquals(AdapterConfig.MAX_SIGNER_CACHE_SIZE, minimal().signerCacheSize(AdapterConfig.MAX_SIGNER_CACHE_SIZE).build().signerCacheSize());
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> minimal().signerCacheSize(AdapterConfig.MAX_SIGNER_CACHE_SIZE + 1).build());
        assertEquals("signerCacheSize must be from 1 to 1048576: 1048577", ex.getMessage());
    }

    @Test
    void shouldRefuseATopicWhoseSubjectsNoNatsPublishCanCarry()
    {
        final String topic = "choria.node_metadata." + "%s.".repeat(12) + "x";
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> minimal().streamTopic(topic).build());
        assertTrue(ex.getMessage().startsWith("streamTopic makes subjects of up to 3"), ex.getMessage());
        assertEquals(topic.replace("%s.", "").length(), minimal().streamTopic(topic.replace("%s.", "")).build().streamTopic().length());
    }

    @Test
    void shouldRefuseMissingServers()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> minimal().streamServers(List.of()).build());
        assertEquals("streamServers must name at least one server", ex.getMessage());
    }

    @Test
    void shouldRefuseZeroWorkers()
    {
        assertThrows(IllegalArgumentException.class, () -> minimal().streamWorkers(0).build());
    }

    @Test
    void shouldNotShareTheCallersServerList()
    {
        final List<String> servers = new java.util.ArrayList<>(List.of("nats://a:4222"));
        final AdapterConfig config = minimal().streamServers(servers).build();
        servers.add("nats://b:4222");

        assertEquals(List.of("nats://a:4222"), config.streamServers());
    }

    @Test
    void shouldDefaultToChoriasPrivilegedUsersAndBoundTheClockSkew()
    {
        final AdapterConfig config = minimal().build();
        assertEquals(List.of("\\.privileged.mcollective$", "\\.privileged.choria$"),
            config.privilegedUsers().stream().map(java.util.regex.Pattern::pattern).toList());
        assertEquals(AdapterConfig.DEFAULT_VERIFY_CLOCK_SKEW_MS, config.verifyClockSkewMs());
        assertEquals(0, minimal().verifyClockSkewMs(0).build().verifyClockSkewMs());
        assertThrows(IllegalArgumentException.class, () -> minimal().verifyClockSkewMs(-1).build());
        assertThrows(IllegalArgumentException.class,
            () -> minimal().verifyClockSkewMs(AdapterConfig.MAX_VERIFY_CLOCK_SKEW_MS + 1).build());
    }
}
