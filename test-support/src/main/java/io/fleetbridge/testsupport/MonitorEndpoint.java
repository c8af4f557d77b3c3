package io.fleetbridge.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP monitoring port of one {@code nats-server} ({@code /healthz}, {@code /jsz}).
 *
 * <p>Each {@link #get} opens one HTTP/1.0 connection on the calling thread and closes it, so no
 * client threads or connection pools outlive the call (the JDK HTTP clients keep both). A
 * paused or dead server yields {@link Optional#empty()} after at most the timeout given to the
 * constructor, never an exception. Immutable and thread safe.
 */
public final class MonitorEndpoint
{
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final int port;
    private final int timeoutMs;

    MonitorEndpoint(final int port, final Duration timeout)
    {
        this.port = port;
        this.timeoutMs = (int)timeout.toMillis();
    }

    /** The status and body of one monitoring response. */
    public record Response(int status, String body)
    {
        public boolean isOk()
        {
            return status == 200;
        }
    }

    public int port()
    {
        return port;
    }

    /**
     * @param pathAndQuery e.g. {@code /jsz?streams=true}
     * @return the response, or empty if the server did not answer in time
     */
    public Optional<Response> get(final String pathAndQuery)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            final OutputStream out = socket.getOutputStream();
            // HTTP/1.0: the server closes the connection after the body, so reading to EOF is the framing
            out.write(("GET " + pathAndQuery + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Optional.of(parse(readAll(socket.getInputStream())));
        }
        catch (final IOException | RuntimeException e)
        {
            return Optional.empty();
        }
    }

    /** True if {@code /healthz} answers 200: clients are accepted and JetStream is current. */
    public boolean isHealthy()
    {
        return get("/healthz").map(Response::isOk).orElse(false);
    }

    private static String readAll(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1)
        {
            bytes.write(buffer, 0, n);
            if (bytes.size() > MAX_BODY_BYTES)
            {
                throw new IOException("monitoring response larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Response parse(final String raw) throws IOException
    {
        final int headerEnd = raw.indexOf("\r\n\r\n");
        final int lineEnd = raw.indexOf("\r\n");
        if (headerEnd < 0 || lineEnd < 0)
        {
            throw new IOException("not an HTTP response");
        }
        // status line: HTTP/1.x 200 OK
        final String[] statusLine = raw.substring(0, lineEnd).split(" ", 3);
        if (statusLine.length < 2)
        {
            throw new IOException("bad status line: " + raw.substring(0, lineEnd));
        }
        return new Response(Integer.parseInt(statusLine[1]), raw.substring(headerEnd + 4));
    }
}
