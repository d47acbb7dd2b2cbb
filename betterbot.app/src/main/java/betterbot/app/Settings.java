package betterbot.app;

import static betterbot.app.Group.DELIVERY;
import static betterbot.app.Group.DETECTION;
import static betterbot.app.Group.GRADING;
import static betterbot.app.Group.HTTP;
import static betterbot.app.Group.JVM;
import static betterbot.app.Group.RISK;
import static betterbot.app.Group.SERVICE;
import static betterbot.app.Group.SOURCES;

import betterbot.app.Parsers.WatchListFile;
import betterbot.app.Setting.Parser;
import betterbot.http.HttpConfig;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.Horizon;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.SourcesConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The table of settings: every variable, once. Defaults come from the configuration records of the parts that
 * use them; a new variable is a new line here (and {@code Config} reading it), and the environment example and
 * docs/configuration.md are regenerated from this table.
 */
final class Settings {
    private static final DetectionConfig DETECT = DetectionConfig.defaults();
    private static final RiskConfig SIZING = RiskConfig.defaults();
    private static final SourcesConfig FETCH = SourcesConfig.defaults();
    private static final GradingConfig GRADE = GradingConfig.defaults();
    static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
    static final int MIN_TOKEN_LENGTH = 16;

    static final Setting<String> BIND_ADDRESS = of("BIND_ADDRESS", SERVICE, "127.0.0.1", Parsers.bindAddress(),
            "Address the HTTP API listens on: 127.0.0.1 keeps it on this machine (put a reverse proxy in front),"
                    + " 0.0.0.0 exposes it to the network.");
    static final Setting<Integer> PORT = integer("PORT", SERVICE, 8080, 0, 65_535, "HTTP port; 0 picks a free port.");
    static final Setting<Path> DB_PATH = of("DB_PATH", SERVICE, Path.of("./betterbot_signals.db"), Parsers.path(),
            "SQLite database file; its directory must exist. The systemd unit sets one inside its StateDirectory,"
                    + " the only place the hardened service may write.");
    static final Setting<Integer> MAX_SIGNALS = integer("MAX_SIGNALS", SERVICE, 10_000, 1, 10_000_000,
            "Retention: the newest this many signals are kept.");
    static final Setting<String> LOG_LEVEL = of("LOG_LEVEL", SERVICE, "info", Parsers.oneOf(LOG_LEVELS),
            "Log level. Under systemd the logs go to the journal: journalctl -u betterbot.");

    static final Setting<Double> WHALE_MIN_USD = decimal("WHALE_MIN_USD", DETECTION, DETECT.whaleMinUsd(), 0.01, 1e12,
            "A taker trade of at least this many USD (shares x price) is a whale trade.");
    static final Setting<Integer> CLUSTER_MIN_WALLETS = integer("CLUSTER_MIN_WALLETS", DETECTION,
            DETECT.clusterMinWallets(), 2, 1_000, "Distinct whale wallets that make a whale cluster.");
    static final Setting<Duration> CLUSTER_WINDOW_MINUTES = minutes("CLUSTER_WINDOW_MINUTES", DETECTION,
            DETECT.clusterWindow(), 1, 10_080, "Sliding window of a whale cluster.");
    static final Setting<Double> TRACKED_MIN_USD = decimal("TRACKED_MIN_USD", DETECTION, DETECT.trackedMinUsd(), 0,
            1e12, "Smallest tracked-wallet trade reported, in USD.");
    static final Setting<Map<String, String>> TRACKED_WALLETS = new Setting<>("TRACKED_WALLETS", DETECTION, null,
            Parsers.walletList(), w -> (w == null ? 0 : w.size()) + " wallets", false,
            "Watch list of tracked wallets; merged with TRACKED_WALLETS_FILE. Shown as the number of wallets of"
                    + " both.");
    static final Setting<WatchListFile> TRACKED_WALLETS_FILE = new Setting<>("TRACKED_WALLETS_FILE", DETECTION,
            null, Parsers.walletFile(), f -> f == null ? "unset" : f.path(), false,
            "Watch list file: JSON ({\"0x...\": \"label\"} or [{\"address\", \"label\"}]) or CSV (address,label);"
                    + " merged with TRACKED_WALLETS. The service reads it as its own unprivileged user, which cannot"
                    + " see /home or /root: put it in /etc/betterbot/ with mode 0644 (a watch list holds no secret).");
    static final Setting<Double> FOLLOW_MAX_PRICE = decimal("FOLLOW_MAX_PRICE", DETECTION, DETECT.followMaxPrice(), 0,
            1, "Follow signals ignore trades whose followed side costs this or more (settlement sweeps): a BUY at p"
                    + " follows at p, a SELL at p follows as buying the other side at 1 - p.");
    static final Setting<Duration> FOLLOW_MAX_AGE_MINUTES = minutes("FOLLOW_MAX_AGE_MINUTES", DETECTION,
            DETECT.followMaxAge(), 1, 10_080,
            "A trade older than this when first seen (a backlog) is remembered as a fill but not followed.");
    static final Setting<Duration> COOLDOWN_MINUTES = minutes("COOLDOWN_MINUTES", DETECTION, DETECT.cooldown(), 0,
            10_080, "One whale / tracked-wallet signal per wallet, market and outcome in this time; also how long a"
                    + " spread or a deviation must be gone before it counts as new.");
    static final Setting<Double> MIN_EDGE = decimal("MIN_EDGE", DETECTION, DETECT.minEdge(), 0, 1,
            "Smallest price-deviation edge after taker fees.");
    static final Setting<Double> DEFAULT_TAKER_FEE_RATE = decimal("DEFAULT_TAKER_FEE_RATE", DETECTION,
            DETECT.defaultTakerFeeRate(), 0, 1, "Taker fee rate assumed when a market's fee schedule is unknown.");
    static final Setting<Double> EXPIRY_MAX_HOURS = decimal("EXPIRY_MAX_HOURS", DETECTION, DETECT.expiryMaxHours(),
            0.01, 8_760, "An expiry edge ends within this many hours.");
    static final Setting<Double> EXPIRY_MIN_PRICE = decimal("EXPIRY_MIN_PRICE", DETECTION, DETECT.expiryMinPrice(),
            0, 1, "Smallest favourite price of an expiry edge.");
    static final Setting<Double> EXPIRY_MAX_PRICE = decimal("EXPIRY_MAX_PRICE", DETECTION, DETECT.expiryMaxPrice(),
            0, 1, "A favourite at this price or above is a settlement sweep, not an expiry edge; must be above"
                    + " EXPIRY_MIN_PRICE.");
    static final Setting<Double> VOLUME_SPIKE_RATIO = decimal("VOLUME_SPIKE_RATIO", DETECTION,
            DETECT.volumeSpikeRatio(), 0.01, 1_000, "A volume spike: 24 h volume at least this many times the"
                    + " market's own daily average.");
    static final Setting<Double> VOLUME_SPIKE_MIN_USD = decimal("VOLUME_SPIKE_MIN_USD", DETECTION,
            DETECT.volumeSpikeMinUsd(), 0, 1e12, "Smallest 24 h volume (USD) of a volume spike.");
    static final Setting<Double> WIDE_SPREAD_MIN = decimal("WIDE_SPREAD_MIN", DETECTION, DETECT.wideSpreadMin(), 0, 1,
            "Best ask - best bid of a wide spread.");
    static final Setting<Double> MIN_LIQUIDITY_USD = decimal("MIN_LIQUIDITY_USD", DETECTION, DETECT.minLiquidityUsd(),
            0, 1e12, "Markets thinner than this (USD) give no expiry edge, no wide spread and no position: the"
                    + " detectors and the risk manager share it.");

    static final Setting<Double> BANKROLL = decimal("BANKROLL", RISK, SIZING.bankroll(), 0, 1e12,
            "USD the risk manager sizes positions from.");
    static final Setting<Double> KELLY_FRACTION = decimal("KELLY_FRACTION", RISK, SIZING.kellyFraction(), 0.001, 1,
            "Share of full Kelly staked.");
    static final Setting<Double> MAX_POSITION_PCT = decimal("MAX_POSITION_PCT", RISK, SIZING.maxPositionPct(), 0.001,
            1, "Largest position as a share of the bankroll.");
    static final Setting<Double> FULL_SIZE_LIQUIDITY_USD = decimal("FULL_SIZE_LIQUIDITY_USD", RISK,
            SIZING.fullSizeLiquidityUsd(), 1, 1e12, "Below this market liquidity (USD) a position shrinks in"
                    + " proportion.");

    static final Setting<List<Horizon>> GRADE_HORIZONS = new Setting<>("GRADE_HORIZONS", GRADING, GRADE.horizons(),
            Parsers.horizons(), h -> String.join(",", h.stream().map(Horizon::wireName).toList()), false,
            "Times after detection at which every signal with a side is graded (settlement is always graded too).");
    static final Setting<Integer> CALIBRATION_MIN_GRADES = integer("CALIBRATION_MIN_GRADES", GRADING,
            GRADE.calibration().minGrades(), 2, 1_000_000, "Settled grades a tier (signal type and confidence"
                    + " bucket) needs before it is sized from its record instead of its prior.");
    static final Setting<Double> CALIBRATION_SHRINKAGE = decimal("CALIBRATION_SHRINKAGE", GRADING,
            GRADE.calibration().shrinkage(), 0, 1_000_000, "Pseudo-observations at the market price a tier's"
                    + " record is shrunk toward: the fewer its grades, the more it leans on the market.");
    static final Setting<Duration> GRADE_CHECK_MINUTES = minutes("GRADE_CHECK_MINUTES", GRADING,
            GRADE.settlementCheckInterval(), 1, 1_440, "How often the grader asks Gamma about the markets of unsettled"
                    + " signals and CLOB about missing prices.");

    static final Setting<Boolean> SOURCES_ENABLED = of("SOURCES_ENABLED", SOURCES, true, Parsers.bool(),
            "false: serve stored signals without polling anything (offline; replay only).");
    static final Setting<URI> POLYMARKET_GAMMA_URL = url("POLYMARKET_GAMMA_URL", FETCH.gammaUrl(),
            "Gamma API base URL (markets, events); change the URLs for a mirror or a compatible provider.");
    static final Setting<URI> POLYMARKET_DATA_URL = url("POLYMARKET_DATA_URL", FETCH.dataUrl(),
            "Data API base URL (trades).");
    static final Setting<URI> POLYMARKET_CLOB_URL = url("POLYMARKET_CLOB_URL", FETCH.clobUrl(),
            "CLOB API base URL (order books).");
    static final Setting<URI> HASHDIVE_URL = url("HASHDIVE_URL", FETCH.hashdiveUrl(), "Hashdive API base URL.");
    static final Setting<String> HASHDIVE_API_KEY = secret("HASHDIVE_API_KEY", SOURCES, Parsers.text(),
            "Turns Hashdive on. A secret: never printed or logged.");
    static final Setting<URI> DOME_WS_URL = new Setting<>("DOME_WS_URL", SOURCES, FETCH.domeWsUrl(),
            Parsers.url("ws", "wss"), URI::toString, false,
            "Dome-compatible WebSocket base URL; the key is appended as its path.");
    static final Setting<String> DOME_API_KEY = secret("DOME_API_KEY", SOURCES, Parsers.text(),
            "Turns the Dome-compatible stream of the tracked wallets on. A secret: never printed or logged.");
    static final Setting<Integer> MARKETS_LIMIT = integer("MARKETS_LIMIT", SOURCES, FETCH.marketsLimit(), 1, 10_000,
            "Gamma markets fetched per poll, by 24 h volume.");
    static final Setting<Integer> BOOK_MARKETS = integer("BOOK_MARKETS", SOURCES, FETCH.bookMarkets(), 0, 10_000,
            "Top markets whose order books are fetched (plus every leg of their NegRisk events).");
    static final Setting<Duration> MARKETS_POLL_SECONDS = seconds("MARKETS_POLL_SECONDS", SOURCES,
            FETCH.marketsInterval(), 1, 86_400, "Markets poll interval.");
    static final Setting<Duration> BOOKS_POLL_SECONDS = seconds("BOOKS_POLL_SECONDS", SOURCES, FETCH.booksInterval(),
            1, 86_400, "Order books poll interval.");
    static final Setting<Duration> TRADES_POLL_SECONDS = seconds("TRADES_POLL_SECONDS", SOURCES,
            FETCH.tradesInterval(), 1, 86_400, "Whale trades poll interval.");
    static final Setting<Duration> WALLETS_POLL_SECONDS = seconds("WALLETS_POLL_SECONDS", SOURCES,
            FETCH.walletsInterval(), 1, 86_400, "Tracked wallets poll interval.");
    static final Setting<Duration> HASHDIVE_POLL_MINUTES = minutes("HASHDIVE_POLL_MINUTES", SOURCES,
            FETCH.hashdiveInterval(), 1, 44_640, "Hashdive poll interval (its plan has ~1,000 credits a month).");
    static final Setting<Duration> TRADES_OVERLAP_SECONDS = seconds("TRADES_OVERLAP_SECONDS", SOURCES,
            FETCH.tradeOverlap(), 0, 86_400, "How far back each trade poll reaches behind what it already has"
                    + " (overlapping polls miss nothing).");
    static final Setting<Double> POLL_JITTER = decimal("POLL_JITTER", SOURCES, FETCH.jitter(), 0, 0.5,
            "Share of each poll interval randomised, so that pollers do not run in lockstep.");
    static final Setting<Duration> UPSTREAM_CONNECT_TIMEOUT_SECONDS = seconds("UPSTREAM_CONNECT_TIMEOUT_SECONDS",
            SOURCES, FETCH.connectTimeout(), 1, 300, "Upstream connect timeout.");
    static final Setting<Duration> UPSTREAM_REQUEST_TIMEOUT_SECONDS = seconds("UPSTREAM_REQUEST_TIMEOUT_SECONDS",
            SOURCES, FETCH.requestTimeout(), 1, 600, "Upstream per-request timeout.");
    static final Setting<Duration> BACKOFF_MAX_SECONDS = seconds("BACKOFF_MAX_SECONDS", SOURCES, FETCH.backoffMax(),
            1, 86_400, "Longest wait between attempts of a failing source.");
    static final Setting<Integer> DOME_MAX_USERS_PER_SUBSCRIPTION = integer("DOME_MAX_USERS_PER_SUBSCRIPTION",
            SOURCES, FETCH.domeMaxUsersPerSubscription(), 1, 10_000,
            "Wallets per Dome subscription message (the plan's limit; 5 on the free tier).");
    static final Setting<Duration> DOME_SILENCE_SECONDS = seconds("DOME_SILENCE_SECONDS", SOURCES,
            FETCH.domeSilence(), 1, 86_400, "A Dome stream silent this long (and deaf to a ping) is reconnected.");
    static final Setting<Boolean> MARKET_STREAM_ENABLED = of("MARKET_STREAM_ENABLED", SOURCES,
            FETCH.marketStream().enabled(), Parsers.bool(), "true: order books also come in real time from the CLOB"
                    + " market WebSocket, and price deviations and wide spreads are judged on every change (the books"
                    + " poll stays on as the check and the fallback); false: polled books only.");
    static final Setting<URI> POLYMARKET_MARKET_WS_URL = new Setting<>("POLYMARKET_MARKET_WS_URL", SOURCES,
            FETCH.marketStream().url(), Parsers.url("ws", "wss"), URI::toString, false,
            "CLOB market WebSocket address (ws:// is accepted for a local server).");
    static final Setting<Integer> MARKET_STREAM_TOKENS = integer("MARKET_STREAM_TOKENS", SOURCES,
            FETCH.marketStream().maxTokens(), 1, 200_000, "Outcome tokens the market stream follows at most: whole"
                    + " outcome sets of the polled markets, by 24 h volume (MARKETS_LIMIT bounds how many are known)."
                    + " A followed book of 20 levels a side takes about 1 KB of heap: past 10,000 raise -Xmx"
                    + " (BETTERBOT_JAVA_OPTS) with it.");
    static final Setting<Duration> MARKET_STREAM_SILENCE_SECONDS = seconds("MARKET_STREAM_SILENCE_SECONDS", SOURCES,
            FETCH.marketStream().silence(), 5, 86_400, "A market stream that brings no market message for this long"
                    + " is reconnected (its books rebuilt from fresh snapshots).");
    static final Setting<Path> RECORD_DIR = new Setting<>("RECORD_DIR", SOURCES, null, Parsers.recordingDirectory(),
            d -> d == null ? "unset" : d.toString(), false,
            "Records every upstream response the sources parse, as gzip replay files betterbot-YYYY-MM-DD.N.jsonl.gz"
                    + " in this directory (a new file at every start and UTC day; see docs/operations.md, Recording);"
                    + " unset records nothing. Under systemd it must lie in the StateDirectory, e.g."
                    + " /var/lib/betterbot/recordings.");
    static final Setting<Integer> RECORD_MAX_MB = integer("RECORD_MAX_MB", SOURCES, (int) RecordConfig.DEFAULT_MAX_MB,
            1, 10_000_000, "The recording files of RECORD_DIR are kept under this many MiB: beyond it the oldest"
                    + " files are deleted, never the one being written nor any other file.");

    static final Setting<String> API_TOKEN = secret("API_TOKEN", HTTP, Parsers.token(MIN_TOKEN_LENGTH),
            "When set, every route but /health needs \"Authorization: Bearer <token>\"; e.g. generate one with:"
                    + " openssl rand -hex 32. A secret: never printed or logged.");
    static final Setting<String> CORS_ORIGIN = new Setting<>("CORS_ORIGIN", HTTP, null, Parsers.origin(),
            o -> Objects.requireNonNullElse(o, "(none)"), false,
            "The one browser origin allowed to read the API (https://dash.example.com, or *); unset sends no CORS"
                    + " headers.");
    static final Setting<Boolean> ACCESS_LOG = of("ACCESS_LOG", HTTP, false, Parsers.bool(),
            "true: one line per request on the access logger (method, path without the query string, status,"
                    + " bytes, time), shown whatever LOG_LEVEL says.");
    static final Setting<Duration> HTTP_REQUEST_TIMEOUT_SECONDS = seconds("HTTP_REQUEST_TIMEOUT_SECONDS", HTTP,
            HttpConfig.DEFAULT_REQUEST_TIMEOUT, 1, 3600, "A request (line, headers, body) must arrive within this,"
                    + " and a new connection must start sending within it; live streams are not cut by it.");
    static final Setting<Duration> HTTP_IDLE_TIMEOUT_SECONDS = seconds("HTTP_IDLE_TIMEOUT_SECONDS", HTTP,
            HttpConfig.DEFAULT_IDLE_TIMEOUT, 1, 3600, "A keep-alive connection idle this long is closed.");
    static final Setting<Duration> STREAM_HEARTBEAT_SECONDS = seconds("STREAM_HEARTBEAT_SECONDS", HTTP,
            HttpConfig.DEFAULT_HEARTBEAT_INTERVAL, 1, 3600, "A \": ping\" comment on an idle live stream this often.");
    static final Setting<Integer> STREAM_CLIENT_QUEUE = integer("STREAM_CLIENT_QUEUE", HTTP,
            HttpConfig.DEFAULT_STREAM_QUEUE_CAPACITY, 1, 1_000_000,
            "Signals waiting for one stream client; a client that falls this far behind is disconnected.");
    static final Setting<Integer> STREAM_MAX_CLIENTS = integer("STREAM_MAX_CLIENTS", HTTP,
            HttpConfig.DEFAULT_MAX_STREAM_CLIENTS, 1, 100_000,
            "Live streams at once; more are answered 503 with Retry-After.");
    static final Setting<Integer> HTTP_MAX_HEAVY_REQUESTS = integer("HTTP_MAX_HEAVY_REQUESTS", HTTP,
            HttpConfig.DEFAULT_MAX_HEAVY_REQUESTS, 1, 1_000, "Heavy work at once (a listing of more than 100 signals"
                    + " not in the answer cache, a stream's replay); more waits up to 1 s, then gets 503 with"
                    + " Retry-After. Each takes up to ~3 MB of heap: raise it only with -Xmx.");
    static final Setting<Duration> HTTP_WRITE_TIMEOUT_SECONDS = seconds("HTTP_WRITE_TIMEOUT_SECONDS", HTTP,
            HttpConfig.DEFAULT_WRITE_TIMEOUT, 1, 3600, "A write to a client that does not complete within this (the"
                    + " client stopped reading) closes its connection, a live stream's included.");

    static final Setting<URI> WEBHOOK_URL = new Setting<>("WEBHOOK_URL", DELIVERY, null, Parsers.url("http", "https"),
            u -> u == null ? "unset" : u.toString(), false, "Pushes every signal to this webhook as a signed JSON POST"
                    + " (destination \"webhook\"); https://, or http:// for a receiver on this machine or a private"
                    + " network. Needs WEBHOOK_SECRET.");
    static final Setting<String> WEBHOOK_SECRET = secret("WEBHOOK_SECRET", DELIVERY, Parsers.token(MIN_TOKEN_LENGTH),
            "The key of the webhook's X-BetterBot-Signature (HMAC-SHA256); e.g. openssl rand -hex 32. A secret:"
                    + " never printed or logged.");
    static final Setting<Double> WEBHOOK_MIN_CONFIDENCE = minConfidence("WEBHOOK_MIN_CONFIDENCE", "webhook");
    static final Setting<Set<String>> WEBHOOK_TYPES = types("WEBHOOK_TYPES", "webhook");
    static final Setting<String> TELEGRAM_BOT_TOKEN = secret("TELEGRAM_BOT_TOKEN", DELIVERY, Parsers.text(),
            "Pushes every signal to a Telegram chat through this bot (destination \"telegram\"); needs"
                    + " TELEGRAM_CHAT_ID. A secret: never printed or logged.");
    static final Setting<String> TELEGRAM_CHAT_ID = of("TELEGRAM_CHAT_ID", DELIVERY, null, Parsers.chatId(),
            "The chat the bot writes to: a number (a group's or channel's is negative, e.g. -1001234567890) or"
                    + " @channelname.");
    static final Setting<Double> TELEGRAM_MIN_CONFIDENCE = minConfidence("TELEGRAM_MIN_CONFIDENCE", "Telegram");
    static final Setting<Set<String>> TELEGRAM_TYPES = types("TELEGRAM_TYPES", "Telegram");
    static final Setting<URI> TELEGRAM_API_URL = new Setting<>("TELEGRAM_API_URL", DELIVERY,
            URI.create("https://api.telegram.org"), Parsers.url("http", "https"), URI::toString, false,
            "Telegram Bot API base URL (a local Bot API server, or a test double).");
    static final Setting<URI> DISCORD_WEBHOOK_URL = new Setting<>("DISCORD_WEBHOOK_URL", DELIVERY, null,
            Parsers.secretUrl(), u -> Config.mask(u == null ? null : u.toString()), true,
            "Pushes every signal to a Discord channel through this webhook (destination \"discord\"). Its URL"
                    + " holds the webhook's token: a secret, never printed or logged.");
    static final Setting<Double> DISCORD_MIN_CONFIDENCE = minConfidence("DISCORD_MIN_CONFIDENCE", "Discord");
    static final Setting<Set<String>> DISCORD_TYPES = types("DISCORD_TYPES", "Discord");
    static final Setting<Path> DESTINATIONS_FILE = new Setting<>("DESTINATIONS_FILE", DELIVERY, null, Parsers.path(),
            f -> f == null ? "unset" : f.toString(), false, "JSON file of any number of named destinations, each"
                    + " with its own kind, filter and secret (see docs/delivery.md, Destinations file); added to"
                    + " those of the variables above. It holds secrets: mode 0640, owned by root, group betterbot.");

    static final Setting<String> JAVA_OPTS = of("BETTERBOT_JAVA_OPTS", JVM, "-Xmx256m", Parsers.text(),
            "JVM options of bin/betterbot; they replace its defaults. The systemd unit's value keeps resident"
                    + " memory under 150 MB; its MemoryMax must stay ~100 MB above -Xmx: raise both together.");

    /** Every setting, in the order of the reference and check-config. */
    static final List<Setting<?>> ALL = List.of(BIND_ADDRESS, PORT, DB_PATH, MAX_SIGNALS, LOG_LEVEL,
            WHALE_MIN_USD, CLUSTER_MIN_WALLETS, CLUSTER_WINDOW_MINUTES, TRACKED_MIN_USD, TRACKED_WALLETS,
            TRACKED_WALLETS_FILE, FOLLOW_MAX_PRICE, FOLLOW_MAX_AGE_MINUTES, COOLDOWN_MINUTES, MIN_EDGE,
            DEFAULT_TAKER_FEE_RATE, EXPIRY_MAX_HOURS, EXPIRY_MIN_PRICE, EXPIRY_MAX_PRICE, VOLUME_SPIKE_RATIO,
            VOLUME_SPIKE_MIN_USD, WIDE_SPREAD_MIN, MIN_LIQUIDITY_USD,
            BANKROLL, KELLY_FRACTION, MAX_POSITION_PCT, FULL_SIZE_LIQUIDITY_USD,
            GRADE_HORIZONS, CALIBRATION_MIN_GRADES, CALIBRATION_SHRINKAGE, GRADE_CHECK_MINUTES,
            SOURCES_ENABLED, POLYMARKET_GAMMA_URL, POLYMARKET_DATA_URL, POLYMARKET_CLOB_URL, HASHDIVE_URL,
            HASHDIVE_API_KEY, DOME_WS_URL, DOME_API_KEY, MARKETS_LIMIT, BOOK_MARKETS, MARKETS_POLL_SECONDS,
            BOOKS_POLL_SECONDS, TRADES_POLL_SECONDS, WALLETS_POLL_SECONDS, HASHDIVE_POLL_MINUTES,
            TRADES_OVERLAP_SECONDS, POLL_JITTER, UPSTREAM_CONNECT_TIMEOUT_SECONDS, UPSTREAM_REQUEST_TIMEOUT_SECONDS,
            BACKOFF_MAX_SECONDS, DOME_MAX_USERS_PER_SUBSCRIPTION, DOME_SILENCE_SECONDS, MARKET_STREAM_ENABLED,
            POLYMARKET_MARKET_WS_URL, MARKET_STREAM_TOKENS, MARKET_STREAM_SILENCE_SECONDS, RECORD_DIR, RECORD_MAX_MB,
            API_TOKEN, CORS_ORIGIN, ACCESS_LOG, HTTP_REQUEST_TIMEOUT_SECONDS, HTTP_IDLE_TIMEOUT_SECONDS,
            STREAM_HEARTBEAT_SECONDS, STREAM_CLIENT_QUEUE, STREAM_MAX_CLIENTS, HTTP_MAX_HEAVY_REQUESTS,
            HTTP_WRITE_TIMEOUT_SECONDS,
            WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_MIN_CONFIDENCE, WEBHOOK_TYPES, TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID,
            TELEGRAM_MIN_CONFIDENCE, TELEGRAM_TYPES, TELEGRAM_API_URL, DISCORD_WEBHOOK_URL, DISCORD_MIN_CONFIDENCE,
            DISCORD_TYPES, DESTINATIONS_FILE,
            JAVA_OPTS);

    /** The settings the service reads (the launcher reads the others). */
    static final List<Setting<?>> SERVICE_READS = ALL.stream().filter(s -> s.group().readByService()).toList();

    /** Names of the variables whose values are never shown. */
    static final List<String> SECRETS = ALL.stream().filter(Setting::secret).map(Setting::name).toList();

    private Settings() {
    }

    private static <T> Setting<T> of(String name, Group group, T defaultValue, Parser<T> parser, String description) {
        return new Setting<>(name, group, defaultValue, parser, String::valueOf, false, description);
    }

    private static Setting<Integer> integer(String name, Group group, int defaultValue, int min, int max,
                                            String description) {
        return of(name, group, defaultValue, Parsers.integer(min, max), description);
    }

    private static Setting<Double> decimal(String name, Group group, double defaultValue, double min, double max,
                                           String description) {
        return new Setting<>(name, group, defaultValue, Parsers.decimal(min, max), Setting::plain, false, description);
    }

    private static Setting<Duration> seconds(String name, Group group, Duration defaultValue, int min, int max,
                                             String description) {
        return duration(name, group, defaultValue, Parsers.integer(min, max).map(Duration::ofSeconds),
                Duration::toSeconds, description);
    }

    private static Setting<Duration> minutes(String name, Group group, Duration defaultValue, int min, int max,
                                             String description) {
        return duration(name, group, defaultValue, Parsers.integer(min, max).map(Duration::ofMinutes),
                Duration::toMinutes, description);
    }

    private static Setting<Duration> duration(String name, Group group, Duration defaultValue, Parser<Duration> parser,
                                              Function<Duration, Long> unit, String description) {
        return new Setting<>(name, group, defaultValue, parser, d -> Long.toString(unit.apply(d)), false,
                description);
    }

    private static Setting<URI> url(String name, URI defaultValue, String description) {
        return new Setting<>(name, SOURCES, defaultValue, Parsers.url("http", "https"), URI::toString, false,
                description);
    }

    private static Setting<Double> minConfidence(String name, String destination) {
        return new Setting<>(name, DELIVERY, null, Parsers.decimal(0, 1), c -> c == null ? "unset" : Setting.plain(c),
                false, "Only signals of at least this confidence go to the " + destination + " destination.");
    }

    private static Setting<Set<String>> types(String name, String destination) {
        return new Setting<>(name, DELIVERY, null, Parsers.signalTypes(),
                t -> t == null ? "all" : String.join(",", t), false,
                "Only these signal types (comma-separated, e.g. whale_trade,price_deviation) go to the " + destination
                        + " destination.");
    }

    private static Setting<String> secret(String name, Group group, Parser<String> parser, String description) {
        return new Setting<>(name, group, null, parser, Config::mask, true, description);
    }
}
