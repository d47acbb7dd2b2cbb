package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Signal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accept-Encoding: gzip on JSON answers: the same answer, fewer bytes, the same ETag, Vary for caches. */
class GzipTest {
    @TempDir
    Path dir;
    TestServer api;

    @BeforeEach
    void start() {
        api = new TestServer(dir);
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            signals.add(TestServer.whale(i));
        }
        api.storeAndPublish(signals);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return api.client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * One line, read byte by byte: a Reader would ask for more than the flushed bytes (a GZIPInputStream always
     * says more is available) and wait for the next event.
     */
    static String line(InputStream in) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("the stream ended");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    static byte[] gunzip(byte[] body) throws Exception {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aListingIsCompressedForAClientThatAsksAndIsTheSameAnswer() throws Exception {
        for (String path : List.of("/api/signals?limit=100", "/api/signals?limit=200&before=250",
                "/api/signals?limit=300&after_seq=0", "/api/signals/market/market-1?limit=50")) {
            HttpResponse<byte[]> plain = bytes(path);
            HttpResponse<byte[]> gz = bytes(path, "Accept-Encoding", "br;q=1.0, gzip;q=0.8, *;q=0.1");
            assertEquals(200, gz.statusCode(), path);
            assertFalse(plain.headers().firstValue("Content-Encoding").isPresent(), path);
            assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null), path);
            assertArrayEquals(plain.body(), gunzip(gz.body()), path + ": the same answer");
            assertTrue(gz.body().length * 4 < plain.body().length, path + ": " + gz.body().length + " bytes against "
                    + plain.body().length);
            assertEquals("Accept-Encoding", plain.headers().firstValue("Vary").orElse(null), path);
            assertEquals("Accept-Encoding", gz.headers().firstValue("Vary").orElse(null), path);
            assertEquals(plain.headers().firstValue("ETag"), gz.headers().firstValue("ETag"), path);
        }
    }

    @Test
    void metricsAreCompressedForAScraperThatAsks() throws Exception {
        HttpResponse<byte[]> gz = bytes("/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null));
        assertTrue(new String(gunzip(gz.body()), StandardCharsets.UTF_8).contains("betterbot_signals_held 300\n"));
        assertFalse(bytes("/metrics").headers().firstValue("Content-Encoding").isPresent());
    }

    @Test
    void theEtagRevalidatesEitherEncoding() throws Exception {
        HttpResponse<byte[]> gz = bytes("/api/signals?limit=100", "Accept-Encoding", "gzip");
        String etag = gz.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, bytes("/api/signals?limit=100", "Accept-Encoding", "gzip", "If-None-Match", etag)
                .statusCode());
        assertEquals(304, bytes("/api/signals?limit=100", "If-None-Match", etag).statusCode());
        api.storeAndPublish(List.of(TestServer.whale(1000)));
        HttpResponse<byte[]> changed = bytes("/api/signals?limit=100", "Accept-Encoding", "gzip", "If-None-Match",
                etag);
        assertEquals(200, changed.statusCode(), "a new signal is a new version");
        assertTrue(new String(gunzip(changed.body()), StandardCharsets.UTF_8).contains("whale_trade:1000"));
    }

    @Test
    void smallAnswersRefusalsAndQZeroStayPlain() throws Exception {
        HttpResponse<byte[]> small = bytes("/api/signals?limit=1", "Accept-Encoding", "gzip");
        assertFalse(small.headers().firstValue("Content-Encoding").isPresent(), "under 1 KiB: not worth it");
        HttpResponse<byte[]> error = bytes("/api/signals?limit=0", "Accept-Encoding", "gzip");
        assertEquals(400, error.statusCode());
        assertTrue(new String(error.body(), StandardCharsets.UTF_8).contains("\"parameter\":\"limit\""));
        for (String refused : List.of("gzip;q=0", "identity", "*;q=0", "gzip;q=0, *")) {
            HttpResponse<byte[]> r = bytes("/api/signals?limit=100", "Accept-Encoding", refused);
            assertFalse(r.headers().firstValue("Content-Encoding").isPresent(), refused);
        }
        assertEquals("gzip", bytes("/api/signals?limit=100", "Accept-Encoding", "*").headers()
                .firstValue("Content-Encoding").orElse(null));
        HttpResponse<byte[]> head = api.client.send(HttpRequest.newBuilder(api.uri("/api/signals?limit=100"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", head.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(bytes("/api/signals?limit=100", "Accept-Encoding", "gzip").body().length,
                Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow()), "HEAD says the gzip length");
    }

    @Test
    void theLiveStreamIsPlainUnlessAskedAndThenEachEventStillArrivesAtOnce() throws Exception {
        HttpResponse<InputStream> r = api.client.send(HttpRequest.newBuilder(api.uri("/api/signals/stream"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(null));
        try (InputStream events = new GZIPInputStream(r.body())) {
            assertEquals(": connected", line(events), "flushed through the compressor at once");
            assertEquals("", line(events));
            api.storeAndPublish(List.of(TestServer.whale(2000)));
            assertEquals("id: 301", line(events));
            assertEquals("event: signal", line(events));
            assertTrue(line(events).contains("whale_trade:2000"));
        }
        try (SseClient plain = SseClient.open(api.port(), "/api/signals/stream")) {
            assertFalse(plain.headers.containsKey("content-encoding"), plain.headers.toString());
            assertEquals("connected", plain.next().comment());
        }
    }
}
