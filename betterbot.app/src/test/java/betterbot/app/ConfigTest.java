package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
