package betterbot.app;

import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.detection.TrackedWallets;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param detection detector thresholds and the tracked-wallet watch list (see {@link #readDetection})
 * @param risk position sizing (see {@link #readRisk})
 */
record Config(String bindAddress, int port, Path dbPath, int maxSignals, String logLevel,
              DetectionConfig detection, RiskConfig risk) {
    static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

    static Config fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String bind = r.bindAddress("BIND_ADDRESS", "127.0.0.1");
        int port = r.integer("PORT", 8080, 0, 65_535);
        Path db = r.path("DB_PATH", "./betterbot_signals.db");
        int max = r.integer("MAX_SIGNALS", 10_000, 1, 10_000_000);
        String level = r.oneOf("LOG_LEVEL", "info", LOG_LEVELS);
        DetectionConfig detection = readDetection(r);
        RiskConfig risk = readRisk(r, detection.minLiquidityUsd());
        r.throwIfInvalid();
        return new Config(bind, port, db, max, level, detection, risk);
    }

    /** The effective settings, by variable name, for start-up logs and check-config. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BIND_ADDRESS", bindAddress);
        out.put("PORT", Integer.toString(port));
        out.put("DB_PATH", dbPath.toString());
        out.put("MAX_SIGNALS", Integer.toString(maxSignals));
        out.put("LOG_LEVEL", logLevel);
        describeSignals(out);
        return out;
    }

    // --- signal detection and risk: domain reference §3 and §4 -------------------------------------------------

    /** Detector thresholds; every default is the domain reference's. */
    private static DetectionConfig readDetection(Reader r) {
        DetectionConfig d = DetectionConfig.defaults();
        double whaleMinUsd = r.decimal("WHALE_MIN_USD", d.whaleMinUsd(), 0.01, 1e12);
        int clusterMinWallets = r.integer("CLUSTER_MIN_WALLETS", d.clusterMinWallets(), 2, 1_000);
        int clusterWindow = r.integer("CLUSTER_WINDOW_MINUTES", (int) d.clusterWindow().toMinutes(), 1, 10_080);
        double trackedMinUsd = r.decimal("TRACKED_MIN_USD", d.trackedMinUsd(), 0, 1e12);
        Map<String, String> tracked = r.trackedWallets("TRACKED_WALLETS", "TRACKED_WALLETS_FILE");
        double followMaxPrice = r.decimal("FOLLOW_MAX_PRICE", d.followMaxPrice(), 0, 1);
        int cooldown = r.integer("COOLDOWN_MINUTES", (int) d.cooldown().toMinutes(), 0, 10_080);
        double minEdge = r.decimal("MIN_EDGE", d.minEdge(), 0, 1);
        double feeRate = r.decimal("DEFAULT_TAKER_FEE_RATE", d.defaultTakerFeeRate(), 0, 1);
        double expiryMaxHours = r.decimal("EXPIRY_MAX_HOURS", d.expiryMaxHours(), 0.01, 8_760);
        double expiryMinPrice = r.decimal("EXPIRY_MIN_PRICE", d.expiryMinPrice(), 0, 1);
        double spikeRatio = r.decimal("VOLUME_SPIKE_RATIO", d.volumeSpikeRatio(), 0.01, 1_000);
        double spikeMinUsd = r.decimal("VOLUME_SPIKE_MIN_USD", d.volumeSpikeMinUsd(), 0, 1e12);
        double wideSpreadMin = r.decimal("WIDE_SPREAD_MIN", d.wideSpreadMin(), 0, 1);
        double minLiquidity = r.decimal("MIN_LIQUIDITY_USD", d.minLiquidityUsd(), 0, 1e12);
        return new DetectionConfig(whaleMinUsd, clusterMinWallets, Duration.ofMinutes(clusterWindow), trackedMinUsd,
                tracked, followMaxPrice, Duration.ofMinutes(cooldown), minEdge, feeRate, expiryMaxHours,
                expiryMinPrice, spikeRatio, spikeMinUsd, wideSpreadMin, minLiquidity);
    }

    /** Fractional-Kelly sizing; {@code MIN_LIQUIDITY_USD} is read once, with the detectors'. */
    private static RiskConfig readRisk(Reader r, double minLiquidityUsd) {
        RiskConfig d = RiskConfig.defaults();
        return new RiskConfig(r.decimal("BANKROLL", d.bankroll(), 0, 1e12),
                r.decimal("KELLY_FRACTION", d.kellyFraction(), 0.001, 1),
                r.decimal("MAX_POSITION_PCT", d.maxPositionPct(), 0.001, 1), minLiquidityUsd,
                r.decimal("FULL_SIZE_LIQUIDITY_USD", d.fullSizeLiquidityUsd(), 1, 1e12));
    }

    private void describeSignals(Map<String, String> out) {
        out.put("WHALE_MIN_USD", plain(detection.whaleMinUsd()));
        out.put("CLUSTER_MIN_WALLETS", Integer.toString(detection.clusterMinWallets()));
        out.put("CLUSTER_WINDOW_MINUTES", Long.toString(detection.clusterWindow().toMinutes()));
        out.put("TRACKED_MIN_USD", plain(detection.trackedMinUsd()));
        out.put("TRACKED_WALLETS", detection.trackedWallets().size() + " wallets");
        out.put("FOLLOW_MAX_PRICE", plain(detection.followMaxPrice()));
        out.put("COOLDOWN_MINUTES", Long.toString(detection.cooldown().toMinutes()));
        out.put("MIN_EDGE", plain(detection.minEdge()));
        out.put("DEFAULT_TAKER_FEE_RATE", plain(detection.defaultTakerFeeRate()));
        out.put("EXPIRY_MAX_HOURS", plain(detection.expiryMaxHours()));
        out.put("EXPIRY_MIN_PRICE", plain(detection.expiryMinPrice()));
        out.put("VOLUME_SPIKE_RATIO", plain(detection.volumeSpikeRatio()));
        out.put("VOLUME_SPIKE_MIN_USD", plain(detection.volumeSpikeMinUsd()));
        out.put("WIDE_SPREAD_MIN", plain(detection.wideSpreadMin()));
        out.put("MIN_LIQUIDITY_USD", plain(risk.minLiquidityUsd()));
        out.put("BANKROLL", plain(risk.bankroll()));
        out.put("KELLY_FRACTION", plain(risk.kellyFraction()));
        out.put("MAX_POSITION_PCT", plain(risk.maxPositionPct()));
        out.put("FULL_SIZE_LIQUIDITY_USD", plain(risk.fullSizeLiquidityUsd()));
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
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

        // --- readers of the signal detection and risk variables ---

        double decimal(String name, double defaultValue, double min, double max) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                double parsed = Double.parseDouble(v.replace("_", ""));
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + " must be a number from " + plain(min) + " to " + plain(max) + ", got '" + v + "'");
            return defaultValue;
        }

        /** The watch list: both variables may be set, and their wallets are merged. */
        Map<String, String> trackedWallets(String listName, String fileName) {
            Map<String, String> wallets = new LinkedHashMap<>();
            String list = raw(listName);
            if (list != null) {
                try {
                    wallets.putAll(TrackedWallets.parse(list));
                } catch (IllegalArgumentException e) {
                    problems.add(listName + " must be address:label,address:label; " + e.getMessage());
                }
            }
            String file = raw(fileName);
            if (file != null) {
                try {
                    wallets.putAll(TrackedWallets.read(Path.of(file)));
                } catch (NoSuchFileException | InvalidPathException e) {
                    problems.add(fileName + " names no readable file: '" + file + "'");
                } catch (IOException e) {
                    problems.add(fileName + " cannot be read: '" + file + "': " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    problems.add(fileName + " must hold a JSON or CSV watch list; '" + file + "': " + e.getMessage());
                }
            }
            return wallets;
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
