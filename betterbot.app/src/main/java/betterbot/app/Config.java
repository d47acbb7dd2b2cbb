package betterbot.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static Config fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String bind = r.bindAddress("BIND_ADDRESS", "127.0.0.1");
        int port = r.integer("PORT", 8080, 0, 65_535);
        Path db = r.path("DB_PATH", "./betterbot_signals.db");
        int max = r.integer("MAX_SIGNALS", 10_000, 1, 10_000_000);
        String level = r.oneOf("LOG_LEVEL", "info", LOG_LEVELS);
        r.throwIfInvalid();
        return new Config(bind, port, db, max, level);
    }

    /** The effective settings, by variable name, for start-up logs and check-config. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BIND_ADDRESS", bindAddress);
        out.put("PORT", Integer.toString(port));
        out.put("DB_PATH", dbPath.toString());
        out.put("MAX_SIGNALS", Integer.toString(maxSignals));
        out.put("LOG_LEVEL", logLevel);
        return out;
    }

    /** Reads variables, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        private String raw(String name) {
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
            problems.add(name + " must be an integer from " + min + " to " + max + ", got '" + v + "'");
            return defaultValue;
        }

        Path path(String name, String defaultValue) {
            String v = raw(name);
            try {
                return Path.of(v == null ? defaultValue : v);
            } catch (RuntimeException e) {
                problems.add(name + " is not a valid file path: '" + v + "'");
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
            problems.add(name + " must be one of " + String.join(", ", accepted) + ", got '" + v + "'");
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
                problems.add(name + " must be an IP address or a resolvable host name of this machine, got '"
                        + v + "'");
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
