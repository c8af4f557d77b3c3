package io.fleetbridge.adapter;

import io.nats.client.Options;
import io.nats.client.impl.SocketDataPortWithWriteTimeout;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The socket of a stream connection, which tells its publisher thread that replies have arrived
 * without a thread of ours in between: when the client's reader thread comes back for more bytes
 * after a read that returned some, it has parsed them and queued every reply they held on the
 * publisher's acknowledgement subscription ({@link AckInbox}), and this port runs the connection's
 * signal before it reads again. A parked publisher then reads its acknowledgements at once,
 * rather than at its next message or its timeout, the hop that kept the tail of ingest-to-ack
 * behind the same-work bridge's, whose futures the client completes as acknowledgements arrive.
 *
 * <p>jnats builds a data port by class name ({@link Options.Builder#dataPortType}) with no
 * argument, and hands it the connection's {@link Options} in {@link #afterConstruct}; so the
 * signal is registered against those options ({@link #build}), looked up there, and forgotten
 * with them (weak keys, compared by identity: {@code Options} keeps {@code Object}'s). A port
 * whose options have no signal behaves as jnats' own (the default one, with its write timeout).
 *
 * <p>Threading: {@link #build} on the connecting thread before the connection is made;
 * {@link #read} on the client's reader thread only, as jnats calls it. Allocates nothing per read.
 */
public final class ReplyWakingDataPort extends SocketDataPortWithWriteTimeout
{
    private static final Runnable NOTHING = () -> { };
    private static final Map<Options, Runnable> SIGNALS = Collections.synchronizedMap(new WeakHashMap<>());

    private Runnable signal = NOTHING;
    /** The last read returned bytes, which the reader has parsed by the time it reads again: reader thread only. */
    private boolean delivered;

    /**
     * Connecting thread: the options {@code builder} makes, with this port, its every socket
     * running {@code signal} on the reader thread once the replies of a read are queued.
     */
    static Options build(final Options.Builder builder, final Runnable signal)
    {
        final Options options = builder.dataPortType(ReplyWakingDataPort.class.getName()).build();
        SIGNALS.put(options, signal);
        return options;
    }

    @Override
    public void afterConstruct(final Options options)
    {
        super.afterConstruct(options);
        signal = SIGNALS.getOrDefault(options, NOTHING);
    }

    @Override
    public int read(final byte[] dst, final int off, final int len) throws IOException
    {
        if (delivered)
        {
            delivered = false;
            signal.run();
        }
        final int read = super.read(dst, off, len);
        delivered = read > 0;
        return read;
    }
}
