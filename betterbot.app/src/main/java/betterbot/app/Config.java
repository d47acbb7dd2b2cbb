package betterbot.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The service's configuration, read from environment variables and validated as a whole: every invalid
 * variable is reported at once, by name, with what it accepts.
 *
 * @param bindAddress {@code BIND_ADDRESS}, default 127.0.0.1
 * @param port {@code PORT}, default 8080
 * @param dbPath {@code DB_PATH}, default ./betterbot_signals.db
 * @param maxSignals {@code MAX_SIGNALS}, default 10,000
 * @param logLevel {@code LOG_LEVEL}, default info
 */
record Config(String bindAddress, int port, Path dbPath, int maxSignals, String logLevel) {
    static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
    /**
     * Variables whose values never reach a log line, an error message or check-config's output. A new secret
     * only needs its name added here.
     */
    static final List<String> SECRET_VARIABLES = List.of("API_TOKEN", "HASHDIVE_API_KEY", "DOME_API_KEY");
    static final String SECRET_SET = "set (hidden)";
    static final String SECRET_UNSET = "unset";

    static Config fromEnv(Map<String, String> env) {
        return read(new Reader(env));
    }

    /** Every variable this configuration reads, in reading order (the env example documents each). */
    static SequencedSet<String> variables() {
        Reader r = new Reader(Map.of());
        try {
            read(r);
        } catch (ConfigException requiredVariableMissing) {
            // every variable was still read, so its name is known
        }
        return r.names();
    }

    private static Config read(Reader r) {
        String bind = r.bindAddress("BIND_ADDRESS", "127.0.0.1");
        int port = r.integer("PORT", 8080, 0, 65_535);
        Path db = r.path("DB_PATH", "./betterbot_signals.db");
        int max = r.integer("MAX_SIGNALS", 10_000, 1, 10_000_000);
        String level = r.oneOf("LOG_LEVEL", "info", LOG_LEVELS);
        r.throwIfInvalid();
        return new Config(bind, port, db, max, level);
    }

    /** The effective settings, by variable name, for start-up logs and check-config; secrets masked. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BIND_ADDRESS", bindAddress);
        out.put("PORT", Integer.toString(port));
        out.put("DB_PATH", dbPath.toString());
        out.put("MAX_SIGNALS", Integer.toString(maxSignals));
        out.put("LOG_LEVEL", logLevel);
        return masked(out);
    }

    /** The settings with the value of every secret variable replaced by whether it is set. */
    static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((name, value) -> out.put(name, SECRET_VARIABLES.contains(name) ? mask(value) : value));
        return out;
    }

    static String mask(String secret) {
        return secret == null || secret.isBlank() ? SECRET_UNSET : SECRET_SET;
    }

    /** Reads variables, collecting problems instead of stopping at the first. */
    static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();
        private final SequencedSet<String> names = new LinkedHashSet<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        SequencedSet<String> names() {
            return names;
        }

        /** A value as an error message may quote it: a secret's value never appears in one. */
        private static String quoted(String name, String value) {
            return SECRET_VARIABLES.contains(name) ? "a value (hidden)" : "'" + value + "'";
        }

        private String raw(String name) {
            names.add(name);
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        int integer(String name, int defaultValue, int min, int max) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(v.replace("_", ""));
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + " must be an integer from " + min + " to " + max + ", got " + quoted(name, v));
            return defaultValue;
        }

        Path path(String name, String defaultValue) {
            String v = raw(name);
            try {
                return Path.of(v == null ? defaultValue : v);
            } catch (RuntimeException e) {
                problems.add(name + " is not a valid file path: " + quoted(name, v));
                return Path.of(defaultValue);
            }
        }

        String oneOf(String name, String defaultValue, List<String> accepted) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            String lower = v.toLowerCase(java.util.Locale.ROOT);
            if (accepted.contains(lower)) {
                return lower;
            }
            problems.add(name + " must be one of " + String.join(", ", accepted) + ", got " + quoted(name, v));
            return defaultValue;
        }

        String bindAddress(String name, String defaultValue) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                InetAddress.getByName(v); // a literal never touches DNS; a name must resolve here
                return v;
            } catch (UnknownHostException | SecurityException e) {
                problems.add(name + " must be an IP address or a resolvable host name of this machine, got "
                        + quoted(name, v));
                return defaultValue;
            }
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
