package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.Horizon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    @Test
    void defaultsServeASingleMachine() {
        Config c = Config.fromEnv(Map.of());
        assertEquals("127.0.0.1", c.bindAddress());
        assertEquals(8080, c.port());
        assertEquals(Path.of("./betterbot_signals.db"), c.dbPath());
        assertEquals(10_000, c.maxSignals());
        assertEquals("info", c.logLevel());
    }

    @Test
    void variablesOverrideDefaults() {
        Config c = Config.fromEnv(Map.of("PORT", "9000", "BIND_ADDRESS", "0.0.0.0", "DB_PATH", "/var/lib/x.db",
                "MAX_SIGNALS", "500", "LOG_LEVEL", "DEBUG"));
        assertEquals(9000, c.port());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(Path.of("/var/lib/x.db"), c.dbPath());
        assertEquals(500, c.maxSignals());
        assertEquals("debug", c.logLevel());
    }

    @ParameterizedTest
    @CsvSource({
        "PORT, abc, PORT must be an integer from 0 to 65535",
        "PORT, 70000, PORT must be an integer from 0 to 65535",
        "MAX_SIGNALS, 0, MAX_SIGNALS must be an integer from 1 to 10000000",
        "LOG_LEVEL, loud, LOG_LEVEL must be one of error, warn, info, debug, trace",
        "BIND_ADDRESS, 999.1.1.1, BIND_ADDRESS must be an IP address",
    })
    void anInvalidVariableIsNamedWithWhatItAccepts(String name, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, value)));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith(message), e.problems().get(0));
        assertTrue(e.problems().get(0).contains(value));
    }

    /** One strict number syntax: what Java's parsers would also take is refused, naming the variable. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PORT|\u0663|PORT must be an integer from 0 to 65535",
        "MAX_SIGNALS|1e2|MAX_SIGNALS must be an integer from 1 to 10000000",
        "MAX_SIGNALS|+100|MAX_SIGNALS must be an integer from 1 to 10000000",
        "MAX_SIGNALS|0x10|MAX_SIGNALS must be an integer from 1 to 10000000",
        "MAX_SIGNALS|99999999999999999999|MAX_SIGNALS must be an integer from 1 to 10000000",
        "MIN_EDGE|1e-2|MIN_EDGE must be a number from 0 to 1",
        "MIN_EDGE|.5f|MIN_EDGE must be a number from 0 to 1",
        "MIN_EDGE|0.5d|MIN_EDGE must be a number from 0 to 1",
        "MIN_EDGE|0x1p-1|MIN_EDGE must be a number from 0 to 1",
        "MIN_EDGE|NaN|MIN_EDGE must be a number from 0 to 1",
        "BANKROLL|Infinity|BANKROLL must be a number from 0 to 1000000000000",
        "KELLY_FRACTION|\u0660.5|KELLY_FRACTION must be a number from 0.001 to 1",
    })
    void numbersHaveOnePlainSyntax(String name, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, value)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith(message), e.problems().get(0));
    }

    @Test
    void gradingSettingsReachTheGrader() {
        Config defaults = Config.fromEnv(Map.of());
        assertEquals(List.of(Horizon.parse("1h"), Horizon.parse("24h")), defaults.grading().horizons());
        assertEquals(30, defaults.grading().calibration().minGrades());

        Config c = Config.fromEnv(Map.of("GRADE_HORIZONS", "24h, 90s,15m", "CALIBRATION_MIN_GRADES", "50",
                "CALIBRATION_SHRINKAGE", "5.5", "GRADE_CHECK_MINUTES", "3"));
        assertEquals(List.of(Horizon.parse("90s"), Horizon.parse("15m"), Horizon.parse("24h")), c.grading().horizons(),
                "in ascending order");
        assertEquals(50, c.grading().calibration().minGrades());
        assertEquals(5.5, c.grading().calibration().shrinkage());
        assertEquals(Duration.ofMinutes(3), c.grading().settlementCheckInterval());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1h,settlement | 'settlement' is always graded",
            "1h,,24h       | is not a positive duration",
            "0m            | is not a positive duration",
            "1h,60m        | is listed twice",
            "1 hour        | is not a positive duration"})
    void aBadGradeHorizonIsRefusedByName(String value, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("GRADE_HORIZONS", value)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("GRADE_HORIZONS "), e.problems().get(0));
        assertTrue(e.problems().get(0).contains(reason), e.problems().get(0));
    }

    @Test
    void plainNumbersWithSeparatorsAreRead() {
        Config c = Config.fromEnv(Map.of("MAX_SIGNALS", "10_000", "MIN_EDGE", "0.05", "BANKROLL", "2_500.50",
                "PORT", " 9001 "));
        assertEquals(10_000, c.maxSignals());
        assertEquals(0.05, c.detection().minEdge());
        assertEquals(2500.5, c.risk().bankroll());
        assertEquals(9001, c.port(), "surrounding spaces are dropped");
    }

    /** An empty value is unset (how an env file clears a setting); a value of only spaces is a mistake. */
    @Test
    void anEmptyValueIsUnsetButABlankOneIsRefused() {
        Config empty = Config.fromEnv(Map.of("PORT", "", "MIN_EDGE", ""));
        assertEquals(8080, empty.port());
        assertEquals(DetectionConfig.defaults().minEdge(), empty.detection().minEdge());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("PORT", "   ", "MIN_EDGE", "\t")));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("PORT is blank")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("MIN_EDGE is blank")), e.problems().toString());
    }

    /** One boolean syntax for every boolean variable: true or false in any case, nothing else. */
    @ParameterizedTest
    @CsvSource({"SOURCES_ENABLED", "MARKET_STREAM_ENABLED", "ACCESS_LOG"})
    void everyBooleanHasTheSameSyntax(String name) {
        Config on = Config.fromEnv(Map.of(name, "TRUE"));
        Config off = Config.fromEnv(Map.of(name, "False"));
        assertEquals("true", on.describe().get(name));
        assertEquals("false", off.describe().get(name));
        for (String refused : List.of("yes", "1", "on", "off")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, refused)));
            assertEquals(List.of(name + " must be true or false, got '" + refused + "'"), e.problems());
        }
    }

    @Test
    void theBooleanVariablesAreThoseTested() {
        assertEquals(List.of("SOURCES_ENABLED", "MARKET_STREAM_ENABLED", "ACCESS_LOG"), Settings.ALL.stream()
                .filter(s -> s.defaultValue() instanceof Boolean).map(Setting::name).toList(),
                "a new boolean variable is added to everyBooleanHasTheSameSyntax");
    }

    @Test
    void everyInvalidVariableIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("PORT", "-1", "MAX_SIGNALS", "many")));
        assertEquals(2, e.problems().size());
    }

    @Test
    void everyVariableReadIsListed() {
        assertTrue(Config.variables().containsAll(List.of("BIND_ADDRESS", "PORT", "DB_PATH", "MAX_SIGNALS",
                "LOG_LEVEL")), Config.variables().toString());
    }

    @Test
    void aSecretIsShownOnlyAsSetOrUnset() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PORT", "8080");
        settings.put("API_TOKEN", "tok-3f9a1c");
        settings.put("HASHDIVE_API_KEY", "");
        settings.put("DOME_API_KEY", null);
        Map<String, String> shown = Config.masked(settings);
        assertEquals("8080", shown.get("PORT"));
        assertEquals("set (hidden)", shown.get("API_TOKEN"));
        assertEquals("unset", shown.get("HASHDIVE_API_KEY"));
        assertEquals("unset", shown.get("DOME_API_KEY"));
        assertEquals(List.copyOf(settings.keySet()), List.copyOf(shown.keySet()), "order kept");
    }

    @Test
    void anInvalidSecretIsReportedWithoutItsValue() {
        Setting<Integer> numericSecret = new Setting<>("API_TOKEN", Group.HTTP, 0, Parsers.integer(0, 1),
                String::valueOf, true, "a secret read as a number");
        SettingsReader r = new SettingsReader(Map.of("API_TOKEN", "s3cr3t-value", "PORT", "x1"),
                List.of(numericSecret, Settings.PORT));
        ConfigException e = assertThrows(ConfigException.class, r::throwIfInvalid);
        assertTrue(e.problems().get(0).startsWith("API_TOKEN must be"), e.problems().get(0));
        assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
        assertTrue(e.problems().get(1).contains("'x1'"), "an ordinary value is still quoted");
    }

    // --- signal detection and risk ---

    static final String WALLET = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01";

    @TempDir
    Path dir;

    @Test
    void detectionAndRiskDefaultToTheDomainReference() {
        Config c = Config.fromEnv(Map.of());
        assertEquals(DetectionConfig.defaults(), c.detection());
        assertEquals(RiskConfig.defaults(), c.risk());
        assertEquals("0 wallets", c.describe().get("TRACKED_WALLETS"));
        assertEquals("10000", c.describe().get("WHALE_MIN_USD"));
    }

    @Test
    void everyThresholdHasItsVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("WHALE_MIN_USD", "25_000");
        env.put("CLUSTER_MIN_WALLETS", "4");
        env.put("CLUSTER_WINDOW_MINUTES", "30");
        env.put("TRACKED_MIN_USD", "5");
        env.put("FOLLOW_MAX_PRICE", "0.9");
        env.put("COOLDOWN_MINUTES", "0");
        env.put("MIN_EDGE", "0.03");
        env.put("DEFAULT_TAKER_FEE_RATE", "0.05");
        env.put("EXPIRY_MAX_HOURS", "6");
        env.put("EXPIRY_MIN_PRICE", "0.8");
        env.put("VOLUME_SPIKE_RATIO", "2.5");
        env.put("VOLUME_SPIKE_MIN_USD", "20000");
        env.put("WIDE_SPREAD_MIN", "0.2");
        env.put("MIN_LIQUIDITY_USD", "5000");
        env.put("EXPIRY_MAX_PRICE", "0.9");
        env.put("FOLLOW_MAX_AGE_MINUTES", "10");
        env.put("BANKROLL", "50000");
        env.put("KELLY_FRACTION", "0.5");
        env.put("MAX_POSITION_PCT", "0.05");
        env.put("FULL_SIZE_LIQUIDITY_USD", "200000");
        env.put("TRACKED_WALLETS", WALLET + ":insider_x");
        Config c = Config.fromEnv(env);
        assertEquals(new DetectionConfig(25_000, 4, Duration.ofMinutes(30), 5, Map.of(WALLET.toLowerCase(), "insider_x"),
                0.9, Duration.ZERO, 0.03, 0.05, 6, 0.8, 2.5, 20_000, 0.2, 5_000, 0.9, Duration.ofMinutes(10)),
                c.detection());
        assertEquals(new RiskConfig(50_000, 0.5, 0.05, 5_000, 200_000), c.risk());
    }

    @Test
    void theWatchListMergesTheVariableAndTheFile() throws Exception {
        String other = "0x1111111111111111111111111111111111111111";
        Path file = Files.writeString(dir.resolve("w.csv"), "address,label\n" + other + ",world_class\n");
        Config c = Config.fromEnv(Map.of("TRACKED_WALLETS", WALLET + ":insider_x", "TRACKED_WALLETS_FILE",
                file.toString()));
        assertEquals(Map.of(WALLET.toLowerCase(), "insider_x", other, "world_class"), c.detection().trackedWallets());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "WHALE_MIN_USD          | lots  | WHALE_MIN_USD must be a number from 0.01 to 1000000000000",
        "MIN_EDGE               | 1.5   | MIN_EDGE must be a number from 0 to 1",
        "KELLY_FRACTION         | 0     | KELLY_FRACTION must be a number from 0.001 to 1",
        "CLUSTER_MIN_WALLETS    | 1     | CLUSTER_MIN_WALLETS must be an integer from 2 to 1000",
        "MIN_LIQUIDITY_USD      | -1    | MIN_LIQUIDITY_USD must be a number from 0 to 1000000000000",
        "TRACKED_WALLETS        | 0xabc:whale | TRACKED_WALLETS must be address:label,address:label; entry 1: '0xabc'",
        "TRACKED_WALLETS_FILE   | /no/such/watch-list.csv | TRACKED_WALLETS_FILE names no readable file",
        "EXPIRY_MAX_PRICE       | 0.7   | EXPIRY_MAX_PRICE must be above EXPIRY_MIN_PRICE (0.7), got 0.7",
        "EXPIRY_MAX_PRICE       | 2     | EXPIRY_MAX_PRICE must be a number from 0 to 1",
        "FOLLOW_MAX_AGE_MINUTES | 0     | FOLLOW_MAX_AGE_MINUTES must be an integer from 1 to 10080",
    })
    void anInvalidSignalVariableIsNamedOnce(String name, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, value)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith(message), e.problems().get(0));
    }

    @Test
    void aWatchListFileWithABadLineIsNamedWithTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "0x1111111111111111111111111111111111111111,a\nnope,b\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnv(Map.of("TRACKED_WALLETS_FILE", file.toString())));
        assertTrue(e.problems().get(0).startsWith("TRACKED_WALLETS_FILE must hold a JSON or CSV watch list"),
                e.problems().get(0));
        assertTrue(e.problems().get(0).contains("line 2"), e.problems().get(0));
    }
}
