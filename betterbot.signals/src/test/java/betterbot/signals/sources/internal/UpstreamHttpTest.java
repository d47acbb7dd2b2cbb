package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.internal.FakeUpstream.Answer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamHttpTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    final UpstreamHttp http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofMillis(500), clock);
    FakeUpstream upstream;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void everyRequestCarriesAUserAgentAndCustomHeaders() throws Exception {
        upstream = new FakeUpstream().on("/markets", Answer.json("[]"));
        Fetched f = http.get(upstream.uri("/markets?closed=false"), Map.of("x-api-key", "k"));
        assertEquals(new Fetched.Body("[]", clock.instant(), Recorder.OFF), f, "the body and when it came");
        FakeUpstream.Request r = upstream.requests("/markets").get(0);
        assertTrue(r.header("User-Agent").startsWith("BetterBot/"));
        assertEquals("k", r.header("x-api-key"));
        assertEquals("closed=false", r.query());
    }

    @Test
    void postSendsAJsonBody() throws Exception {
        upstream = new FakeUpstream().on("/books", Answer.json("[]"));
        http.postJson(upstream.uri("/books"), "[{\"token_id\":\"1\"}]", Map.of());
        FakeUpstream.Request r = upstream.requests("/books").get(0);
        assertEquals("POST", r.method());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("[{\"token_id\":\"1\"}]", r.body());
    }

    @Test
    void a429WithRetryAfterSecondsIsAThrottleWithThatWait() throws Exception {
        upstream = new FakeUpstream().on("/trades", Answer.status(429, "slow down", Map.of("Retry-After", "7")));
        assertEquals(new Fetched.Throttled(429, Duration.ofSeconds(7)), http.get(upstream.uri("/trades"), Map.of()));
    }

    @Test
    void a503WithAnHttpDateRetryAfterWaitsUntilThen() throws Exception {
        upstream = new FakeUpstream().on("/trades",
                Answer.status(503, "", Map.of("Retry-After", "Tue, 24 Nov 2026 12:00:30 GMT")));
        assertEquals(new Fetched.Throttled(503, Duration.ofSeconds(30)), http.get(upstream.uri("/trades"), Map.of()));
    }

    @Test
    void aThrottleWithoutRetryAfterLeavesTheWaitToTheBackoff() throws Exception {
        upstream = new FakeUpstream().on("/trades", Answer.status(429, "", Map.of()));
        assertNull(assertInstanceOf(Fetched.Throttled.class, http.get(upstream.uri("/trades"), Map.of())).retryAfter());
        assertNull(http.parseRetryAfter("soon"));
    }

    @Test
    void serverErrorsAreRetryableAndNamedByStatusNotByBody() throws Exception {
        upstream = new FakeUpstream().on("/markets", Answer.status(500, "{\"error\":\"internal\"}", Map.of()));
        Fetched.Failure f = assertInstanceOf(Fetched.Failure.class, http.get(upstream.uri("/markets"), Map.of()));
        assertEquals(500, f.status());
        assertTrue(f.retryable());
        assertEquals("HTTP 500 Internal Server Error", f.message());
        assertTrue(f.excerpt().contains("internal"), "kept apart, for decisions only: " + f.excerpt());
    }

    /** An upstream that echoes what it was sent must not get the key into /health or a log line. */
    @Test
    void anAnswerEchoingTheKeyNeverReachesTheMessage() throws Exception {
        upstream = new FakeUpstream().on("/api/get_latest_whale_trades", Answer.status(401,
                "{\"detail\":\"Invalid API key: hd-9f8e7d6c5b4a\",\"received_headers\":{\"x-api-key\":"
                        + "\"hd-9f8e7d6c5b4a\"}}", Map.of("Content-Type", "application/json")));
        Fetched.Failure f = assertInstanceOf(Fetched.Failure.class,
                http.get(upstream.uri("/api/get_latest_whale_trades"), Map.of("x-api-key", "hd-9f8e7d6c5b4a")));
        assertEquals("HTTP 401 Unauthorized", f.message());
        assertFalse(f.retryable());
    }

    @Test
    void anHtml403IsNamedAsABlockAndNotRetriedSoon() throws Exception {
        upstream = new FakeUpstream().on("/markets",
                Answer.status(403, "<html><body>Access denied in your region</body></html>",
                        Map.of("Content-Type", "text/html")));
        Fetched.Failure f = assertInstanceOf(Fetched.Failure.class, http.get(upstream.uri("/markets"), Map.of()));
        assertTrue(f.message().contains("blocked region"), f.message());
        assertFalse(f.retryable());
    }

    @Test
    void aSlowAnswerPastTheTimeoutIsAFailureNotAHang() throws Exception {
        upstream = new FakeUpstream().on("/markets", Answer.json("[]").slow(Duration.ofSeconds(3)));
        long start = System.nanoTime();
        Fetched.Failure f = assertInstanceOf(Fetched.Failure.class, http.get(upstream.uri("/markets"), Map.of()));
        assertTrue(f.message().contains("no answer within"), f.message());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_500);
    }

    @Test
    void aRefusedConnectionIsAFailureNamingTheHost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Fetched.Failure f = assertInstanceOf(Fetched.Failure.class,
                http.get(URI.create("http://127.0.0.1:" + port + "/x"), Map.of()));
        assertEquals(0, f.status());
        assertTrue(f.message().contains("127.0.0.1"), f.message());
    }
}
