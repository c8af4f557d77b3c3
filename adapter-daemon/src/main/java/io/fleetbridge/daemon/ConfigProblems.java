package io.fleetbridge.daemon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every problem found in one configuration, so that a file with three mistakes reports three
 * and the operator fixes them in one pass. Each step of the checking runs through
 * {@link #attempt}; a step that fails adds its message and yields a stand-in value, and
 * {@link #throwIfAny()} ends the checking with all of them. A message found twice (the same key
 * read by two steps) is kept once. Not thread safe: one per configuration being checked.
 */
final class ConfigProblems
{
    private final Set<String> messages = new LinkedHashSet<>();

    /** The value of {@code step}, or {@code fallback} after noting why it failed. */
    <T> T attempt(final Supplier<T> step, final T fallback)
    {
        try
        {
            return step.get();
        }
        catch (final ConfigException ex)
        {
            messages.addAll(ex.problems());
            return fallback;
        }
    }

    void add(final String message)
    {
        messages.add(message);
    }

    /** @throws ConfigException holding every problem noted, when there is one */
    void throwIfAny()
    {
        if (!messages.isEmpty())
        {
            throw new ConfigException(new ArrayList<>(messages));
        }
    }
}
