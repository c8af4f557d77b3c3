package io.fleetbridge.bench.rig;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream one variant fills (one per lane of a {@link Cell}), and the truth of what landed in it. Every variant gets a fresh
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
    private final List<String> names;

    private RigStream(final JetStreamManagement jsm, final List<String> names)
    {
        this.jsm = jsm;
        this.names = List.copyOf(names);
    }

    /** Creates stream {@code name} capturing {@code subjectPrefix.>}. */
    static RigStream create(final Connection management, final String name, final String subjectPrefix, final StorageType storage,
        final Duration duplicateWindow)
        throws IOException, JetStreamApiException
    {
        final JetStreamManagement jsm = jetStream(management);
        add(jsm, name, subjectPrefix, storage, duplicateWindow);
        return new RigStream(jsm, List.of(name));
    }

    /** Creates the stream of each lane of {@code cell}; what landed is then the sum over them. */
    static RigStream create(final Connection management, final Cell cell, final Duration duplicateWindow)
        throws IOException, JetStreamApiException
    {
        final JetStreamManagement jsm = jetStream(management);
        final List<String> names = new ArrayList<>(cell.lanes());
        try
        {
            for (int i = 0; i < cell.lanes(); i++)
            {
                final Cell lane = cell.lane(i);
                add(jsm, lane.stream(), lane.subjectPrefix(), lane.storage(), duplicateWindow);
                names.add(lane.stream());
            }
        }
        catch (final IOException | JetStreamApiException | RuntimeException e)
        {
            // the lanes created so far would otherwise hold their subjects for the rest of the run
            new RigStream(jsm, names).closeQuietly(e);
            throw e;
        }
        return new RigStream(jsm, names);
    }

    private static JetStreamManagement jetStream(final Connection management) throws IOException
    {
        return management.jetStreamManagement(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build());
    }

    private static void add(final JetStreamManagement jsm, final String name, final String subjectPrefix, final StorageType storage,
        final Duration duplicateWindow) throws IOException, JetStreamApiException
    {
        jsm.addStream(StreamConfiguration.builder()
            .name(name)
            .subjects(subjectPrefix + ".>")
            .storageType(storage)
            .replicas(1)
            .duplicateWindow(duplicateWindow)
            .build());
    }

    /** Messages stored so far: the last sequence number, summed over the lanes' streams. */
    long landed() throws IOException, JetStreamApiException
    {
        long landed = 0;
        for (final String name : names)
        {
            landed += jsm.getStreamInfo(name).getStreamState().getLastSequence();
        }
        return landed;
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
        for (final String name : names)
        {
            jsm.deleteStream(name);
        }
    }

    private void closeQuietly(final Exception cause)
    {
        try
        {
            close();
        }
        catch (final IOException | JetStreamApiException | RuntimeException e)
        {
            cause.addSuppressed(e);
        }
    }
}
