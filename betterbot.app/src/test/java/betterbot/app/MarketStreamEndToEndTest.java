package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.SourceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with its market stream on, wired from the settings: a local market channel and a local Gamma and CLOB
 * (the benchmark's stand-ins, docs/domain.md shapes). A deviation that appears in one frame is stored once, with the
 * frame's time as its book_time, and /health shows the stream beside the books poll.
 */
class MarketStreamEndToEndTest {
    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newHttpClient();

    JsonNode get(int port, String path) throws Exception {
        return SignalJson.mapper().readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aDeviationInAStreamedFrameIsStoredOnceWithItsBookTimeAndHealthShowsBothBookSources() throws Exception {
        try (StreamBench.Upstream upstream = new StreamBench.Upstream(StreamBench.eventMarkets(3));
             BenchStreamServer ws = new BenchStreamServer()) {
            Map<String, String> env = StreamBench.env(dir, "e2e", upstream);
            env.putAll(Map.of("POLYMARKET_MARKET_WS_URL", ws.uri().toString(), "BOOKS_POLL_SECONDS", "1"));
            try (Service service = Service.start(Config.fromEnv(env), "e2e", Clock.systemUTC())) {
                StreamBench.await(() -> ws.subscribedIds() >= 18, 20_000, "the 18 tokens of 3 events subscribed");
                for (int e = 0; e < 3; e++) {
                    ws.send(StreamBench.snapshots(e));
                }
                long ts = System.currentTimeMillis() + 50; // after the snapshots, as upstream times are
                String frame = StreamBench.priceChange(1, 0, "SELL", 0.24, 200, ts);
                ws.send(frame);
                StreamBench.await(() -> count(service) == 1, 10_000, "the deviation stored");
                // only now does REST show it too (so the polls' checks agree with the stream from here on): had the
                // books poll seen it first, the signal would carry the REST books' time
                upstream.deviate(1);
                ws.send(frame.replace("\"200\"", "\"250\"")); // the same situation, its size changed
                ws.send(StreamBench.priceChange(2, 1, "SELL", 0.45, 10, ts + 5)); // below the top: nothing
                Thread.sleep(500);
                JsonNode page = get(service.port(), "/api/signals?type=price_deviation");
                assertEquals(1, page.get("count").asInt(), page.toString());
                JsonNode s = page.get("signals").get(0);
                assertEquals("event-1", s.get("market_slug").asText());
                assertEquals("BUY_ALL", s.at("/details/recommended_action").asText());
                assertEquals(Instant.ofEpochMilli(ts), Instant.parse(s.at("/details/book_time").asText()));
                assertEquals(3, s.at("/details/legs").size());
                StreamBench.await(() -> state(service, "polymarket-stream") == SourceStatus.State.OK
                        && state(service, "polymarket-books") == SourceStatus.State.OK, 10_000, "both sources ok: "
                        + service.sourceStatuses());
                JsonNode health = get(service.port(), "/health");
                assertTrue(health.toString().contains("polymarket-stream"), health.toString());
                assertTrue(health.toString().contains("polymarket-books"), health.toString());
                for (JsonNode source : health.get("sources")) {
                    if (source.get("name").asText().equals("polymarket-stream")) {
                        assertEquals(18, source.at("/counters/books").asInt(), source.toString());
                        assertEquals(18, source.at("/counters/tokens_followed").asInt());
                    }
                }
            }
        }
    }

    private static long count(Service service) {
        return service.store().stats().byType().getOrDefault("price_deviation", 0L);
    }

    private static SourceStatus.State state(Service service, String name) {
        return service.sourceStatuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                .state();
    }
}
