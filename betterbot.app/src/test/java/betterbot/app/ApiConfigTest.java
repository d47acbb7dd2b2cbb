package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.http.HttpConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API's variables: token, CORS, access log, timeouts, live stream. */
class ApiConfigTest {
    static final String TOKEN = "0123456789abcdef-secret";

    @Test
    void defaultsAreOpenOnLoopbackWithSafeLimits() {
        HttpConfig h = Config.fromEnv(Map.of()).httpConfig("v");
        assertNull(h.apiToken());
        assertNull(h.corsOrigin());
        assertFalse(h.accessLog());
        assertEquals(64 * 1024, h.maxBodyBytes());
        assertEquals(Duration.ofSeconds(10), h.requestTimeout());
        assertEquals(Duration.ofSeconds(30), h.idleTimeout());
        assertEquals(Duration.ofSeconds(15), h.heartbeatInterval());
        assertEquals(1024, h.streamQueueCapacity());
        assertEquals(256, h.maxStreamClients());
        assertEquals(4, h.maxHeavyRequests());
        assertEquals(Duration.ofSeconds(10), h.writeTimeout());
        assertEquals("127.0.0.1", h.bindAddress());
        assertEquals("v", h.version());
    }

    @Test
    void variablesReachTheHttpLayer() {
        HttpConfig h = Config.fromEnv(Map.ofEntries(Map.entry("API_TOKEN", TOKEN),
                Map.entry("CORS_ORIGIN", "https://dash.example.com"), Map.entry("ACCESS_LOG", "TRUE"),
                Map.entry("HTTP_REQUEST_TIMEOUT_SECONDS", "5"), Map.entry("HTTP_IDLE_TIMEOUT_SECONDS", "60"),
                Map.entry("STREAM_HEARTBEAT_SECONDS", "20"), Map.entry("STREAM_CLIENT_QUEUE", "64"),
                Map.entry("STREAM_MAX_CLIENTS", "8"), Map.entry("PORT", "9000"),
                Map.entry("HTTP_MAX_HEAVY_REQUESTS", "2"), Map.entry("HTTP_WRITE_TIMEOUT_SECONDS", "3")))
                .httpConfig("v");
        assertEquals(2, h.maxHeavyRequests());
        assertEquals(Duration.ofSeconds(3), h.writeTimeout());
        assertEquals(TOKEN, h.apiToken());
        assertEquals("https://dash.example.com", h.corsOrigin());
        assertTrue(h.accessLog());
        assertEquals(Duration.ofSeconds(5), h.requestTimeout());
        assertEquals(Duration.ofSeconds(60), h.idleTimeout());
        assertEquals(Duration.ofSeconds(20), h.heartbeatInterval());
        assertEquals(64, h.streamQueueCapacity());
        assertEquals(8, h.maxStreamClients());
        assertEquals(9000, h.port());
        assertEquals("*", Config.fromEnv(Map.of("CORS_ORIGIN", "*")).api().corsOrigin());
    }

    @Test
    void theTokenIsNeverShown() {
        Config c = Config.fromEnv(Map.of("API_TOKEN", TOKEN));
        assertEquals(Config.SECRET_SET, c.describe().get("API_TOKEN"));
        assertEquals(Config.SECRET_UNSET, Config.fromEnv(Map.of()).describe().get("API_TOKEN"));
        assertFalse(c.describe().toString().contains(TOKEN));
        assertFalse(c.toString().contains(TOKEN), c.toString());
        assertFalse(c.httpConfig("v").toString().contains(TOKEN));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "API_TOKEN|short|API_TOKEN must be at least 16 visible ASCII characters",
        "API_TOKEN|has a space in it, long enough|API_TOKEN must be at least 16 visible ASCII characters",
        "CORS_ORIGIN|dash.example.com|CORS_ORIGIN must be * or an origin",
        "CORS_ORIGIN|https://dash.example.com/path|CORS_ORIGIN must be * or an origin",
        "ACCESS_LOG|yes|ACCESS_LOG must be true or false",
        "HTTP_REQUEST_TIMEOUT_SECONDS|0|HTTP_REQUEST_TIMEOUT_SECONDS must be an integer from 1 to 3600",
        "HTTP_IDLE_TIMEOUT_SECONDS|1.5|HTTP_IDLE_TIMEOUT_SECONDS must be an integer from 1 to 3600",
        "STREAM_HEARTBEAT_SECONDS|-1|STREAM_HEARTBEAT_SECONDS must be an integer from 1 to 3600",
        "STREAM_CLIENT_QUEUE|0|STREAM_CLIENT_QUEUE must be an integer from 1 to 1000000",
        "STREAM_MAX_CLIENTS|lots|STREAM_MAX_CLIENTS must be an integer from 1 to 100000",
        "HTTP_MAX_HEAVY_REQUESTS|0|HTTP_MAX_HEAVY_REQUESTS must be an integer from 1 to 1000",
        "HTTP_WRITE_TIMEOUT_SECONDS|1e1|HTTP_WRITE_TIMEOUT_SECONDS must be an integer from 1 to 3600",
    })
    void anInvalidVariableIsNamedWithWhatItAccepts(String name, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of(name, value)));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith(message), e.problems().get(0));
        if (name.equals("API_TOKEN")) {
            assertFalse(e.problems().get(0).contains(value), "a wrong token is still a secret");
        } else {
            assertTrue(e.problems().get(0).contains(value), e.problems().get(0));
        }
    }
}
