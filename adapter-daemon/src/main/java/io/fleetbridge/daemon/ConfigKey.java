package io.fleetbridge.daemon;

import java.util.Map;

/**
 * One configuration key, described once: its name, its default, what it means and what it
 * may hold. Validation reads values through it and the documentation is generated from it, so
 * the two cannot drift apart (after Aeron's {@code Configuration}).
 *
 * <p>A key is either global ({@code loglevel}) or belongs to an adapter, in which case its
 * name is {@code plugin.choria.adapter.<name>.} followed by its {@link #suffix()}. Its default
 * is one of three kinds: a literal value, read through the same {@link ValueType} as a value
 * from the file; computed by the caller (the host name, the adapter's name), when
 * {@link #read} returns null; or none, when the key is required. Immutable.
 *
 * @param <T> the value once read
 */
public final class ConfigKey<T>
{
    /** Every adapter key starts with this, then the adapter's name and a dot. */
    public static final String ADAPTER_PREFIX = "plugin.choria.adapter.";

    private final boolean perAdapter;
    private final String suffix;
    private final String defaultValue;
    private final String defaultText;
    private final boolean required;
    private final ValueType<T> type;
    private final String meaning;

    private ConfigKey(
        final boolean perAdapter, final String suffix, final String defaultValue, final String defaultText,
        final boolean required, final ValueType<T> type, final String meaning)
    {
        this.perAdapter = perAdapter;
        this.suffix = suffix;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.type = type;
        this.meaning = meaning;
    }

    static <T> ConfigKey<T> global(final String key, final String defaultValue, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(false, key, defaultValue, defaultValue, false, type, meaning);
    }

    static <T> ConfigKey<T> globalComputed(final String key, final String defaultText, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(false, key, null, defaultText, false, type, meaning);
    }

    static <T> ConfigKey<T> globalRequired(final String key, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(false, key, null, null, true, type, meaning);
    }

    static <T> ConfigKey<T> adapter(final String suffix, final String defaultValue, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(true, suffix, defaultValue, defaultValue, false, type, meaning);
    }

    static <T> ConfigKey<T> adapterComputed(final String suffix, final String defaultText, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(true, suffix, null, defaultText, false, type, meaning);
    }

    static <T> ConfigKey<T> adapterRequired(final String suffix, final ValueType<T> type, final String meaning)
    {
        return new ConfigKey<>(true, suffix, null, null, true, type, meaning);
    }

    /** Whether the key belongs to an adapter. */
    public boolean perAdapter()
    {
        return perAdapter;
    }

    /** The whole key of a global key; the part after {@code plugin.choria.adapter.<name>.} of an adapter key. */
    public String suffix()
    {
        return suffix;
    }

    /** The key as the documentation shows it: {@code plugin.choria.adapter.<name>.stream.workers}. */
    public String pattern()
    {
        return perAdapter ? ADAPTER_PREFIX + "<name>." + suffix : suffix;
    }

    /** The key in the file, for one adapter (ignored for a global key). */
    public String key(final String adapterName)
    {
        return perAdapter ? ADAPTER_PREFIX + adapterName + '.' + suffix : suffix;
    }

    /** True when the file must set it. */
    public boolean required()
    {
        return required;
    }

    /** The default as the documentation shows it; null when there is none. */
    public String defaultText()
    {
        return defaultText;
    }

    /** True when {@link #defaultText()} is a value as written in the file, false when it describes one. */
    public boolean literalDefault()
    {
        return defaultValue != null;
    }

    /** What is allowed, completing "expected ...". */
    public String expected()
    {
        return type.expected();
    }

    /** What the key does. */
    public String meaning()
    {
        return meaning;
    }

    /**
     * The value set in {@code raw}, or the literal default, or null for a computed default.
     *
     * @throws ConfigException when the value is not allowed, or the key is required and not set
     */
    public T read(final Map<String, String> raw, final String adapterName)
    {
        final String key = key(adapterName);
        final String value = raw.get(key);
        if (value != null && !value.isBlank())
        {
            return parse(key, value.strip());
        }
        if (required)
        {
            throw new ConfigException(key + " is not set: expected " + type.expected());
        }
        return defaultValue == null ? null : parse(key + " (default)", defaultValue);
    }

    /** Reads {@code value} as the value of {@code key}. */
    public T parse(final String key, final String value)
    {
        try
        {
            return type.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            final String why = ex.getMessage();
            final String detail = why == null || why.isEmpty() ? "" : why + "; ";
            throw ConfigException.badValue(key, value, detail + "expected " + type.expected());
        }
    }

    @Override
    public String toString()
    {
        return pattern();
    }
}
