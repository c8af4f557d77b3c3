package io.fleetbridge.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.helpers.NOPAppender;

/**
 * Sets up logback from the Choria keys {@code loglevel} and {@code logfile}, in code, so that
 * the daemon needs no logback.xml and the broker's file stays the only configuration. Code
 * everywhere else logs through the slf4j API only.
 *
 * <p>Each line: ISO 8601 time with offset, level, thread, logger, message; or, with
 * {@code logformat = json}, one JSON object per line as the broker writes them ({@link LogrusJsonEncoder}). Rotation is left to
 * the platform (journald, or logrotate with copytruncate, since the file is kept open). Choria's
 * {@code fatal} maps to ERROR, the most severe level logback has. Call from the main thread at
 * start, before other threads log; calling again replaces the previous set-up.
 */
public final class Logging
{
    /** {@code logfile = stderr}: the log goes to standard error. */
    static final String STDERR = "stderr";
    /** {@code logfile = discard}: no log at all, as Choria. */
    static final String DISCARD = "discard";

    /** The layout of every line. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private Logging()
    {
    }

    /** As configured by {@code loglevel} and {@code logfile}. */
    public static void configure(final DaemonConfig config)
    {
        configure(config.logLevel(), config.logFile(), config.logFormat(), config.logFileKey());
    }

    /** As {@link #configure(String, String, String)} with text lines. */
    public static void configure(final String logLevel, final String logFile)
    {
        configure(logLevel, logFile, "text");
    }

    /**
     * @param logLevel debug, info, warn, error or fatal
     * @param logFile  a file to append to; empty for standard output
     * @param format   text ({@link #PATTERN}) or json (one JSON object per line, {@link LogrusJsonEncoder})
     * @throws ConfigException when the level is unknown or the file cannot be opened for appending
     */
    public static void configure(final String logLevel, final String logFile, final String format)
    {
        configure(logLevel, logFile, format, ConfigKeys.LOG_FILE.suffix());
    }

    /** As {@link #configure(String, String, String)}, naming {@code fileKey} when the file cannot be written. */
    static void configure(final String logLevel, final String logFile, final String format, final String fileKey)
    {
        final Level level = level(logLevel);
        if (isFile(logFile))
        {
            checkWritable(logFile, fileKey);
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext))
        {
            // another slf4j binding won the class path: leave it to its own configuration
            LoggerFactory.getLogger(Logging.class).warn("slf4j is not bound to logback; loglevel and logfile are not applied");
            return;
        }
        final LoggerContext context = (LoggerContext)LoggerFactory.getILoggerFactory();
        context.reset();

        final Encoder<ILoggingEvent> encoder = encoder(context, format);

        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        if (DISCARD.equals(logFile))
        {
            final NOPAppender<ILoggingEvent> nothing = new NOPAppender<>();
            nothing.setContext(context);
            nothing.start();
            root.addAppender(nothing);
            return;
        }
        final OutputStreamAppender<ILoggingEvent> appender;
        if (!isFile(logFile))
        {
            final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setName(logFile.isEmpty() ? "stdout" : STDERR);
            console.setTarget(logFile.isEmpty() ? "System.out" : "System.err");
            appender = console;
        }
        else
        {
            final FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setName("file");
            file.setFile(logFile);
            file.setAppend(true);
            appender = file;
        }
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted())
        {
            throw unwritable(fileKey, logFile, "");
        }

        root.addAppender(appender);
    }

    /**
     * The log's destination for a {@code logfile} value, as Choria's {@code CommonLogOpener} reads it
     * ({@code choria/framework.go}): {@code stdout}, {@code stderr} and {@code discard} (any case) are not
     * files. Empty for standard output, {@link #STDERR}, {@link #DISCARD}, or the value itself.
     */
    static String destination(final String logFile)
    {
        final String word = logFile.toLowerCase(Locale.ROOT);
        return switch (word)
        {
            case "stdout" -> "";
            case STDERR, DISCARD -> word;
            default -> logFile;
        };
    }

    /** Whether a destination from {@link #destination} is a file to write. */
    static boolean isFile(final String destination)
    {
        return !destination.isEmpty() && !STDERR.equals(destination) && !DISCARD.equals(destination);
    }

    private static Encoder<ILoggingEvent> encoder(final LoggerContext context, final String format)
    {
        if (format.equalsIgnoreCase("json"))
        {
            final LogrusJsonEncoder json = new LogrusJsonEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        if (!format.equalsIgnoreCase("text"))
        {
            throw ConfigException.badValue(ConfigKeys.LOG_FORMAT.suffix(), format, "expected " + ConfigKeys.LOG_FORMAT.expected());
        }
        final PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.setCharset(StandardCharsets.UTF_8);
        text.start();
        return text;
    }

    /** Writes out and closes the appenders; call last before the process halts. */
    public static void flush()
    {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext)
        {
            ((LoggerContext)LoggerFactory.getILoggerFactory()).stop();
        }
    }

    /** The logback level for a Choria log level. */
    static Level level(final String logLevel)
    {
        switch (logLevel.toLowerCase(Locale.ROOT))
        {
            case "debug": return Level.DEBUG;
            case "info": return Level.INFO;
            case "warn": return Level.WARN;
            case "error":
            case "fatal": return Level.ERROR;
            default: throw ConfigException.badValue(ConfigKeys.LOG_LEVEL.suffix(), logLevel, "expected " + ConfigKeys.LOG_LEVEL.expected());
        }
    }

    private static void checkWritable(final String logFile, final String fileKey)
    {
        // logback only reports a file it cannot open in its status list; say so before switching over
        try
        {
            Files.newOutputStream(Path.of(logFile), StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw unwritable(fileKey, logFile, " (" + ex + ")");
        }
    }

    /**
     * Whether this process could append to {@code logFile}, without creating it: for {@code check}, which must not
     * leave files behind. Null when it could, else the problem, naming {@code fileKey}.
     */
    static String unwritableProblem(final String logFile, final String fileKey)
    {
        final Path path = Path.of(logFile).toAbsolutePath();
        final Path parent = path.getParent();
        final boolean writable = Files.exists(path)
            ? Files.isRegularFile(path) && Files.isWritable(path)
            : parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
        return writable ? null : unwritable(fileKey, logFile, "").problems().get(0);
    }

    private static ConfigException unwritable(final String fileKey, final String logFile, final String cause)
    {
        return ConfigException.badValue(fileKey, logFile, "cannot write to it" + cause + "; make it (or its directory) "
            + "writable by the daemon's user, or set " + fileKey + " to a file it may write (the shipped systemd unit may "
            + "write only under /var/log/fleetbridge)");
    }
}
