package io.fleetbridge.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.fleetbridge.adapter.SubjectTemplate;

/**
 * What a configuration value may be: how to read it, and the words that say what is allowed,
 * used alike in error messages and in the generated documentation.
 *
 * <p>Implementations are immutable and thread safe.
 *
 * @param <T> the value once read
 */
interface ValueType<T>
{
    /** What is allowed, completing the sentence "expected ...". */
    String expected();

    /**
     * Reads a value that is set and not blank.
     *
     * @throws IllegalArgumentException when it is not allowed; its message, when not empty, says
     *                                  what is wrong beyond "expected ..."
     */
    T parse(String raw);

    /** A whole number within bounds. */
    static ValueType<Integer> wholeNumber(final int min, final int max)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a whole number from " + min + " to " + max;
            }

            @Override
            public Integer parse(final String raw)
            {
                if (!raw.matches("-?[0-9]{1,18}"))
                {
                    throw new IllegalArgumentException("");
                }
                final long value = Long.parseLong(raw);
                if (value < min || value > max)
                {
                    throw new IllegalArgumentException("");
                }
                return (int)value;
            }
        };
    }

    /** A number of bytes within bounds, optionally with {@code k}, {@code m} or {@code g} (KiB, MiB, GiB) as in {@code -Xmx}. */
    static ValueType<Long> byteSize(final long min, final long max)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a number of bytes from " + min + " to " + max + ", or with k, m or g (KiB, MiB, GiB) such as 256m";
            }

            @Override
            public Long parse(final String raw)
            {
                if (!raw.matches("[0-9]{1,15}[kKmMgG]?"))
                {
                    throw new IllegalArgumentException("");
                }
                final char unit = Character.toLowerCase(raw.charAt(raw.length() - 1));
                final int shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : 0;
                final long value = Long.parseLong(shift == 0 ? raw : raw.substring(0, raw.length() - 1)) << shift;
                if (value < min || value > max)
                {
                    throw new IllegalArgumentException("");
                }
                return value;
            }
        };
    }

    /** A {@link GoDuration} within bounds, read as milliseconds. */
    static ValueType<Long> duration(final long minMs, final long maxMs)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a duration from " + GoDuration.format(minMs) + " to " + GoDuration.format(maxMs) +
                    " such as 500ms, 2s, 1m30s or 1h (a plain number is seconds)";
            }

            @Override
            public Long parse(final String raw)
            {
                final long ms = GoDuration.parseMs(raw);
                if (ms < minMs || ms > maxMs)
                {
                    throw new IllegalArgumentException("");
                }
                return ms;
            }
        };
    }

    /** One of a fixed set of words, compared without regard to case, returned in lower case. */
    static ValueType<String> choice(final String... allowed)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return allowed.length == 2 ? allowed[0] + " or " + allowed[1] : "one of " + String.join(", ", allowed);
            }

            @Override
            public String parse(final String raw)
            {
                final String value = raw.toLowerCase(Locale.ROOT);
                for (final String word : allowed)
                {
                    if (word.equals(value))
                    {
                        return word;
                    }
                }
                throw new IllegalArgumentException("");
            }
        };
    }

    /**
     * A yes/no switch, read as Choria reads one: {@code 1 yes true y t} and {@code 0 no false n f}, in any case
     * (go-choria {@code confkey/confkey.go} {@code strToBool}). Choria takes any other word as false without a
     * word, {@code on} included; refused here, since reading it either way could contradict what the operator meant.
     */
    static ValueType<Boolean> bool()
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "true or false (or yes/no, y/n, t/f, 1/0)";
            }

            @Override
            public Boolean parse(final String raw)
            {
                switch (raw.toLowerCase(Locale.ROOT))
                {
                    case "1": case "yes": case "true": case "y": case "t": return Boolean.TRUE;
                    case "0": case "no": case "false": case "n": case "f": return Boolean.FALSE;
                    default: throw new IllegalArgumentException("Choria reads any other word as false");
                }
            }
        };
    }

    /** Any text, such as a path or a host name. */
    static ValueType<String> text(final String expected)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return expected;
            }

            @Override
            public String parse(final String raw)
            {
                return raw;
            }
        };
    }

    /** A comma separated list of NATS servers, each normalised to a URL by {@link ServerAddress}. */
    static ValueType<List<String>> serverList()
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a comma separated list of host:port or nats://host:port (tls:// for TLS)";
            }

            @Override
            public List<String> parse(final String raw)
            {
                final List<String> urls = new ArrayList<>();
                for (final String entry : raw.split(",", -1))
                {
                    urls.add(ServerAddress.normalise(entry.strip()));
                }
                return List.copyOf(urls);
            }
        };
    }

    /** A comma separated list of distinct names fit for keys, queue groups and metric labels. */
    static ValueType<List<String>> nameList()
    {
        final Pattern name = Pattern.compile("[A-Za-z0-9_-]+");
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a comma separated list of adapter names made of letters, digits, _ and -";
            }

            @Override
            public List<String> parse(final String raw)
            {
                final Set<String> names = new LinkedHashSet<>();
                for (final String entry : raw.split(",", -1))
                {
                    final String candidate = entry.strip();
                    if (!name.matcher(candidate).matches())
                    {
                        throw new IllegalArgumentException("name " + ConfigException.quote(candidate) + " is not allowed");
                    }
                    if (!names.add(candidate))
                    {
                        throw new IllegalArgumentException("name " + ConfigException.quote(candidate) + " is listed twice");
                    }
                }
                return List.copyOf(names);
            }
        };
    }

    /**
     * A comma separated list of regular expressions, as go-choria splits its {@code comma_split}
     * keys, each compiled by {@code compile} (which throws for one that is not a regular expression).
     */
    static ValueType<List<Pattern>> patternList(final java.util.function.Function<String, Pattern> compile)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return "a comma separated list of regular expressions";
            }

            @Override
            public List<Pattern> parse(final String raw)
            {
                final List<Pattern> patterns = new ArrayList<>();
                for (final String entry : raw.split(",", -1))
                {
                    final String candidate = entry.strip();
                    if (candidate.isEmpty())
                    {
                        throw new IllegalArgumentException("it has an empty entry");
                    }
                    try
                    {
                        patterns.add(compile.apply(candidate));
                    }
                    catch (final java.util.regex.PatternSyntaxException ex)
                    {
                        throw new IllegalArgumentException(ConfigException.quote(candidate) + " is not a regular expression ("
                            + ex.getDescription() + ")");
                    }
                }
                return List.copyOf(patterns);
            }
        };
    }

    /**
     * A NATS subject: dot separated tokens, none empty, no whitespace or control characters.
     * A subject to publish to takes no wildcards but may hold {@code %s} for the sender; one to
     * subscribe to may use {@code *} as a token and {@code >} as the last token.
     */
    static ValueType<String> subject(final boolean wildcards)
    {
        return new ValueType<>()
        {
            @Override
            public String expected()
            {
                return wildcards
                    ? "a NATS subject (dot separated tokens, * and > wildcards allowed)"
                    : "a NATS subject without wildcards, where %s stands for the sender";
            }

            @Override
            public String parse(final String raw)
            {
                final String[] tokens = raw.split("\\.", -1);
                for (int i = 0; i < tokens.length; i++)
                {
                    final String token = tokens[i];
                    if (token.isEmpty())
                    {
                        throw new IllegalArgumentException("it has an empty token");
                    }
                    for (int c = 0; c < token.length(); c++)
                    {
                        final char ch = token.charAt(c);
                        if (ch <= ' ' || ch == 0x7f)
                        {
                            throw new IllegalArgumentException("it has whitespace or a control character");
                        }
                    }
                    final boolean star = token.indexOf('*') >= 0;
                    final boolean gt = token.indexOf('>') >= 0;
                    if (!star && !gt)
                    {
                        continue;
                    }
                    if (!wildcards)
                    {
                        throw new IllegalArgumentException("wildcards cannot be published to");
                    }
                    final boolean lone = token.length() == 1 && (star || i == tokens.length - 1);
                    if (!lone)
                    {
                        throw new IllegalArgumentException("token " + ConfigException.quote(token) + " misuses a wildcard");
                    }
                }
                final long longest = wildcards ? raw.getBytes(StandardCharsets.UTF_8).length : SubjectTemplate.longestSubjectBytes(raw);
                if (longest > SubjectTemplate.MAX_SUBJECT_BYTES)
                {
                    throw new IllegalArgumentException("its subjects reach " + longest + " bytes" + (wildcards ? "" : " with a sender of "
                        + "the longest a node's identity may be (255 bytes) in every %s") + ", more than the "
                        + SubjectTemplate.MAX_SUBJECT_BYTES + " a NATS publish can carry");
                }
                return raw;
            }
        };
    }
}
