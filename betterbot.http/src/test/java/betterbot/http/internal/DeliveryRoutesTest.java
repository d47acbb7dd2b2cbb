package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.delivery.DestinationKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push destinations as /api/deliveries, /health and /metrics show them. */
class DeliveryRoutesTest {
    @TempDir
    Path dir;
    TestServer api;

    static final DeliveryStatus HOOK = new DeliveryStatus("desk-bot", DestinationKind.WEBHOOK,
            "https://desk.example.com/hook", DeliveryStatus.State.OK, 120, 0, 0, 118, 2, 1, 0, 0,
            Instant.parse("2026-12-03T10:00:00Z"), null);
    static final DeliveryStatus DOWN = new DeliveryStatus("ops", DestinationKind.DISCORD,
            "https://discord.com/api/webhooks/1234/***", DeliveryStatus.State.FAILING, 100, 20, 95, 3, 41, 0, 7, 4,
            null, "HTTP 503");

    @BeforeEach
    void start() {
        api = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void eachDestinationIsListedWithItsCursorLagAndFailures() throws Exception {
        assertEquals("{\"destinations\":[]}", api.get("/api/deliveries").body(), "none configured");
        api.deliveries.set(List.of(HOOK, DOWN));
        HttpResponse<String> r = api.get("/api/deliveries");
        assertEquals(200, r.statusCode());
        JsonNode d = SignalJson.mapper().readTree(r.body()).get("destinations");
        assertEquals(2, d.size());
        assertEquals("desk-bot", d.get(0).get("name").asText());
        assertEquals("webhook", d.get(0).get("kind").asText());
        assertEquals("ok", d.get(0).get("state").asText());
        assertEquals(120, d.get(0).get("last_delivered_seq").asLong());
        assertEquals(1, d.get(0).get("undeliverable").asLong());
        assertEquals("2026-12-03T10:00:00.000Z", d.get(0).get("last_delivered_at").asText());
        assertTrue(d.get(0).get("last_error").isNull());
        assertEquals("failing", d.get(1).get("state").asText());
        assertEquals(20, d.get(1).get("lag_signals").asLong());
        assertEquals(95, d.get(1).get("lag_seconds").asLong());
        assertEquals(7, d.get(1).get("expired").asLong());
        assertEquals("HTTP 503", d.get(1).get("last_error").asText());
        assertEquals(400, api.get("/api/deliveries?name=ops").statusCode(), "no parameters");
    }

    @Test
    void healthListsFailingDestinationsWithoutFailingItself() throws Exception {
        api.deliveries.set(List.of(HOOK, DOWN));
        HttpResponse<String> r = api.get("/health");
        assertEquals(200, r.statusCode(), "a receiver being down is not the service failing");
        JsonNode h = SignalJson.mapper().readTree(r.body());
        assertEquals("ok", h.get("status").asText());
        assertEquals("[\"ops\"]", h.get("destinations_failing").toString());
        assertEquals(2, h.get("destinations").size());
    }

    @Test
    void metricsCarryEveryFigurePerDestination() throws Exception {
        api.deliveries.set(List.of(HOOK, DOWN));
        String m = api.get("/metrics").body();
        for (String line : List.of("betterbot_delivery_last_seq{destination=\"desk-bot\"} 120",
                "betterbot_delivery_lag_signals{destination=\"ops\"} 20",
                "betterbot_delivery_lag_seconds{destination=\"ops\"} 95",
                "betterbot_delivered_total{destination=\"desk-bot\"} 118",
                "betterbot_delivery_failures_total{destination=\"ops\"} 41",
                "betterbot_delivery_undeliverable_total{destination=\"desk-bot\"} 1",
                "betterbot_delivery_expired_total{destination=\"ops\"} 7",
                "betterbot_delivery_state{destination=\"ops\",state=\"failing\"} 1",
                "betterbot_delivery_state{destination=\"ops\",state=\"ok\"} 0")) {
            assertTrue(m.contains(line + "\n"), line);
        }
    }
}
