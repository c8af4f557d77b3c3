package io.fleetbridge.daemon;

import java.util.List;

/**
 * The configuration cannot be used. Holds every problem found, each one line that names the
 * key, the value found and what is allowed, fit to print as the daemon's last words before it
 * exits. The message is the one problem, or all of them one per line after a count.
 */
public final class ConfigException extends RuntimeException
{
    /** What precedes an {@code @} in a server entry: a user, a password, or both; never shown. */
    private static final java.util.regex.Pattern USERINFO = java.util.regex.Pattern.compile("(^|://|[\\s,])[^\\s,/@]+@");

    private static final long serialVersionUID = 1L;

    /** Always an immutable list of strings, which serialises; javac 21 and later cannot tell from the type. */
    @SuppressWarnings("serial")
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

    /**
     * An unknown key, named without its value: the fix is the key's name, and a misspelt password key would
     * otherwise put the password in the log and the journal.
     */
    static ConfigException unknownKey(final String key, final String detail)
    {
        return new ConfigException(key + ": " + detail);
    }

    /** A value quoted for a message, with the user and password of any {@code user:pass@host} in it masked. */
    static String quote(final String value)
    {
        final String shown = value.indexOf('@') < 0 ? value : USERINFO.matcher(value).replaceAll("$1***@");
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
