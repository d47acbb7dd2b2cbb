package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import betterbot.http.ApiServer;
import betterbot.http.HttpConfig;
import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API against a real server on an ephemeral port and a real store on a temp file. */
class ApiServerTest {
    @TempDir
    Path dir;
    SignalStore store;
    ApiServer server;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        store = SignalStore.open(new StoreConfig(dir.resolve("api.db")));
        server = ApiServer.start(new HttpConfig("127.0.0.1", 0, "9.9.9"), store, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    static Signal signal(int i) {
        return new Signal("whale_trade:" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 40_000, 0.5),
                "market-" + i, 0.65, RiskLevel.MEDIUM, Details.builder().conditionId("0xc").build(),
                Instant.parse("2026-11-24T12:00:00Z").plusSeconds(i), Source.POLYMARKET);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON answer: " + response.headers().map());
        return SignalJson.mapper().readTree(response.body());
    }

    @Test
    void healthReportsStatusVersionUptimeAndCount() throws Exception {
        store.store(signal(1));
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        assertEquals("ok", body.get("status").asText());
        assertEquals("9.9.9", body.get("version").asText());
        assertTrue(body.get("uptime_seconds").isIntegralNumber());
        assertEquals(1, body.get("signal_count").asLong());
    }

    @Test
    void healthIs503WhenTheStoreIsUnusable() throws Exception {
        store.close();
        HttpResponse<String> r = get("/health");
        assertEquals(503, r.statusCode());
        assertEquals("unavailable", json(r).get("status").asText());
    }

    @Test
    void signalsAreListedNewestFirstWithTheDefaultLimitOf50() throws Exception {
        store.storeAll(IntStream.range(0, 60).mapToObj(ApiServerTest::signal).toList());
        JsonNode body = json(get("/api/signals"));
        assertEquals(50, body.get("count").asInt());
        assertEquals(50, body.get("signals").size());
        JsonNode first = body.get("signals").get(0);
        assertEquals("whale_trade:59", first.get("id").asText());
        assertEquals(60, first.get("seq").asLong());
        assertEquals(signal(59), SignalJson.decode(first.toString()), "the listing carries the whole signal");
    }

    @Test
    void limitSelectsHowManySignals() throws Exception {
        store.storeAll(IntStream.range(0, 5).mapToObj(ApiServerTest::signal).toList());
        JsonNode body = json(get("/api/signals?limit=2"));
        assertEquals(2, body.get("count").asInt());
        assertEquals("whale_trade:3", body.at("/signals/1/id").asText());
        assertEquals(5, json(get("/api/signals?limit=1000")).get("count").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "1.5", "", "99999999999"})
    void aBadLimitIsA400NamingTheParameter(String limit) throws Exception {
        HttpResponse<String> r = get("/api/signals?limit=" + limit);
        assertEquals(400, r.statusCode());
        JsonNode body = json(r);
        assertEquals("bad_request", body.get("error").asText());
        assertEquals("limit", body.get("parameter").asText());
        assertTrue(body.get("message").asText().contains("1 to 1000"), body.toString());
    }

    @Test
    void aMalformedRequestLineIsRefusedWith400AndTheServerGoesOn() throws Exception {
        // java.net.URI refuses to build this request, so it goes out over a raw socket. The JDK server
        // rejects the request line itself, before any handler, with its own (non-JSON) 400 page.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/signals?limit=%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
        }
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void databaseStatsDescribeTheStore() throws Exception {
        store.storeAll(IntStream.range(0, 3).mapToObj(ApiServerTest::signal).toList());
        JsonNode body = json(get("/api/stats/database"));
        assertEquals(3, body.get("total_stored").asLong());
        assertEquals(3, body.get("total_ever_stored").asLong());
        assertEquals(3, body.at("/by_source/polymarket").asLong());
        assertEquals(3, body.at("/by_type/whale_trade").asLong());
        assertEquals(0.65, body.get("average_confidence").asDouble(), 1e-9);
        assertEquals(0, body.get("high_confidence_count").asLong());
        assertEquals("2026-11-24T12:00:00.000Z", body.get("oldest_detected_at").asText());
        assertEquals("2026-11-24T12:00:02.000Z", body.get("newest_detected_at").asText());
        assertTrue(body.get("database_bytes").asLong() > 0);
        assertTrue(body.has("wal_bytes"));
    }

    @Test
    void anUnknownRouteIsAJson404() throws Exception {
        HttpResponse<String> r = get("/api/nothing-here");
        assertEquals(404, r.statusCode());
        assertEquals("not_found", json(r).get("error").asText());
    }

    @Test
    void aWrongMethodIsA405WithAllow() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/signals"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
        assertEquals("method_not_allowed", json(r).get("error").asText());
    }

    @Test
    void aFailingHandlerAnswersAJson500AndTheServerGoesOn() throws Exception {
        SignalStore broken = mock(SignalStore.class);
        when(broken.query(any())).thenThrow(new IllegalStateException("boom"));
        when(broken.isUsable()).thenReturn(true);
        try (ApiServer other = ApiServer.start(new HttpConfig("127.0.0.1", 0, "t"), broken, Clock.systemUTC())) {
            URI u = URI.create("http://127.0.0.1:" + other.port() + "/api/signals");
            HttpResponse<String> r = send(HttpRequest.newBuilder(u).GET());
            assertEquals(500, r.statusCode());
            JsonNode body = json(r);
            assertEquals("internal_error", body.get("error").asText());
            assertFalse(r.body().contains("boom"), "internals are logged, not sent");
            HttpResponse<String> again = send(HttpRequest.newBuilder(u.resolve("/health")).GET());
            assertEquals(200, again.statusCode());
        }
    }

    @Test
    void aClosedStoreMakesListingsA503NotADroppedConnection() throws Exception {
        store.close();
        HttpResponse<String> r = get("/api/signals");
        assertEquals(503, r.statusCode());
        assertEquals("unavailable", json(r).get("error").asText());
    }
}
