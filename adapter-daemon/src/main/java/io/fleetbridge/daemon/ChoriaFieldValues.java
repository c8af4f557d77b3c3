package io.fleetbridge.daemon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Choria does to a file's value before the broker uses it, for the keys the daemon shares
 * with the broker (go-choria {@code confkey/confkey.go} {@code SetStructFieldWithKey}, which sets
 * every key of the file that is a field of Choria's configuration):
 * <ul>
 *   <li>a field tagged with an {@code environment} variable takes that variable's value when it is
 *       set, in place of the file's: {@code plugin.nats.user}, {@code pass} and {@code credentials}
 *       ({@code MCOLLECTIVE_NATS_USERNAME}, {@code _PASSWORD}, {@code _CREDENTIALS}, go-choria
 *       {@code config/choria.go}). Only a key the file sets is looked up, so the variable alone sets nothing;</li>
 *   <li>a {@code path_string} field starting with {@code ~} has that {@code ~} replaced by {@code $HOME}
 *       ({@code internal/util/util.go} {@code ExpandPath}): {@code logfile}, {@code plugin.choria.ssldir} and
 *       the {@code file} provider's three files. Our own {@code plugin.fleetbridge.logfile} is read alike.</li>
 * </ul>
 * Without this, a broker that takes its NATS password from its unit's environment authenticated
 * and the daemon, reading the same file, sent the file's placeholder. Stateless.
 */
final class ChoriaFieldValues
{
    private static final Map<ConfigKey<String>, String> ENVIRONMENT = Map.of(
        ConfigKeys.NATS_USER, "MCOLLECTIVE_NATS_USERNAME",
        ConfigKeys.NATS_PASS, "MCOLLECTIVE_NATS_PASSWORD",
        ConfigKeys.NATS_CREDENTIALS, "MCOLLECTIVE_NATS_CREDENTIALS");
    private static final List<ConfigKey<String>> PATHS = List.of(
        ConfigKeys.LOG_FILE, ConfigKeys.FLEETBRIDGE_LOG_FILE, ConfigKeys.SSL_DIR,
        ConfigKeys.TLS_CERTIFICATE, ConfigKeys.TLS_KEY, ConfigKeys.TLS_CA);

    private ChoriaFieldValues()
    {
    }

    /**
     * The file's values as the broker would use them; {@code notes} gets a line for each key changed (never a
     * value from the environment: it may be a password).
     *
     * A path that starts with {@code ~} while {@code HOME} is not set is a problem noted in {@code problems}.
     */
    static Map<String, String> apply(final Map<String, String> file, final Map<String, String> environment, final Map<String, String> notes,
        final ConfigProblems problems)
    {
        final Map<String, String> values = new HashMap<>(file);
        ENVIRONMENT.forEach((key, variable) -> {
            final String name = key.key(null);
            final String set = file.get(name);
            final String replacement = environment.get(variable);
            if (set != null && !set.isBlank() && replacement != null)
            {
                values.put(name, replacement);
                notes.put(name, "replaced by the environment variable " + variable + ", as Choria does");
            }
        });
        for (final ConfigKey<String> key : PATHS)
        {
            final String name = key.key(null);
            final String path = file.get(name);
            if (path != null && path.strip().startsWith("~"))
            {
                final String home = environment.get("HOME");
                if (home == null || home.isEmpty())
                {
                    problems.add(ConfigException.badValue(name, path.strip(), "it starts with ~, the home directory, and HOME is not set; " +
                        "expected an absolute path, or HOME set").getMessage());
                    continue;
                }
                values.put(name, home + path.strip().substring(1));
                notes.put(name, "~ is HOME: " + values.get(name));
            }
        }
        return values;
    }
}
