package betterbot.http.internal;

import static betterbot.http.internal.TestServer.json;
import static betterbot.http.internal.TestServer.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import betterbot.signals.sources.SourceLedger;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreHealth;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Health, routing and the error shape, against a real server on an ephemeral port and a real store. */
class ApiServerTest {
    @TempDir
    Path dir;
    TestServer api;

    @BeforeEach
    void start() {
        api = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static void assertError(HttpResponse<String> r, int status, String error, String parameter) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(error, body.get("error").asText());
        assertTrue(body.get("message").isTextual() && !body.get("message").asText().isEmpty(), r.body());
        assertTrue(body.has("parameter"), "the error shape always has parameter: " + r.body());
        if (parameter == null) {
            assertTrue(body.get("parameter").isNull(), r.body());
        } else {
            assertEquals(parameter, body.get("parameter").asText(), r.body());
        }
    }

    @Test
    void healthReportsStatusVersionUptimeAndCount() throws Exception {
        api.store.store(whale(1));
        HttpResponse<String> r = api.get("/health");
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        assertEquals("ok", body.get("status").asText());
        assertEquals("9.9.9", body.get("version").asText());
        assertTrue(body.get("uptime_seconds").isIntegralNumber());
        assertEquals(1, body.get("signal_count").asLong());
    }

    @Test
    void healthIs503WhenTheStoreIsUnusable() throws Exception {
        api.store.close();
        HttpResponse<String> r = api.get("/health");
        assertEquals(503, r.statusCode());
        assertEquals("unavailable", json(r).get("status").asText());
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() throws Exception {
        HttpResponse<String> get = api.get("/health");
        HttpResponse<String> head = api.send(HttpRequest.newBuilder(api.uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
        assertEquals(get.body().getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow()));
    }

    @Test
    void anUnknownRouteIsAJson404() throws Exception {
        assertError(api.get("/api/nothing-here"), 404, "not_found", null);
        assertError(api.get("/api/signals/"), 404, "not_found", null); // no trailing-slash aliases
        assertError(api.get("/api/stats/database/x"), 404, "not_found", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void aWrongMethodIsA405WithAllow(String method) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")));
        assertError(r, 405, "method_not_allowed", null);
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anUnknownOrRepeatedParameterIsA400NamingIt() throws Exception {
        assertError(api.get("/api/signals?min_confidance=0.9"), 400, "bad_request", "min_confidance");
        assertError(api.get("/api/signals?limit=1&limit=2"), 400, "bad_request", "limit");
        assertError(api.get("/health?verbose=1"), 400, "bad_request", "verbose");
    }

    @Test
    void aMalformedRequestLineIsRefusedWith400AndTheServerGoesOn() throws Exception {
        // java.net.URI refuses to build this request, so it goes out over a raw socket. The JDK server
        // rejects the request line itself, before any handler, with its own (non-JSON) 400 page.
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/signals?limit=%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
        }
        assertEquals(200, api.get("/health").statusCode());
    }

    @Test
    void aFailingHandlerAnswersAJson500AndTheServerGoesOn() throws Exception {
        SignalStore broken = mock(SignalStore.class);
        when(broken.query(any())).thenThrow(new IllegalStateException("boom"));
        when(broken.isUsable()).thenReturn(true);
        StoreHealth.Side ok = new StoreHealth.Side(true, java.time.Instant.EPOCH, null);
        when(broken.health()).thenReturn(new StoreHealth(ok, ok));
        when(broken.sourceLedger()).thenReturn(mock(SourceLedger.class)); // no gaps
        try (TestServer other = new TestServer(broken, c -> c)) {
            HttpResponse<String> r = other.get("/api/signals");
            assertError(r, 500, "internal_error", null);
            assertFalse(r.body().contains("boom"), "internals are logged, not sent");
            assertEquals(200, other.get("/health").statusCode());
        }
    }

    @Test
    void aClosedStoreMakesListingsA503NotADroppedConnection() throws Exception {
        api.store.close();
        assertError(api.get("/api/signals"), 503, "unavailable", null);
        assertError(api.get("/api/stats"), 503, "unavailable", null);
        assertError(api.get("/api/signals/stream"), 503, "unavailable", null);
    }
}
