package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;

/**
 * The stream one variant fills, and the truth of what landed in it. Every variant gets a fresh
 * one with the same configuration (storage as asked, one replica, the duplicate window the rig
 * was given, 2 minutes unless told, no limits), deleted after its run to give the disk and
 * memory back.
 *
 * <p>"Landed" is the stream's last sequence number, which counts every message stored, so a
 * count never depends on what a client thinks it sent. Not thread safe: the rig's driving
 * thread uses it, through its own management connection.
 */
final class RigStream implements AutoCloseable
{
    /** The server's default, and what Choria's own stream suggestions use. */
    static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private final JetStreamManagement jsm;
    private final String name;

    private RigStream(final JetStreamManagement jsm, final String name)
    {
        this.jsm = jsm;
        this.name = name;
    }

    /** Creates stream {@code name} capturing {@code subjectPrefix.>}. */
    static RigStream create(final Connection management, final String name, final String subjectPrefix, final StorageType storage,
        final Duration duplicateWindow)
        throws IOException, JetStreamApiException
    {
        final JetStreamManagement jsm = management.jetStreamManagement(
            JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build());
        jsm.addStream(StreamConfiguration.builder()
            .name(name)
            .subjects(subjectPrefix + ".>")
            .storageType(storage)
            .replicas(1)
            .duplicateWindow(duplicateWindow)
            .build());
        return new RigStream(jsm, name);
    }

    /** Messages stored so far: the last sequence number. */
    long landed() throws IOException, JetStreamApiException
    {
        return jsm.getStreamInfo(name).getStreamState().getLastSequence();
    }

    /** Waits until the count stops growing for {@code quiet}, up to {@code bound}; returns the count. */
    long settle(final Duration quiet, final Duration bound) throws IOException, JetStreamApiException, InterruptedException
    {
        final long deadline = System.nanoTime() + bound.toNanos();
        long last = landed();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
            final long now = landed();
            if (now != last)
            {
                last = now;
                stableSince = System.nanoTime();
            }
            else if (System.nanoTime() - stableSince >= quiet.toNanos())
            {
                break;
            }
        }
        return last;
    }

    @Override
    public void close() throws IOException, JetStreamApiException
    {
        jsm.deleteStream(name);
    }
}
