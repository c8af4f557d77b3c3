package io.fleetbridge.bench.rig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;

/**
 * A load-source connection that writes the core NATS protocol itself, on the sender's thread:
 * {@code PUB <subject> <length>} and the transport, built in place in one buffer, written with one
 * {@code write} per {@link #push()}. Nothing is copied per message and no other thread wakes for
 * it, where jnats' {@code publish} copies the body into its queue and wakes its writer thread.
 *
 * <p>The rig's fleet stands in for servers on other machines, yet it runs on the CPU that the
 * system under test runs on; with jnats it took 0.29 to 0.34 of that CPU at 18k msgs/s, more than
 * half of what the adapter itself used, and this link 0.19 to 0.23 (the history of docs/benchmarks.md): less of
 * what the latency points measure is the rig.
 *
 * <p>It connects without credentials or TLS, as the rig's own server allows, and refuses a server
 * that asks for either. A reader thread ({@code io}) answers the server's {@code PING}s, counts
 * {@code PONG}s for {@link #flush} and keeps the first {@code -ERR}; it wakes only for those.
 *
 * <p>Threads: {@link #send}, {@link #push} and {@link #flush} on one sender thread; {@link #close}
 * from any. Allocates nothing per message.
 */
final class SocketSourceLink implements SourceLink
{
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final RegistrationTransports messages;
    private final RegistrationTransports.Scratch scratch;
    private final byte[] controlLine;
    private final int recordBytes;
    private final ByteBuffer out;
    private final Object writeLock = new Object();
    private final Object replies = new Object();
    private long pingsSent;

    // guarded by replies
    private String info;
    private long pongs;
    private String error;
    private boolean ended;

    private SocketSourceLink(final SocketChannel channel, final RegistrationTransports messages, final String subject)
    {
        this.channel = channel;
        this.messages = messages;
        this.scratch = messages.newScratch();
        this.controlLine = ("PUB " + subject + " " + messages.transportBytes() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.recordBytes = controlLine.length + messages.transportBytes() + CRLF.length;
        this.out = ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, recordBytes));
    }

    /**
     * Connects to {@code url} ({@code nats://host:port}) as {@code name}, ready to send the cell's transports on
     * {@code subject}; the reader thread comes from {@code io}.
     */
    static SocketSourceLink open(final String url, final String name, final RegistrationTransports messages,
        final String subject, final ThreadFactory io) throws Exception
    {
        final URI uri = URI.create(url);
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int)CONNECT_TIMEOUT.toMillis());
            channel.socket().setTcpNoDelay(true);
            final SocketSourceLink link = new SocketSourceLink(channel, messages, subject);
            io.newThread(link::read).start();
            link.handshake(url, name);
            return link;
        }
        catch (final Exception ex)
        {
            channel.close();
            throw ex;
        }
    }

    private void handshake(final String url, final String name) throws Exception
    {
        final String serverInfo = awaitInfo();
        if (serverInfo.contains("\"tls_required\":true") || serverInfo.contains("\"auth_required\":true"))
        {
            throw new IllegalStateException("the server at " + url + " asks for TLS or credentials, which the socket load"
                + " source does not speak; run the rig with --source jnats");
        }
        final String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"java\",\"version\":\"rig\","
            + "\"protocol\":1,\"name\":\"" + name + "\"}\r\n";
        write(ByteBuffer.wrap(connect.getBytes(StandardCharsets.US_ASCII)));
        flush(CONNECT_TIMEOUT);
    }

    private String awaitInfo() throws InterruptedException, TimeoutException
    {
        final long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        synchronized (replies)
        {
            while (info == null)
            {
                failIfEnded();
                final long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0)
                {
                    throw new TimeoutException("no INFO from the server within " + CONNECT_TIMEOUT);
                }
                replies.wait(Math.max(1, leftNs / 1_000_000));
            }
            return info;
        }
    }

    @Override
    public void send(final long seq) throws IOException
    {
        if (out.remaining() < recordBytes)
        {
            push();
        }
        out.put(controlLine);
        messages.putTransport(seq, scratch, out);
        out.put(CRLF);
    }

    @Override
    public void push() throws IOException
    {
        if (out.position() == 0)
        {
            return;
        }
        out.flip();
        write(out);
        out.clear();
    }

    @Override
    public void flush(final Duration timeout) throws Exception
    {
        push();
        write(ByteBuffer.wrap(PING));
        final long expected = ++pingsSent;
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (replies)
        {
            while (pongs < expected)
            {
                failIfEnded();
                final long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0)
                {
                    throw new TimeoutException("the server did not answer PING within " + timeout);
                }
                replies.wait(Math.max(1, leftNs / 1_000_000));
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close(); // ends the reader's blocking read
        }
        catch (final IOException ignored)
        {
            // closing a socket the server may have closed first: nothing left to release
        }
    }

    /** Holding {@link #replies}: an {@code -ERR} or a closed connection ends every wait with its reason. */
    private void failIfEnded()
    {
        if (error != null)
        {
            throw new IllegalStateException("the server refused the load source: " + error);
        }
        if (ended)
        {
            throw new IllegalStateException("the server closed the load source's connection");
        }
    }

    private void write(final ByteBuffer bytes) throws IOException
    {
        synchronized (writeLock)
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }

    /** The reader thread: the server's control lines, until the connection ends. */
    private void read()
    {
        ByteBuffer in = ByteBuffer.allocate(4096);
        try
        {
            while (channel.read(in) >= 0)
            {
                in.flip();
                int lineStart = 0;
                for (int i = 1; i < in.limit(); i++)
                {
                    if (in.get(i - 1) == '\r' && in.get(i) == '\n')
                    {
                        line(new String(in.array(), lineStart, i - 1 - lineStart, StandardCharsets.US_ASCII));
                        lineStart = i + 1;
                    }
                }
                in.position(lineStart);
                in.compact();
                if (!in.hasRemaining())
                {
                    // a line longer than the buffer (a large INFO): keep all of it
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
            }
        }
        catch (final IOException ex)
        {
            // closed by close(), or by the server: either way the connection has ended
        }
        synchronized (replies)
        {
            ended = true;
            replies.notifyAll();
        }
    }

    private void line(final String line) throws IOException
    {
        if (line.startsWith("PING"))
        {
            write(ByteBuffer.wrap(PONG));
            return;
        }
        synchronized (replies)
        {
            if (line.startsWith("PONG"))
            {
                pongs++;
            }
            else if (line.startsWith("INFO"))
            {
                info = line;
            }
            else if (line.startsWith("-ERR") && error == null)
            {
                error = line;
            }
            replies.notifyAll();
        }
    }
}
