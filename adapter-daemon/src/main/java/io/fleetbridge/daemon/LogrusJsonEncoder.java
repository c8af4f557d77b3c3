package io.fleetbridge.daemon;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Log lines in the JSON the Choria Broker writes to its log file: logrus' {@code JSONFormatter},
 * which go-choria's {@code CommonLogOpener} ({@code choria/framework.go}) sets whenever
 * {@code logfile} is a file. One object per line, its keys in order as Go's {@code json.Marshal}
 * sorts a map's: {@code component} (the logger's class, where the broker names its subsystem),
 * {@code error} when an exception is logged, {@code level} as logrus names it ({@code debug},
 * {@code info}, {@code warning}, {@code error}), {@code msg}, {@code stack} with an exception, {@code thread}, and
 * {@code time} in RFC 3339 with milliseconds, in the host's zone. A collector that parses the
 * broker's lines by {@code level}, {@code msg} and {@code time} parses these.
 *
 * <p>Called by logback on the logging thread under the appender's lock; keeps no state.
 */
final class LogrusJsonEncoder extends EncoderBase<ILoggingEvent>
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    @Override
    public byte[] headerBytes()
    {
        return null;
    }

    @Override
    public byte[] encode(final ILoggingEvent event)
    {
        final StringBuilder line = new StringBuilder(256);
        line.append('{');
        field(line, "component", component(event.getLoggerName())).append(',');
        final IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null)
        {
            field(line, "error", thrown.getClassName() + ": " + thrown.getMessage()).append(',');
        }
        field(line, "level", level(event.getLevel())).append(',');
        field(line, "msg", event.getFormattedMessage()).append(',');
        if (thrown != null)
        {
            field(line, "stack", ThrowableProxyUtil.asString(thrown)).append(',');
        }
        field(line, "thread", event.getThreadName()).append(',');
        field(line, "time", TIME.format(Instant.ofEpochMilli(event.getTimeStamp())));
        line.append("}\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes()
    {
        return null;
    }

    /** The logger's simple class name: "Adapter" for io.fleetbridge.adapter.Adapter. */
    private static String component(final String logger)
    {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }

    /** logrus' names: WARN is "warning"; Choria's fatal is logged as ERROR here ({@link Logging}). */
    private static String level(final Level level)
    {
        return level == Level.WARN ? "warning" : level.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static StringBuilder field(final StringBuilder line, final String key, final String value)
    {
        line.append('"').append(key).append("\":\"");
        final String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        line.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }
}
