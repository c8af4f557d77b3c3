package io.fleetbridge.daemon;

import java.util.List;

/**
 * The configuration cannot be used. Holds every problem found, each one line that names the
 * key, the value found and what is allowed, fit to print as the daemon's last words before it
 * exits. The message is the one problem, or all of them one per line after a count.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(final String message)
    {
        super(message);
        this.problems = List.of(message);
    }

    public ConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several problems at once; at least one. */
    ConfigException(final List<String> problems)
    {
        super(problems.size() == 1 ? problems.get(0)
            : problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one line each, in the order found. */
    public List<String> problems()
    {
        return problems;
    }

    /** {@code key = "value": detail}, the shape of every value error. */
    static ConfigException badValue(final String key, final String value, final String detail)
    {
        return new ConfigException(key + " = " + quote(value) + ": " + detail);
    }

    static String quote(final String value)
    {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
