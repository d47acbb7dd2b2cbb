package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    void describeShowsEveryVariableItReads() { // check-config prints describe(): nothing may be missing
        assertEquals(Config.variables(), Config.fromEnv(Map.of()).describe().keySet());
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
        Config.Reader r = new Config.Reader(Map.of("API_TOKEN", "s3cr3t-value", "PORT", "x1"));
        r.integer("API_TOKEN", 0, 0, 1);
        r.integer("PORT", 8080, 0, 65_535);
        ConfigException e = assertThrows(ConfigException.class, r::throwIfInvalid);
        assertTrue(e.problems().get(0).startsWith("API_TOKEN must be"), e.problems().get(0));
        assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
        assertTrue(e.problems().get(1).contains("'x1'"), "an ordinary value is still quoted");
    }
}
