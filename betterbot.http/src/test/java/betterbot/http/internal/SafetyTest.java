package betterbot.http.internal;

import static betterbot.http.internal.ApiServerTest.assertError;
import static betterbot.http.internal.TestServer.json;
import static betterbot.http.internal.TestServer.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token, CORS, body limit, timeouts and the access log: what makes the API safe to expose. */
class SafetyTest {
    static final String TOKEN = "s3cr3t-T0ken-for-tests_0123456789";

    @TempDir
    Path dir;

    // ---- token

    @ParameterizedTest
    @ValueSource(strings = {"/api/signals", "/api/signals/x:1", "/api/signals/market/m", "/api/stats",
        "/api/stats/database", "/metrics", "/api/signals/stream", "/no/such/route"})
    void withATokenEveryRouteButHealthNeedsIt(String path) throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withApiToken(TOKEN))) {
            HttpResponse<String> r = api.get(path);
            assertError(r, 401, "unauthorized", null);
            assertEquals("Bearer realm=\"betterbot\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(200, api.get("/health").statusCode(), "health stays open for probes");
        }
    }

    @Test
    void theRightTokenPassesAndAWrongOneIsRefused() throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withApiToken(TOKEN))) {
            api.store.store(whale(1));
            assertEquals(200, api.get("/api/signals", "Authorization", "Bearer " + TOKEN).statusCode());
            assertEquals(200, api.get("/api/signals", "Authorization", "bearer  " + TOKEN).statusCode(),
                    "the scheme is case-insensitive");
            assertEquals(404, api.get("/nowhere", "Authorization", "Bearer " + TOKEN).statusCode());

            HttpResponse<String> wrong = api.get("/api/signals", "Authorization", "Bearer " + TOKEN + "x");
            assertError(wrong, 401, "unauthorized", null);
            assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
            assertFalse(wrong.body().contains(TOKEN), "never echoed");
            assertError(api.get("/api/signals", "Authorization", "Bearer " + TOKEN.substring(1)), 401, "unauthorized",
                    null);
            assertError(api.get("/api/signals", "Authorization", "Bearer"), 401, "unauthorized", null);
            assertError(api.get("/api/signals", "Authorization", "Basic " + TOKEN), 401, "unauthorized", null);
            assertError(api.get("/api/signals", "Authorization", TOKEN), 401, "unauthorized", null);
        }
    }

    @Test
    void theStreamAcceptsTheToken() throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withApiToken(TOKEN));
             SseClient c = SseClient.open(api.port(), "/api/signals/stream", "Authorization", "Bearer " + TOKEN)) {
            assertEquals(200, c.status);
            assertEquals("connected", c.nextComment());
        }
    }

    // ---- CORS

    @Test
    void withoutCorsOriginNoCorsHeadersAndNoPreflight() throws Exception {
        try (TestServer api = new TestServer(dir)) {
            HttpResponse<String> r = api.get("/api/signals", "Origin", "https://evil.example");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            HttpResponse<String> preflight = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));
            assertError(preflight, 405, "method_not_allowed", null);
            assertEquals("GET, HEAD", preflight.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void withCorsOriginAnswersCarryItAndPreflightsAreAnsweredWithoutAToken() throws Exception {
        String origin = "https://dash.example:8443";
        try (TestServer api = new TestServer(dir, c -> c.withCorsOrigin(origin).withApiToken(TOKEN))) {
            HttpResponse<String> preflight = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin).header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization"));
            assertEquals(204, preflight.statusCode());
            assertEquals(origin, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("GET"));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()
                    .contains("Authorization"));
            assertEquals(Cors.ALLOWED_METHODS, preflight.headers().firstValue("Allow").orElseThrow());

            HttpResponse<String> ok = api.get("/api/signals", "Origin", origin, "Authorization", "Bearer " + TOKEN);
            assertEquals(200, ok.statusCode());
            assertEquals(origin, ok.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(ok.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("ETag"));
            HttpResponse<String> refused = api.get("/api/signals", "Origin", origin);
            assertEquals(401, refused.statusCode());
            assertEquals(origin, refused.headers().firstValue("Access-Control-Allow-Origin").orElseThrow(),
                    "errors too, so the page can read why");

            HttpResponse<String> post = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElseThrow());
            HttpResponse<String> unknown = api.send(HttpRequest.newBuilder(api.uri("/nowhere"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin));
            assertEquals(401, unknown.statusCode(), "no preflight for a route that does not exist");
        }
    }

    // ---- bodies

    @Test
    void aDeclaredBodyOver64KiBIs413() throws Exception {
        try (TestServer api = new TestServer(dir)) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024 + 1])));
            assertError(r, 413, "payload_too_large", null);
            assertTrue(json(r).get("message").asText().contains("65536"));
            assertEquals(200, api.get("/health").statusCode());
        }
    }

    @Test
    void aChunkedBodyOver64KiBIs413() throws Exception {
        try (TestServer api = new TestServer(dir)) {
            byte[] body = new byte[200 * 1024];
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
            assertError(r, 413, "payload_too_large", null);
        }
    }

    @Test
    void aBodyUpToTheLimitIsReadAndDropped() throws Exception {
        try (TestServer api = new TestServer(dir)) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .method("GET", HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024])));
            assertEquals(200, r.statusCode(), "a GET's body is ignored");
            HttpResponse<String> post = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024])));
            assertError(post, 405, "method_not_allowed", null);
        }
    }

    // ---- timeouts (1 s per request, 2 s idle, checked every second: TestServer.CONFIG)

    /** Milliseconds until the server closes the socket, reading whatever it sends. */
    static long millisUntilClosed(Socket socket) throws Exception {
        long start = System.nanoTime();
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer may come first; wait for the close
            }
        } catch (SocketException reset) {
            // closed
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aRequestSentTooSlowlyIsCutOff() throws Exception {
        try (TestServer api = new TestServer(dir); Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long millis = millisUntilClosed(socket); // the blank line that ends the headers never comes
            assertTrue(millis >= 500 && millis < 4000, "closed after " + millis + " ms");
            assertEquals(200, api.get("/health").statusCode());
        }
    }

    @Test
    void aConnectionThatSendsNothingIsCutOff() throws Exception {
        try (TestServer api = new TestServer(dir); Socket socket = new Socket("127.0.0.1", api.port())) {
            long millis = millisUntilClosed(socket);
            assertTrue(millis < 4000, "closed after " + millis + " ms");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        try (TestServer api = new TestServer(dir); Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long millis = millisUntilClosed(socket);
            assertTrue(millis >= 1500 && millis < 5000, "closed after " + millis + " ms");
        }
    }

    @Test
    void theTimeoutsAreTheJdkServersSystemPropertiesInSecondsAndResponsesHaveNone() {
        assertEquals("1", System.getProperty(ServerTimeouts.MAX_REQ_TIME));
        assertEquals("2", System.getProperty(ServerTimeouts.IDLE_INTERVAL));
        assertEquals(null, System.getProperty(ServerTimeouts.MAX_RSP_TIME), "it would cut live streams");
        assertEquals(new ServerTimeouts.Effective(1, 2), ServerTimeouts.apply(TestServer.CONFIG));
    }

    // ---- access log

    @Test
    void theAccessLogHasOneLinePerRequestAndNeverATokenOrQuery() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestServer api = new TestServer(dir, c -> c.withApiToken(TOKEN).withAccessLog(true))) {
            api.store.store(whale(1));
            api.get("/api/signals?market=private-query-value", "Authorization", "Bearer " + TOKEN);
            api.get("/api/signals", "Authorization", "Bearer " + TOKEN + "-wrong");
            api.get("/api/signals?limit=0", "Authorization", "Bearer " + TOKEN);
            api.get("/health", "Authorization", "Bearer " + TOKEN);
            try (SseClient c = SseClient.open(api.port(), "/api/signals/stream", "Authorization", "Bearer " + TOKEN)) {
                c.nextComment();
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains(TOKEN.substring(4)), "no token, not even part of one:\n" + log);
        assertFalse(log.contains("private-query-value"), "no query strings:\n" + log);
        List<String> access = log.lines().filter(l -> l.contains(" access ") || l.contains("access -")).toList();
        assertTrue(access.stream().anyMatch(l -> l.contains("GET /api/signals 200")), log);
        assertTrue(access.stream().anyMatch(l -> l.contains("GET /api/signals 401")), log);
        assertTrue(access.stream().anyMatch(l -> l.contains("GET /api/signals 400")), log);
        assertTrue(access.stream().anyMatch(l -> l.contains("GET /health 200")), log);
        assertTrue(access.stream().anyMatch(l -> l.matches(".*GET /api/signals/stream 200 \\d+ B .*")), log);
    }
}
