package betterbot.app;

import betterbot.http.HttpConfig;
import betterbot.signals.PlainNumber;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.detection.TrackedWallets;
import betterbot.signals.sources.SourcesConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param detection detector thresholds and the tracked-wallet watch list (see {@link #readDetection})
 * @param risk position sizing (see {@link #readRisk})
 * @param api the HTTP API's safety limits and live stream settings ({@link Api})
 * @param sourcesEnabled {@code SOURCES_ENABLED}, default true; false serves stored signals without polling
 * @param sources upstream URLs, keys, intervals and timeouts (see {@link #readSources})
 */
record Config(String bindAddress, int port, Path dbPath, int maxSignals, String logLevel,
              DetectionConfig detection, RiskConfig risk, Api api, boolean sourcesEnabled, SourcesConfig sources) {
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

    /** Reads the configuration, or prints every problem to {@code err} and returns null (exit status 3 follows). */
    static Config fromEnvOrReport(Map<String, String> env, PrintStream err) {
        try {
            return fromEnv(env);
        } catch (ConfigException e) {
            e.printTo(err);
            return null;
        }
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
        DetectionConfig detection = readDetection(r);
        RiskConfig risk = readRisk(r, detection.minLiquidityUsd());
        Api api = Api.read(r);
        boolean sourcesEnabled = r.bool("SOURCES_ENABLED", true);
        SourcesConfig sources = readSources(r, detection);
        r.throwIfInvalid();
        return new Config(bind, port, db, max, level, detection, risk, api, sourcesEnabled, sources);
    }

    /** The effective settings, by variable name, for start-up logs and check-config; secrets masked. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BIND_ADDRESS", bindAddress);
        out.put("PORT", Integer.toString(port));
        out.put("DB_PATH", dbPath.toString());
        out.put("MAX_SIGNALS", Integer.toString(maxSignals));
        out.put("LOG_LEVEL", logLevel);
        describeSignals(out);
        describeSources(out);
        out.putAll(api.describe());
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
        double expiryMaxPrice = r.decimal("EXPIRY_MAX_PRICE", d.expiryMaxPrice(), 0, 1);
        if (expiryMaxPrice <= expiryMinPrice) {
            r.problems.add("EXPIRY_MAX_PRICE must be above EXPIRY_MIN_PRICE (" + plain(expiryMinPrice) + "), got "
                    + plain(expiryMaxPrice));
            expiryMaxPrice = 1; // reported above; keeps the record constructible so every problem is listed
            expiryMinPrice = Math.min(expiryMinPrice, 0.99);
        }
        int followMaxAge = r.integer("FOLLOW_MAX_AGE_MINUTES", (int) d.followMaxAge().toMinutes(), 1, 10_080);
        return new DetectionConfig(whaleMinUsd, clusterMinWallets, Duration.ofMinutes(clusterWindow), trackedMinUsd,
                tracked, followMaxPrice, Duration.ofMinutes(cooldown), minEdge, feeRate, expiryMaxHours,
                expiryMinPrice, spikeRatio, spikeMinUsd, wideSpreadMin, minLiquidity, expiryMaxPrice,
                Duration.ofMinutes(followMaxAge));
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
        out.put("FOLLOW_MAX_AGE_MINUTES", Long.toString(detection.followMaxAge().toMinutes()));
        out.put("COOLDOWN_MINUTES", Long.toString(detection.cooldown().toMinutes()));
        out.put("MIN_EDGE", plain(detection.minEdge()));
        out.put("DEFAULT_TAKER_FEE_RATE", plain(detection.defaultTakerFeeRate()));
        out.put("EXPIRY_MAX_HOURS", plain(detection.expiryMaxHours()));
        out.put("EXPIRY_MIN_PRICE", plain(detection.expiryMinPrice()));
        out.put("EXPIRY_MAX_PRICE", plain(detection.expiryMaxPrice()));
        out.put("VOLUME_SPIKE_RATIO", plain(detection.volumeSpikeRatio()));
        out.put("VOLUME_SPIKE_MIN_USD", plain(detection.volumeSpikeMinUsd()));
        out.put("WIDE_SPREAD_MIN", plain(detection.wideSpreadMin()));
        out.put("MIN_LIQUIDITY_USD", plain(risk.minLiquidityUsd()));
        out.put("BANKROLL", plain(risk.bankroll()));
        out.put("KELLY_FRACTION", plain(risk.kellyFraction()));
        out.put("MAX_POSITION_PCT", plain(risk.maxPositionPct()));
        out.put("FULL_SIZE_LIQUIDITY_USD", plain(risk.fullSizeLiquidityUsd()));
    }

    // --- upstream sources: domain reference §5 ---------------------------------------------------------------

    /** Where and how often to fetch; the whale feed's threshold and the watch list come from detection. */
    private static SourcesConfig readSources(Reader r, DetectionConfig detection) {
        SourcesConfig d = SourcesConfig.defaults();
        return new SourcesConfig(
                r.url("POLYMARKET_GAMMA_URL", d.gammaUrl(), "http", "https"),
                r.url("POLYMARKET_DATA_URL", d.dataUrl(), "http", "https"),
                r.url("POLYMARKET_CLOB_URL", d.clobUrl(), "http", "https"),
                r.url("HASHDIVE_URL", d.hashdiveUrl(), "http", "https"),
                r.secret("HASHDIVE_API_KEY"),
                r.url("DOME_API_URL", d.domeApiUrl(), "http", "https"),
                r.url("DOME_WS_URL", d.domeWsUrl(), "ws", "wss"),
                r.secret("DOME_API_KEY"),
                r.integer("MARKETS_LIMIT", d.marketsLimit(), 1, 10_000),
                r.integer("BOOK_MARKETS", d.bookMarkets(), 0, 10_000),
                detection.whaleMinUsd(),
                List.copyOf(detection.trackedWallets().keySet()),
                r.seconds("MARKETS_POLL_SECONDS", d.marketsInterval(), 1, 86_400),
                r.seconds("BOOKS_POLL_SECONDS", d.booksInterval(), 1, 86_400),
                r.seconds("TRADES_POLL_SECONDS", d.tradesInterval(), 1, 86_400),
                r.seconds("WALLETS_POLL_SECONDS", d.walletsInterval(), 1, 86_400),
                Duration.ofMinutes(r.integer("HASHDIVE_POLL_MINUTES", (int) d.hashdiveInterval().toMinutes(), 1,
                        44_640)),
                r.seconds("TRADES_OVERLAP_SECONDS", d.tradeOverlap(), 0, 86_400),
                r.decimal("POLL_JITTER", d.jitter(), 0, 0.5),
                r.seconds("UPSTREAM_CONNECT_TIMEOUT_SECONDS", d.connectTimeout(), 1, 300),
                r.seconds("UPSTREAM_REQUEST_TIMEOUT_SECONDS", d.requestTimeout(), 1, 600),
                r.seconds("BACKOFF_MAX_SECONDS", d.backoffMax(), 1, 86_400),
                r.integer("DOME_MAX_USERS_PER_SUBSCRIPTION", d.domeMaxUsersPerSubscription(), 1, 10_000),
                r.seconds("DOME_SILENCE_SECONDS", d.domeSilence(), 1, 86_400));
    }

    private void describeSources(Map<String, String> out) {
        out.put("SOURCES_ENABLED", Boolean.toString(sourcesEnabled));
        out.put("POLYMARKET_GAMMA_URL", sources.gammaUrl().toString());
        out.put("POLYMARKET_DATA_URL", sources.dataUrl().toString());
        out.put("POLYMARKET_CLOB_URL", sources.clobUrl().toString());
        out.put("HASHDIVE_URL", sources.hashdiveUrl().toString());
        out.put("HASHDIVE_API_KEY", sources.hashdiveApiKey()); // masked by describe, like every secret
        out.put("DOME_API_URL", sources.domeApiUrl().toString());
        out.put("DOME_WS_URL", sources.domeWsUrl().toString());
        out.put("DOME_API_KEY", sources.domeApiKey());
        out.put("MARKETS_LIMIT", Integer.toString(sources.marketsLimit()));
        out.put("BOOK_MARKETS", Integer.toString(sources.bookMarkets()));
        out.put("MARKETS_POLL_SECONDS", Long.toString(sources.marketsInterval().toSeconds()));
        out.put("BOOKS_POLL_SECONDS", Long.toString(sources.booksInterval().toSeconds()));
        out.put("TRADES_POLL_SECONDS", Long.toString(sources.tradesInterval().toSeconds()));
        out.put("WALLETS_POLL_SECONDS", Long.toString(sources.walletsInterval().toSeconds()));
        out.put("HASHDIVE_POLL_MINUTES", Long.toString(sources.hashdiveInterval().toMinutes()));
        out.put("TRADES_OVERLAP_SECONDS", Long.toString(sources.tradeOverlap().toSeconds()));
        out.put("POLL_JITTER", plain(sources.jitter()));
        out.put("UPSTREAM_CONNECT_TIMEOUT_SECONDS", Long.toString(sources.connectTimeout().toSeconds()));
        out.put("UPSTREAM_REQUEST_TIMEOUT_SECONDS", Long.toString(sources.requestTimeout().toSeconds()));
        out.put("BACKOFF_MAX_SECONDS", Long.toString(sources.backoffMax().toSeconds()));
        out.put("DOME_MAX_USERS_PER_SUBSCRIPTION", Integer.toString(sources.domeMaxUsersPerSubscription()));
        out.put("DOME_SILENCE_SECONDS", Long.toString(sources.domeSilence().toSeconds()));
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    // ---- HTTP API: token, CORS, access log, timeouts and the live stream

    /** What the HTTP layer is given: these settings plus where to listen. */
    HttpConfig httpConfig(String version) {
        return new HttpConfig(bindAddress, port, version, api.apiToken(), api.corsOrigin(), api.accessLog(),
                HttpConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(api.requestTimeoutSeconds()),
                Duration.ofSeconds(api.idleTimeoutSeconds()), Duration.ofSeconds(api.streamHeartbeatSeconds()),
                api.streamClientQueue(), api.streamMaxClients(), api.maxHeavyRequests(),
                Duration.ofSeconds(api.writeTimeoutSeconds()));
    }

    /**
     * The HTTP API's variables.
     *
     * @param apiToken {@code API_TOKEN}, a secret (never logged, masked by {@link #describe()}); null: no token
     * @param corsOrigin {@code CORS_ORIGIN}; null: no CORS
     * @param accessLog {@code ACCESS_LOG}, default false
     * @param requestTimeoutSeconds {@code HTTP_REQUEST_TIMEOUT_SECONDS}, default 10
     * @param idleTimeoutSeconds {@code HTTP_IDLE_TIMEOUT_SECONDS}, default 30
     * @param streamHeartbeatSeconds {@code STREAM_HEARTBEAT_SECONDS}, default 15
     * @param streamClientQueue {@code STREAM_CLIENT_QUEUE}, default 1024
     * @param streamMaxClients {@code STREAM_MAX_CLIENTS}, default 256
     * @param maxHeavyRequests {@code HTTP_MAX_HEAVY_REQUESTS}, default 4
     * @param writeTimeoutSeconds {@code HTTP_WRITE_TIMEOUT_SECONDS}, default 10
     */
    record Api(String apiToken, String corsOrigin, boolean accessLog, int requestTimeoutSeconds,
               int idleTimeoutSeconds, int streamHeartbeatSeconds, int streamClientQueue, int streamMaxClients,
               int maxHeavyRequests, int writeTimeoutSeconds) {
        static final int MIN_TOKEN_LENGTH = 16;

        static Api read(Reader r) {
            return new Api(token(r, "API_TOKEN"), origin(r, "CORS_ORIGIN"), bool(r, "ACCESS_LOG", false),
                    r.integer("HTTP_REQUEST_TIMEOUT_SECONDS", 10, 1, 3600),
                    r.integer("HTTP_IDLE_TIMEOUT_SECONDS", 30, 1, 3600),
                    r.integer("STREAM_HEARTBEAT_SECONDS", 15, 1, 3600),
                    r.integer("STREAM_CLIENT_QUEUE", HttpConfig.DEFAULT_STREAM_QUEUE_CAPACITY, 1, 1_000_000),
                    r.integer("STREAM_MAX_CLIENTS", HttpConfig.DEFAULT_MAX_STREAM_CLIENTS, 1, 100_000),
                    r.integer("HTTP_MAX_HEAVY_REQUESTS", HttpConfig.DEFAULT_MAX_HEAVY_REQUESTS, 1, 1_000),
                    r.integer("HTTP_WRITE_TIMEOUT_SECONDS", (int) HttpConfig.DEFAULT_WRITE_TIMEOUT.toSeconds(), 1,
                            3600));
        }

        /** The problem message never quotes the value: it is a secret even when it is a wrong one. */
        private static String token(Reader r, String name) {
            String v = r.raw(name);
            if (v == null) {
                return null;
            }
            if (v.length() < MIN_TOKEN_LENGTH || !HttpConfig.TOKEN.matcher(v).matches()) {
                r.problems.add(name + " must be at least " + MIN_TOKEN_LENGTH + " visible ASCII characters without"
                        + " spaces (e.g. the output of: openssl rand -hex 32); the value given is not shown");
                return null;
            }
            return v;
        }

        private static String origin(Reader r, String name) {
            String v = r.raw(name);
            if (v == null) {
                return null;
            }
            if (!HttpConfig.ORIGIN.matcher(v).matches()) {
                r.problems.add(name + " must be * or an origin scheme://host[:port] without a path, e.g."
                        + " https://dash.example.com, got '" + v + "'");
                return null;
            }
            return v;
        }

        private static boolean bool(Reader r, String name, boolean defaultValue) {
            String v = r.raw(name);
            if (v == null) {
                return defaultValue;
            }
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    r.problems.add(name + " must be true or false, got '" + v + "'");
                    yield defaultValue;
                }
            };
        }

        Map<String, String> describe() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("API_TOKEN", apiToken); // masked by Config.describe, like every secret
            out.put("CORS_ORIGIN", corsOrigin == null ? "(none)" : corsOrigin);
            out.put("ACCESS_LOG", Boolean.toString(accessLog));
            out.put("HTTP_REQUEST_TIMEOUT_SECONDS", Integer.toString(requestTimeoutSeconds));
            out.put("HTTP_IDLE_TIMEOUT_SECONDS", Integer.toString(idleTimeoutSeconds));
            out.put("STREAM_HEARTBEAT_SECONDS", Integer.toString(streamHeartbeatSeconds));
            out.put("STREAM_CLIENT_QUEUE", Integer.toString(streamClientQueue));
            out.put("STREAM_MAX_CLIENTS", Integer.toString(streamMaxClients));
            out.put("HTTP_MAX_HEAVY_REQUESTS", Integer.toString(maxHeavyRequests));
            out.put("HTTP_WRITE_TIMEOUT_SECONDS", Integer.toString(writeTimeoutSeconds));
            return out;
        }

        /** Never shows the token. */
        @Override
        public String toString() {
            return "Api" + masked(describe()); // a record would print the token
        }
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

        /**
         * The value, or null when unset. An empty value ({@code NAME=}) is unset: that is how an environment
         * file or a unit clears a setting. A value of nothing but spaces is a mistake, not a clear, and is
         * refused; surrounding spaces are dropped.
         */
        private String raw(String name) {
            names.add(name);
            String v = env.get(name);
            if (v == null || v.isEmpty()) {
                return null;
            }
            if (v.isBlank()) {
                problems.add(name + " is blank; leave it empty (" + name + "=) or unset for the default");
                return null;
            }
            return v.strip();
        }

        int integer(String name, int defaultValue, int min, int max) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            Integer parsed = PlainNumber.integer(v, min, max);
            if (parsed != null) {
                return parsed;
            }
            problems.add(name + " must be an integer from " + min + " to " + max + ", got " + quoted(name, v)
                    + " (plain ASCII digits, _ allowed between them)");
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

        // --- readers of the signal detection and risk variables ---

        double decimal(String name, double defaultValue, double min, double max) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            Double parsed = PlainNumber.decimal(v, min, max);
            if (parsed != null) {
                return parsed;
            }
            problems.add(name + " must be a number from " + plain(min) + " to " + plain(max) + ", got "
                    + quoted(name, v) + " (plain decimal: ASCII digits, an optional point and fraction, no exponent)");
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

        // --- readers of the source variables ---

        boolean bool(String name, boolean defaultValue) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> {
                    problems.add(name + " must be true or false, got '" + v + "'");
                    yield defaultValue;
                }
            };
        }

        URI url(String name, URI defaultValue, String... schemes) {
            String v = raw(name);
            if (v == null) {
                return defaultValue;
            }
            try {
                URI uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (uri.getHost() != null && List.of(schemes).contains(String.valueOf(uri.getScheme()))
                        && uri.getQuery() == null && uri.getFragment() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(name + " must be a " + String.join(" or ", schemes) + " URL with a host, got '" + v + "'");
            return defaultValue;
        }

        /** A key: its value is never part of a problem message or a log line. */
        String secret(String name) {
            return raw(name);
        }

        Duration seconds(String name, Duration defaultValue, int min, int max) {
            return Duration.ofSeconds(integer(name, (int) defaultValue.toSeconds(), min, max));
        }

        void throwIfInvalid() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
