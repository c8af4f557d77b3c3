package io.fleetbridge.daemon;

/**
 * The configuration cannot be used. The message is one line that names the key, the value
 * found and what is allowed, fit to print as the daemon's last words before it exits.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message)
    {
        super(message);
    }

    public ConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
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
