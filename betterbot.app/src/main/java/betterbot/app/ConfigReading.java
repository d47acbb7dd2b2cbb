package betterbot.app;

import static betterbot.app.Settings.BACKOFF_MAX_SECONDS;
import static betterbot.app.Settings.BANKROLL;
import static betterbot.app.Settings.CALIBRATION_MIN_GRADES;
import static betterbot.app.Settings.CALIBRATION_SHRINKAGE;
import static betterbot.app.Settings.GRADE_CHECK_MINUTES;
import static betterbot.app.Settings.GRADE_HORIZONS;
import static betterbot.app.Settings.BIND_ADDRESS;
import static betterbot.app.Settings.BOOKS_POLL_SECONDS;
import static betterbot.app.Settings.BOOK_MARKETS;
import static betterbot.app.Settings.CLUSTER_MIN_WALLETS;
import static betterbot.app.Settings.CLUSTER_WINDOW_MINUTES;
import static betterbot.app.Settings.COOLDOWN_MINUTES;
import static betterbot.app.Settings.DB_PATH;
import static betterbot.app.Settings.DEFAULT_TAKER_FEE_RATE;
import static betterbot.app.Settings.DOME_API_KEY;
import static betterbot.app.Settings.DOME_MAX_USERS_PER_SUBSCRIPTION;
import static betterbot.app.Settings.DOME_SILENCE_SECONDS;
import static betterbot.app.Settings.DOME_WS_URL;
import static betterbot.app.Settings.MARKET_STREAM_ENABLED;
import static betterbot.app.Settings.MARKET_STREAM_SILENCE_SECONDS;
import static betterbot.app.Settings.MARKET_STREAM_TOKENS;
import static betterbot.app.Settings.POLYMARKET_MARKET_WS_URL;
import static betterbot.app.Settings.EXPIRY_MAX_HOURS;
import static betterbot.app.Settings.EXPIRY_MAX_PRICE;
import static betterbot.app.Settings.EXPIRY_MIN_PRICE;
import static betterbot.app.Settings.FOLLOW_MAX_AGE_MINUTES;
import static betterbot.app.Settings.FOLLOW_MAX_PRICE;
import static betterbot.app.Settings.FULL_SIZE_LIQUIDITY_USD;
import static betterbot.app.Settings.HASHDIVE_API_KEY;
import static betterbot.app.Settings.HASHDIVE_POLL_MINUTES;
import static betterbot.app.Settings.HASHDIVE_URL;
import static betterbot.app.Settings.KELLY_FRACTION;
import static betterbot.app.Settings.LOG_LEVEL;
import static betterbot.app.Settings.MARKETS_LIMIT;
import static betterbot.app.Settings.MARKETS_POLL_SECONDS;
import static betterbot.app.Settings.MAX_POSITION_PCT;
import static betterbot.app.Settings.MAX_SIGNALS;
import static betterbot.app.Settings.MIN_EDGE;
import static betterbot.app.Settings.MIN_LIQUIDITY_USD;
import static betterbot.app.Settings.POLL_JITTER;
import static betterbot.app.Settings.POLYMARKET_CLOB_URL;
import static betterbot.app.Settings.POLYMARKET_DATA_URL;
import static betterbot.app.Settings.POLYMARKET_GAMMA_URL;
import static betterbot.app.Settings.PORT;
import static betterbot.app.Settings.RECORD_DIR;
import static betterbot.app.Settings.RECORD_MAX_MB;
import static betterbot.app.Settings.SOURCES_ENABLED;
import static betterbot.app.Settings.TRACKED_MIN_USD;
import static betterbot.app.Settings.TRACKED_WALLETS;
import static betterbot.app.Settings.TRACKED_WALLETS_FILE;
import static betterbot.app.Settings.TRADES_OVERLAP_SECONDS;
import static betterbot.app.Settings.TRADES_POLL_SECONDS;
import static betterbot.app.Settings.UPSTREAM_CONNECT_TIMEOUT_SECONDS;
import static betterbot.app.Settings.UPSTREAM_REQUEST_TIMEOUT_SECONDS;
import static betterbot.app.Settings.VOLUME_SPIKE_MIN_USD;
import static betterbot.app.Settings.VOLUME_SPIKE_RATIO;
import static betterbot.app.Settings.WALLETS_POLL_SECONDS;
import static betterbot.app.Settings.WHALE_MIN_USD;
import static betterbot.app.Settings.WIDE_SPREAD_MIN;

import betterbot.app.Parsers.WatchListFile;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.CalibrationConfig;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.sources.MarketStreamConfig;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.SourcesConfig;
import java.util.LinkedHashMap;
import betterbot.signals.delivery.Destination;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Config} from the settings read: the configuration records of each part, and the rules that
 * span several variables (an expiry band, a watch list of two sources, a liquidity floor shared by detection and
 * risk).
 */
final class ConfigReading {
    private ConfigReading() {
    }

    static Config read(SettingsReader r) {
        DetectionConfig detection = detection(r);
        RiskConfig risk = new RiskConfig(r.get(BANKROLL), r.get(KELLY_FRACTION), r.get(MAX_POSITION_PCT),
                detection.minLiquidityUsd(), r.get(FULL_SIZE_LIQUIDITY_USD));
        SourcesConfig sources = sources(r, detection);
        GradingConfig grading = grading(r);
        List<Destination> destinations = DestinationsReading.read(r);
        r.throwIfInvalid();
        Map<String, String> described = described(r);
        described.put(TRACKED_WALLETS.name(), TRACKED_WALLETS.show(detection.trackedWallets()));
        return new Config(r.get(BIND_ADDRESS), r.get(PORT), r.get(DB_PATH), r.get(MAX_SIGNALS), r.get(LOG_LEVEL),
                detection, risk, grading, Config.Api.read(r), r.get(SOURCES_ENABLED), sources, record(r), destinations,
                described);
    }

    /** Grading horizons and calibration; the checkpoint interval keeps its default (docs/grading.md). */
    private static GradingConfig grading(SettingsReader r) {
        GradingConfig defaults = GradingConfig.defaults();
        return defaults.withHorizons(r.get(GRADE_HORIZONS))
                .withCalibration(new CalibrationConfig(r.get(CALIBRATION_MIN_GRADES), r.get(CALIBRATION_SHRINKAGE)))
                .withIntervals(r.get(GRADE_CHECK_MINUTES), defaults.checkpointInterval());
    }

    /** Detector thresholds; every default is that of docs/domain.md, Detection rules. */
    private static DetectionConfig detection(SettingsReader r) {
        double expiryMinPrice = r.get(EXPIRY_MIN_PRICE);
        double expiryMaxPrice = r.get(EXPIRY_MAX_PRICE);
        if (expiryMaxPrice <= expiryMinPrice) {
            r.problem(EXPIRY_MAX_PRICE.name() + " must be above " + EXPIRY_MIN_PRICE.name() + " ("
                    + Setting.plain(expiryMinPrice) + "), got " + Setting.plain(expiryMaxPrice));
            expiryMaxPrice = 1; // reported above; keeps the record constructible so every problem is listed
            expiryMinPrice = Math.min(expiryMinPrice, 0.99);
        }
        return new DetectionConfig(r.get(WHALE_MIN_USD), r.get(CLUSTER_MIN_WALLETS), r.get(CLUSTER_WINDOW_MINUTES),
                r.get(TRACKED_MIN_USD), watchList(r), r.get(FOLLOW_MAX_PRICE), r.get(COOLDOWN_MINUTES),
                r.get(MIN_EDGE), r.get(DEFAULT_TAKER_FEE_RATE), r.get(EXPIRY_MAX_HOURS), expiryMinPrice,
                r.get(VOLUME_SPIKE_RATIO), r.get(VOLUME_SPIKE_MIN_USD), r.get(WIDE_SPREAD_MIN), r.get(MIN_LIQUIDITY_USD),
                expiryMaxPrice, r.get(FOLLOW_MAX_AGE_MINUTES));
    }

    /** The watch list: both variables may be set, and their wallets are merged. */
    private static Map<String, String> watchList(SettingsReader r) {
        Map<String, String> wallets = new LinkedHashMap<>();
        Map<String, String> listed = r.get(TRACKED_WALLETS);
        if (listed != null) {
            wallets.putAll(listed);
        }
        WatchListFile file = r.get(TRACKED_WALLETS_FILE);
        if (file != null) {
            wallets.putAll(file.wallets());
        }
        return wallets;
    }

    /** Every setting read, shown as the table says (a secret as set or unset only). */
    private static Map<String, String> described(SettingsReader r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> s : Settings.SERVICE_READS) {
            out.put(s.name(), shown(r, s));
        }
        return out;
    }

    private static <T> String shown(SettingsReader r, Setting<T> s) {
        return s.show(r.get(s));
    }

    /** Where the sources record what they fetch, and how much is kept; null when RECORD_DIR is unset. */
    private static RecordConfig record(SettingsReader r) {
        return r.get(RECORD_DIR) == null ? null : RecordConfig.megabytes(r.get(RECORD_DIR), r.get(RECORD_MAX_MB));
    }

    /** Where and how often to fetch; the whale feed's threshold and the watch list come from detection. */
    private static SourcesConfig sources(SettingsReader r, DetectionConfig detection) {
        return new SourcesConfig(r.get(POLYMARKET_GAMMA_URL), r.get(POLYMARKET_DATA_URL), r.get(POLYMARKET_CLOB_URL),
                r.get(HASHDIVE_URL), r.get(HASHDIVE_API_KEY), r.get(DOME_WS_URL), r.get(DOME_API_KEY),
                r.get(MARKETS_LIMIT), r.get(BOOK_MARKETS), detection.whaleMinUsd(),
                List.copyOf(detection.trackedWallets().keySet()), r.get(MARKETS_POLL_SECONDS),
                r.get(BOOKS_POLL_SECONDS), r.get(TRADES_POLL_SECONDS), r.get(WALLETS_POLL_SECONDS),
                r.get(HASHDIVE_POLL_MINUTES), r.get(TRADES_OVERLAP_SECONDS), r.get(POLL_JITTER),
                r.get(UPSTREAM_CONNECT_TIMEOUT_SECONDS), r.get(UPSTREAM_REQUEST_TIMEOUT_SECONDS),
                r.get(BACKOFF_MAX_SECONDS), r.get(DOME_MAX_USERS_PER_SUBSCRIPTION), r.get(DOME_SILENCE_SECONDS),
                new MarketStreamConfig(r.get(POLYMARKET_MARKET_WS_URL), r.get(MARKET_STREAM_ENABLED),
                        r.get(MARKET_STREAM_TOKENS), r.get(MARKET_STREAM_SILENCE_SECONDS),
                        MarketStreamConfig.defaults().pingInterval()));
    }
}
