package betterbot.app;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code betterbot check-config}: the validation {@code serve} runs at start, without starting anything, and the
 * effective value of every variable, secrets hidden. Run it after editing the environment file.
 */
final class CheckConfigCommand {
    /** Read by the launcher {@code bin/betterbot}, not by Java; shown so that heap and MemoryMax can be compared. */
    static final String JAVA_OPTS = Settings.JAVA_OPTS.name();

    private CheckConfigCommand() {
    }

    static ExitCode run(Map<String, String> env, PrintStream out, PrintStream err) {
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        Logging.configureForCommand(config.logLevel());
        Map<String, String> shown = new LinkedHashMap<>(config.describe()); // secrets already masked
        // A variable folded into another's value (TRACKED_WALLETS_FILE into TRACKED_WALLETS) is still listed, as
        // set; so are secrets a later part reads, so that a missing one shows here first.
        Map<String, String> more = new LinkedHashMap<>();
        for (String name : Config.variables()) {
            more.put(name, isSet(env, name) ? env.get(name).strip() : "unset");
        }
        for (String secret : Config.SECRET_VARIABLES) {
            more.put(secret, env.get(secret));
        }
        Config.masked(more).forEach(shown::putIfAbsent);
        long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        String javaOpts = env.get(JAVA_OPTS);
        shown.put(JAVA_OPTS, (isSet(env, JAVA_OPTS) ? javaOpts.strip() : Settings.JAVA_OPTS.defaultValue()) + "  (max heap " + heapMiB + " MiB)");

        out.println("betterbot " + Main.version() + ": the configuration is valid");
        int width = shown.keySet().stream().mapToInt(String::length).max().orElse(0);
        shown.forEach((name, value) -> {
            boolean defaulted = !isSet(env, name) && !Config.SECRET_VARIABLES.contains(name) && !"unset".equals(value);
            out.println("  " + pad(name, width) + "  " + value + (defaulted ? "  (default)" : ""));
        });
        return ExitCode.OK;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
