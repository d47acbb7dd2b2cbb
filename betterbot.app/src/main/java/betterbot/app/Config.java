package betterbot.app;

import static betterbot.app.Settings.ACCESS_LOG;
import static betterbot.app.Settings.API_TOKEN;
import static betterbot.app.Settings.CORS_ORIGIN;
import static betterbot.app.Settings.HTTP_IDLE_TIMEOUT_SECONDS;
import static betterbot.app.Settings.HTTP_MAX_HEAVY_REQUESTS;
import static betterbot.app.Settings.HTTP_REQUEST_TIMEOUT_SECONDS;
import static betterbot.app.Settings.HTTP_WRITE_TIMEOUT_SECONDS;
import static betterbot.app.Settings.STREAM_CLIENT_QUEUE;
import static betterbot.app.Settings.STREAM_HEARTBEAT_SECONDS;
import static betterbot.app.Settings.STREAM_MAX_CLIENTS;

import betterbot.http.HttpConfig;
import betterbot.signals.delivery.Destination;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.SourcesConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The service's configuration, read from environment variables and validated as a whole: every invalid
 * variable is reported at once, by name, with what it accepts. The variables, their defaults and what they accept
 * are the table of {@link Settings}; see docs/configuration.md.
 *
 * @param detection detector thresholds and the tracked-wallet watch list
 * @param risk position sizing
 * @param grading grading horizons, calibration and the grader's request interval (see docs/grading.md)
 * @param api the HTTP API's safety limits and live stream settings ({@link Api})
 * @param sourcesEnabled false serves stored signals without polling
 * @param sources upstream URLs, keys, intervals and timeouts
 * @param record where and how much the sources record (see docs/operations.md, Recording); null: not recording
 * @param destinations where signals are pushed (see docs/delivery.md); empty: nowhere
 * @param described the effective value of every variable, by name, secrets masked (see {@link #describe()})
 */
record Config(String bindAddress, int port, Path dbPath, int maxSignals, String logLevel,
              DetectionConfig detection, RiskConfig risk, GradingConfig grading, Api api, boolean sourcesEnabled, SourcesConfig sources,
              RecordConfig record, List<Destination> destinations, Map<String, String> described) {
    /** Variables whose values never reach a log line, an error message or check-config's output. */
    static final List<String> SECRET_VARIABLES = Settings.SECRETS;
    static final String SECRET_SET = "set (hidden)";
    static final String SECRET_UNSET = "unset";

    Config {
        destinations = List.copyOf(destinations);
        described = Collections.unmodifiableMap(new LinkedHashMap<>(described));
    }

    /** The same configuration grading with {@code g} (tests shorten the grader's request interval this way). */
    Config withGrading(GradingConfig g) {
        return new Config(bindAddress, port, dbPath, maxSignals, logLevel, detection, risk, g, api, sourcesEnabled,
                sources, record, destinations, described);
    }

    static Config fromEnv(Map<String, String> env) {
        return ConfigReading.read(new SettingsReader(env, Settings.SERVICE_READS));
    }

    /** Reads the configuration, or prints every problem to {@code err} and returns null (exit status 78 follows). */
    static Config fromEnvOrReport(Map<String, String> env, PrintStream err) {
        try {
            return fromEnv(env);
        } catch (ConfigException e) {
            e.printTo(err);
            return null;
        }
    }

    /** Every variable this configuration reads, in the table's order (the env example documents each). */
    static SequencedSet<String> variables() {
        SequencedSet<String> names = new LinkedHashSet<>();
        Settings.SERVICE_READS.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The effective settings, by variable name, for start-up logs and check-config; secrets masked. */
    Map<String, String> describe() {
        return described;
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

    /** What the HTTP layer is given: these settings plus where to listen. */
    HttpConfig httpConfig(String version) {
        return new HttpConfig(bindAddress, port, version, api.apiToken(), api.corsOrigin(), api.accessLog(),
                HttpConfig.DEFAULT_MAX_BODY_BYTES, api.requestTimeout(), api.idleTimeout(), api.streamHeartbeat(),
                api.streamClientQueue(), api.streamMaxClients(), api.maxHeavyRequests(), api.writeTimeout());
    }

    /**
     * The HTTP API's variables (group HTTP of {@link Settings}).
     *
     * @param apiToken a secret (never logged, masked by {@link #describe()}); null: no token
     * @param corsOrigin null: no CORS
     */
    record Api(String apiToken, String corsOrigin, boolean accessLog, Duration requestTimeout, Duration idleTimeout,
               Duration streamHeartbeat, int streamClientQueue, int streamMaxClients, int maxHeavyRequests,
               Duration writeTimeout) {
        static Api read(SettingsReader r) {
            return new Api(r.get(API_TOKEN), r.get(CORS_ORIGIN), r.get(ACCESS_LOG), r.get(HTTP_REQUEST_TIMEOUT_SECONDS),
                    r.get(HTTP_IDLE_TIMEOUT_SECONDS), r.get(STREAM_HEARTBEAT_SECONDS), r.get(STREAM_CLIENT_QUEUE),
                    r.get(STREAM_MAX_CLIENTS), r.get(HTTP_MAX_HEAVY_REQUESTS), r.get(HTTP_WRITE_TIMEOUT_SECONDS));
        }

        /** Never shows the token. */
        @Override
        public String toString() {
            return "Api[apiToken=" + mask(apiToken) + ", corsOrigin=" + corsOrigin + ", accessLog=" + accessLog
                    + ", requestTimeout=" + requestTimeout + ", idleTimeout=" + idleTimeout + ", streamHeartbeat="
                    + streamHeartbeat + ", streamClientQueue=" + streamClientQueue + ", streamMaxClients="
                    + streamMaxClients + ", maxHeavyRequests=" + maxHeavyRequests + ", writeTimeout=" + writeTimeout
                    + "]";
        }
    }
}
