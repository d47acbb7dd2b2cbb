package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired service: its broadcast feeds the live stream, and API_TOKEN guards the API. */
class ServiceApiTest {
    static final String TOKEN = "service-test-token-0123456789";

    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Service start(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DB_PATH", dir.resolve("s.db").toString(), "PORT", "0"));
        env.putAll(extra);
        return Service.start(Config.fromEnv(env), "t", Clock.systemUTC());
    }

    HttpRequest.Builder request(Service s, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).timeout(Duration.ofSeconds(10));
    }

    static Signal signal(int i) {
        return new Signal("expiry_edge:0xs" + i, new SignalType.ExpiryEdge(1.5, "Yes", 0.88), "m" + i, 0.88,
                RiskLevel.LOW, Details.builder().build(), Instant.parse("2026-11-24T10:00:00Z"), Source.POLYMARKET);
    }

    @Test
    void signalsPublishedIntoTheServiceBroadcastReachTheLiveStream() throws Exception {
        try (Service s = start(Map.of())) {
            HttpResponse<Stream<String>> r = client.send(request(s, "/api/signals/stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, r.statusCode());
            try (Stream<String> lines = r.body()) {
                Iterator<String> it = lines.iterator();
                assertEquals(": connected", it.next()); // subscribed from here on
                List<StoredSignal> stored = s.store().storeAll(List.of(signal(1)));
                s.broadcast().publish(stored);
                String data = null;
                while (data == null) {
                    String line = it.next();
                    if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
                assertEquals(signal(1), SignalJson.decode(data));
            }
        }
    }

    @Test
    void theTokenFromTheEnvironmentGuardsEveryRouteButHealth() throws Exception {
        try (Service s = start(Map.of("API_TOKEN", TOKEN))) {
            assertEquals(200, client.send(request(s, "/health").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            assertEquals(401, client.send(request(s, "/api/signals").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            HttpResponse<String> ok = client.send(request(s, "/api/signals").header("Authorization", "Bearer " + TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"signals\""));
        }
    }
}
