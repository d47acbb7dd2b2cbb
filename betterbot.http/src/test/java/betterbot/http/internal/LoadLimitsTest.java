package betterbot.http.internal;

import static betterbot.http.internal.ApiServerTest.assertError;
import static betterbot.http.internal.SignalStreamTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory per request stays bounded under hostile load: heavy work admitted, stalled writes cut, slots freed. */
class LoadLimitsTest {
    @TempDir
    Path dir;

    /** A stored signal of about 64 KB: 200 of them are 13 MB, far more than any socket buffer holds. */
    static Signal big(int i) {
        return new Signal("wide_spread:big" + i, new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2), "m", 0.6,
                RiskLevel.MEDIUM, Details.builder().marketTitle("x".repeat(64 * 1024)).build(),
                Instant.parse("2026-11-24T12:00:00Z").plusSeconds(i), Source.POLYMARKET);
    }

    static void storeBig(TestServer api, int n) {
        api.store.storeAll(IntStream.range(0, n).mapToObj(LoadLimitsTest::big).toList());
    }

    /** A client that sends a request and never reads: once its buffers are full the server's write blocks. */
    static Socket neverReading(int port, String pathAndQuery, String... headers) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        s.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    static long metric(TestServer api, String name) throws Exception {
        for (String line : api.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /** The connection was closed by the server: what is buffered ends in EOF or a reset. */
    static void assertCut(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            while (in.read(buffer) >= 0) {
                // drain what was sent before the cut
            }
        } catch (java.net.SocketException reset) {
            // a reset is a cut too
        }
    }

    @Test
    void aStreamClientThatStopsReadingDuringItsReplayIsCutAndCounted() throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withHeavyWork(1, Duration.ofMillis(500)))) {
            storeBig(api, 200);
            try (Socket slow = neverReading(api.port(), "/api/signals/stream", "Last-Event-ID", "0")) {
                await("cut by the write timeout while replaying",
                        () -> {
                            try {
                                return metric(api, "betterbot_stream_slow_disconnects_total") == 1;
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        });
                assertTrue(metric(api, "betterbot_http_write_timeouts_total") >= 1);
                assertCut(slow);
            }
            await("its stream and replay slots are free", () -> api.broadcast.subscriberCount() == 0);
            try (SseClient reader = SseClient.open(api.port(), "/api/signals/stream", "Last-Event-ID", "195")) {
                assertEquals(200, reader.status, "the heavy slot was given back");
                for (long seq = 196; seq <= 200; seq++) {
                    assertEquals(seq, reader.nextEvent().seq());
                }
            }
        }
    }

    @Test
    void heavyWorkBeyondTheLimitIsA503WithRetryAfterWhileHealthStillAnswers() throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withHeavyWork(1, Duration.ofSeconds(3)))) {
            storeBig(api, 200);
            // A cursor page is encoded onto the socket under a heavy slot, which a stalled reader holds.
            try (Socket slow = neverReading(api.port(), "/api/signals?limit=1000&before=100000")) {
                await("the stalled listing holds the slot", () -> {
                    try {
                        return metric(api, "betterbot_http_heavy_requests") == 1;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                HttpResponse<String> refused = api.get("/api/signals?limit=1000&before=99999");
                assertError(refused, 503, "unavailable", null);
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(TestServer.json(refused).get("message").asText().contains("too many large requests"));
                long start = System.nanoTime();
                assertEquals(200, api.get("/health").statusCode());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "health is no heavy work");
                assertEquals(200, api.get("/api/signals?limit=10").statusCode(), "small pages are not heavy");
                assertTrue(metric(api, "betterbot_http_heavy_refused_total") >= 1);
                assertCut(slow);
            }
            assertEquals(200, api.get("/api/signals?limit=1000&before=99999").statusCode(),
                    "the slot is free once the stalled write was cut");
        }
    }

    /** The same large page for many clients is encoded once and lent from the cache, not rendered per client. */
    @Test
    void stalledReadersOfACachedPageHoldNoHeavySlot() throws Exception {
        try (TestServer api = new TestServer(dir, c -> c.withHeavyWork(1, Duration.ofSeconds(5)))) {
            api.store.storeAll(IntStream.range(0, 1000).mapToObj(TestServer::whale).toList());
            assertEquals(200, api.get("/api/signals?limit=1000").statusCode()); // rendered into the cache
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    stalled.add(neverReading(api.port(), "/api/signals?limit=1000"));
                }
                Thread.sleep(300);
                assertEquals(0, metric(api, "betterbot_http_heavy_requests"));
                assertEquals(200, api.get("/api/signals?limit=1000&before=500").statusCode(),
                        "heavy work still gets its slot");
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClosedStreamFreesItsSlotForTheNextClientAtOnce() throws Exception {
        // heartbeats far apart: without probing, the closed streams would hold their slots for 30 s
        try (TestServer api = new TestServer(dir, c -> c.withStream(Duration.ofSeconds(30), 16, 2))) {
            SseClient a = SseClient.open(api.port(), "/api/signals/stream");
            SseClient b = SseClient.open(api.port(), "/api/signals/stream");
            a.nextComment();
            b.nextComment();
            a.close();
            b.close();
            long start = System.nanoTime();
            try (SseClient c = SseClient.open(api.port(), "/api/signals/stream")) {
                assertEquals(200, c.status, "a slot of a closed stream was given to it");
            }
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
            try (SseClient d = SseClient.open(api.port(), "/api/signals/stream");
                 SseClient e = SseClient.open(api.port(), "/api/signals/stream")) {
                d.nextComment();
                e.nextComment();
                HttpResponse<String> full = api.get("/api/signals/stream");
                assertError(full, 503, "unavailable", null);
                assertEquals("1", full.headers().firstValue("Retry-After").orElse(null));
            }
        }
    }
}
