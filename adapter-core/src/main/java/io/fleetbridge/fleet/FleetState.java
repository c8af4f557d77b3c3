package io.fleetbridge.fleet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One adapter's fleet view kept across a restart ({@code fleet.state_file}): the tracker's table written to a file,
 * and loaded at start, so that what happened while the daemon was down is advised as the Stream Replicator advises it
 * after its own restart from its state file: a late node that came back, {@code recover}; an expired one, or one first
 * seen then, {@code new}.
 *
 * <p>Layout, big-endian, version {@link #VERSION}: the magic {@code FBFS}, the version, the adapter and its
 * {@code stream.topic} (each an unsigned 16-bit length and UTF-8), the warn and inspect durations (ms), the time written
 * (ms), the stream sequence of the last registration read, the node count; per node, its id (a length byte and UTF-8),
 * first and last seen (ms), last size, and its state with what it owes (one byte, as {@link NodeTable} keeps them); last,
 * the CRC-32 of all that.
 *
 * <p>Written to a temporary file beside it, forced to the disk, then renamed over it, so that a crash leaves the old
 * file or the new one, whole. Read twice: once to check it whole (its checksum, and its header against this adapter's
 * settings, since states decided under other durations or of another stream are not this view's), then to load it; so
 * a file refused leaves the tracker as it was.
 *
 * <p>Not thread safe: the thread that owns the tracker (the reader's) writes and loads it. Each call allocates its
 * buffers, nothing per node. Logs what a load did, and a write's failure once until one succeeds again.
 */
public final class FleetState
{
    /** The layout's version: a file of another is refused, and the view rebuilt from the stream alone. */
    static final int VERSION = 1;

    /** How often the file is written, at a scan (and when the reader stops). */
    public static final long WRITE_INTERVAL_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(FleetState.class);
    private static final int MAGIC = 0x46424653; // "FBFS"
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final String adapter;
    private final String topic;
    private final long warnMs;
    private final long inspectMs;
    private long nextWriteMs;
    private boolean failing;

    public FleetState(final Path file, final String adapter, final String topic, final long warnMs, final long inspectMs)
    {
        this.file = file;
        this.adapter = adapter;
        this.topic = topic;
        this.warnMs = warnMs;
        this.inspectMs = inspectMs;
    }

    /**
     * Loads the file into {@code tracker} as {@link #load} does, and says what it did; a file refused is counted in
     * {@code counters} and said once, naming the file and why.
     */
    public void restore(final FleetTracker tracker, final FleetCounters counters, final long nowMs)
    {
        final Restore restore = load(tracker, nowMs);
        if (restore.loaded())
        {
            LOG.info("fleet {}: restored {} of the {} nodes of {}, written {} s ago after stream sequence {}; the rebuild advises "
                + "what changed since", adapter, restore.restored(), restore.nodes(), file, (nowMs - restore.writtenMs()) / 1000,
                restore.lastSequence());
        }
        else if (restore.refused() != null)
        {
            counters.stateRefused.increment();
            LOG.warn("fleet {}: state file {} is not used: {}. The view is rebuilt from the stream alone, so nodes that came back "
                + "or appeared while the daemon was down are not advised; the file is written anew once it is", adapter, file,
                restore.refused());
        }
        else
        {
            LOG.info("fleet {}: no state file {} yet: the view is rebuilt from the stream alone", adapter, file);
        }
    }

    /** Puts the next {@link #writeIfDue} off for {@link #WRITE_INTERVAL_MS}. */
    public void writeLater(final long nowMs)
    {
        nextWriteMs = nowMs + WRITE_INTERVAL_MS;
    }

    /** {@link #write(FleetTracker, FleetCounters, long, long)} when {@link #WRITE_INTERVAL_MS} has passed since the last. */
    public void writeIfDue(final FleetTracker tracker, final FleetCounters counters, final long nowMs, final long lastSequence)
    {
        if (nowMs >= nextWriteMs)
        {
            write(tracker, counters, nowMs, lastSequence);
        }
    }

    /** Writes the file; a failure is counted in {@code counters}, and said once until a write succeeds again. */
    public void write(final FleetTracker tracker, final FleetCounters counters, final long nowMs, final long lastSequence)
    {
        writeLater(nowMs);
        final long startNs = System.nanoTime();
        try
        {
            write(tracker, nowMs, lastSequence);
            LOG.debug("fleet {}: wrote {} nodes to {} in {} ms", adapter, tracker.size(), file, (System.nanoTime() - startNs) / 1_000_000);
            if (failing)
            {
                failing = false;
                LOG.info("fleet {}: state file {} written again", adapter, file);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            counters.stateWriteErrors.increment();
            if (!failing)
            {
                failing = true;
                LOG.warn("fleet {}: cannot write state file {}: {}; tried again every {} s, and a restart meanwhile restores the "
                    + "last one written", adapter, file, ex.toString(), WRITE_INTERVAL_MS / 1000);
            }
        }
    }

    /** Writes every node of {@code tracker}, replacing the file whole or not at all. */
    public void write(final FleetTracker tracker, final long nowMs, final long lastSequence) throws IOException
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        final NodeTable table = tracker.table();
        final byte[] id = new byte[NodeTable.MAX_ID_BYTES];
        final CRC32 crc = new CRC32();
        try (FileOutputStream stream = new FileOutputStream(temporary.toFile()))
        {
            final DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(stream, BUFFER_BYTES), crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeText(out, adapter);
            writeText(out, topic);
            out.writeLong(warnMs);
            out.writeLong(inspectMs);
            out.writeLong(nowMs);
            out.writeLong(lastSequence);
            out.writeInt(table.size());
            for (int slot = 0; slot < table.capacity(); slot++)
            {
                if (table.used(slot))
                {
                    final int length = table.copyId(slot, id);
                    out.writeByte(length);
                    out.write(id, 0, length);
                    out.writeLong(table.firstSeenMs(slot));
                    out.writeLong(table.lastSeenMs(slot));
                    out.writeInt(table.sizeBytes(slot));
                    out.writeByte(table.state(slot) | table.owed(slot));
                }
            }
            out.flush();
            // the checksum is not part of what it sums: written past the checked stream
            final long sum = crc.getValue();
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                stream.write((int)(sum >>> shift));
            }
            stream.getFD().sync();
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // the rename is durable once the directory is
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ))
        {
            directory.force(true);
        }
    }

    /**
     * Loads the file into {@code tracker}, which should be empty, and begins its restore ({@link FleetTracker#startRestore});
     * its first scan forgets the nodes too old to keep, as any scan does. Never throws: a file missing, unreadable,
     * corrupt, of another version or of other settings is refused, says why, and leaves the tracker as it was (unless
     * another process changes the file between the two passes).
     */
    public Restore load(final FleetTracker tracker)
    {
        return load(tracker, Long.MIN_VALUE);
    }

    /**
     * As {@link #load(FleetTracker)}, leaving out the nodes late or expired more than twice the inspect duration before
     * {@code nowMs}: the first scan would forget them anyway, and until then they could fill the view and leave live nodes
     * the rebuild reads untracked. A node alive when written is kept however old, so that one the rebuild reads again is
     * not new. {@link Long#MIN_VALUE} leaves none out.
     */
    public Restore load(final FleetTracker tracker, final long nowMs)
    {
        try
        {
            final Header header = pass(null, nowMs);
            final String mismatch = header.mismatch(this);
            if (mismatch != null)
            {
                return Restore.refused(mismatch);
            }
            tracker.startRestore();
            final Header loaded = pass(tracker, nowMs);
            return Restore.loaded(loaded.nodes, loaded.restored, loaded.writtenMs, loaded.lastSequence);
        }
        catch (final NoSuchFileException ex)
        {
            return Restore.MISSING;
        }
        catch (final EOFException ex)
        {
            return Restore.refused("it is truncated");
        }
        catch (final Corrupt ex)
        {
            return Restore.refused(ex.getMessage());
        }
        catch (final IOException ex)
        {
            return Restore.refused("it cannot be read: " + ex);
        }
    }

    /** Reads the whole file: checks it with no tracker, loads it into one. */
    private Header pass(final FleetTracker tracker, final long nowMs) throws IOException
    {
        final CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES))
        {
            final DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readInt() != MAGIC)
            {
                throw new Corrupt("it is not a fleet state file");
            }
            final int version = in.readInt();
            if (version != VERSION)
            {
                throw new Corrupt("it is of version " + version + ", and this daemon reads version " + VERSION);
            }
            final Header header = new Header(readText(in), readText(in), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readInt());
            if (header.nodes < 0)
            {
                throw new Corrupt("it is corrupt (a count of " + header.nodes + " nodes)");
            }
            final byte[] id = new byte[NodeTable.MAX_ID_BYTES];
            for (int i = 0; i < header.nodes; i++)
            {
                final int length = in.readUnsignedByte();
                in.readFully(id, 0, length);
                final long firstSeenMs = in.readLong();
                final long lastSeenMs = in.readLong();
                final int sizeBytes = in.readInt();
                final int stateAndOwed = in.readUnsignedByte();
                final int state = stateAndOwed & ~(NodeTable.OWES_TIMEOUT | NodeTable.OWES_EXPIRE);
                if (length == 0 || state > NodeState.EXPIRED)
                {
                    throw new Corrupt("it is corrupt (node " + i + ": " + (length == 0 ? "an empty id" : "state " + stateAndOwed) + ")");
                }
                final boolean forgotten = nowMs != Long.MIN_VALUE && state != NodeState.ALIVE && FleetTracker.beyondKeeping(nowMs - lastSeenMs, inspectMs);
                if (tracker != null && !forgotten && tracker.restore(id, length, firstSeenMs, lastSeenMs, sizeBytes, (byte)state,
                    stateAndOwed & (NodeTable.OWES_TIMEOUT | NodeTable.OWES_EXPIRE)))
                {
                    header.restored++;
                }
            }
            final long sum = crc.getValue();
            final long written = Integer.toUnsignedLong(new DataInputStream(raw).readInt());
            if (written != sum)
            {
                throw new Corrupt("it is corrupt (its checksum does not match)");
            }
            if (raw.read() >= 0)
            {
                throw new Corrupt("it is corrupt (bytes past its end)");
            }
            return header;
        }
    }

    private static void writeText(final DataOutputStream out, final String text) throws IOException
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static String readText(final DataInputStream in) throws IOException
    {
        final byte[] utf8 = new byte[in.readUnsignedShort()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** What a file's header says, and how many of its nodes a load took. */
    private static final class Header
    {
        final String adapter;
        final String topic;
        final long warnMs;
        final long inspectMs;
        final long writtenMs;
        final long lastSequence;
        final int nodes;
        int restored;

        Header(final String adapter, final String topic, final long warnMs, final long inspectMs, final long writtenMs,
            final long lastSequence, final int nodes)
        {
            this.adapter = adapter;
            this.topic = topic;
            this.warnMs = warnMs;
            this.inspectMs = inspectMs;
            this.writtenMs = writtenMs;
            this.lastSequence = lastSequence;
            this.nodes = nodes;
        }

        /** Why these nodes are not the view of {@code state}'s adapter, or null. */
        String mismatch(final FleetState state)
        {
            if (!adapter.equals(state.adapter) || !topic.equals(state.topic))
            {
                return "it was written for adapter " + adapter + " reading " + topic + ", not adapter " + state.adapter + " reading "
                    + state.topic;
            }
            if (warnMs != state.warnMs || inspectMs != state.inspectMs)
            {
                return "it was written with warn and inspect durations of " + warnMs + " and " + inspectMs + " ms, not "
                    + state.warnMs + " and " + state.inspectMs + " ms, and its nodes' states were decided by them";
            }
            return null;
        }
    }

    /** A file whose content is not a state this daemon can load. */
    private static final class Corrupt extends IOException
    {
        private static final long serialVersionUID = 1L;

        Corrupt(final String why)
        {
            super(why);
        }
    }

    /**
     * What {@link #load} did: nothing ({@link #MISSING}), refused the file ({@link #refused()} says why), or restored
     * {@code restored} of its {@code nodes} nodes (the others known already, or beyond the view's limits).
     */
    public record Restore(String refused, int nodes, int restored, long writtenMs, long lastSequence)
    {
        /** No file: the view is rebuilt from the stream alone, as with no {@code fleet.state_file}. */
        public static final Restore MISSING = new Restore(null, -1, 0, 0, 0);

        static Restore refused(final String why)
        {
            return new Restore(why, -1, 0, 0, 0);
        }

        static Restore loaded(final int nodes, final int restored, final long writtenMs, final long lastSequence)
        {
            return new Restore(null, nodes, restored, writtenMs, lastSequence);
        }

        /** Whether the file was loaded (even with no node left to restore). */
        public boolean loaded()
        {
            return refused == null && nodes >= 0;
        }
    }
}
