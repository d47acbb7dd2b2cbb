package betterbot.http.internal;

import static betterbot.http.internal.ApiServerTest.assertError;
import static betterbot.http.internal.TestServer.spread;
import static betterbot.http.internal.TestServer.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import java.net.InetSocketAddress;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live stream with real clients: format, resume without gap or duplicate, slow clients, heartbeats. */
class SignalStreamTest {
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

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Opens a stream; the server subscribes before it writes "connected", so what is published next arrives. */
    SseClient connect(String pathAndQuery, String... headers) throws Exception {
        SseClient c = SseClient.open(api.port(), pathAndQuery, headers);
        assertEquals(200, c.status);
        assertEquals("connected", c.nextComment());
        return c;
    }

    @Test
    void newSignalsArriveAsEventsWithTheirSeqAsId() throws Exception {
        try (SseClient c = connect("/api/signals/stream")) {
            assertTrue(c.headers.get("content-type").startsWith("text/event-stream"), c.headers.toString());
            assertEquals("no-cache", c.headers.get("cache-control"));
            List<StoredSignal> published = api.storeAndPublish(List.of(whale(1), whale(2)));
            for (StoredSignal s : published) {
                SseClient.Event e = c.nextEvent();
                assertEquals("signal", e.event());
                assertEquals(s.seq(), e.seq());
                assertEquals(s.toSignal(), SignalJson.decode(e.data()));
                assertEquals(s.seq(), SignalJson.mapper().readTree(e.data()).get("seq").asLong());
            }
        }
    }

    @Test
    void withoutACursorOnlySignalsAfterConnectingAreSent() throws Exception {
        api.storeAndPublish(List.of(whale(1), whale(2)));
        try (SseClient c = connect("/api/signals/stream")) {
            api.storeAndPublish(List.of(whale(3)));
            assertEquals(3, c.nextEvent().seq());
        }
    }

    @Test
    void afterSeqReplaysWhatTheClientMissedThenGoesLive() throws Exception {
        api.storeAndPublish(IntStream.range(0, 1200).mapToObj(TestServer::whale).toList()); // > 2 replay pages
        try (SseClient c = connect("/api/signals/stream?after_seq=5")) {
            for (long seq = 6; seq <= 1200; seq++) {
                assertEquals(seq, c.nextEvent().seq());
            }
            api.storeAndPublish(List.of(whale(5000)));
            assertEquals(1201, c.nextEvent().seq());
        }
    }

    @Test
    void lastEventIdWinsOverAfterSeq() throws Exception {
        api.storeAndPublish(IntStream.range(0, 10).mapToObj(TestServer::whale).toList());
        try (SseClient c = connect("/api/signals/stream?after_seq=0", "Last-Event-ID", "8")) {
            assertEquals(9, c.nextEvent().seq());
            assertEquals(10, c.nextEvent().seq());
        }
    }

    @Test
    void filtersApplyToTheReplayAndToLiveSignals() throws Exception {
        api.storeAndPublish(List.of(whale(1), spread(2, Source.DOME, 0.9), spread(3, Source.DOME, 0.5)));
        try (SseClient c = connect("/api/signals/stream?after_seq=0&type=wide_spread&min_confidence=0.8")) {
            assertEquals(2, c.nextEvent().seq());
            api.storeAndPublish(List.of(whale(4), spread(5, Source.DOME, 0.3), spread(6, Source.HASHDIVE, 0.85)));
            assertEquals(6, c.nextEvent().seq());
        }
    }

    @Test
    void aClientThatDisconnectsAndResumesGetsEverySignalExactlyOnceInOrder() throws Exception {
        int total = 400;
        api.storeAndPublish(IntStream.range(0, 40).mapToObj(TestServer::whale).toList());
        CountDownLatch firstGone = new CountDownLatch(1);
        CountDownLatch secondSubscribed = new CountDownLatch(1);
        // Publishing goes on while the client reads and hangs up, and races the resumed stream's replay: from
        // signal 260 on, it publishes as soon as the second stream has subscribed, while that stream replays.
        Thread publisher = Thread.ofPlatform().start(() -> {
            for (int i = 40; i < total; i++) {
                if (i == 200) {
                    awaitLatch(firstGone);
                }
                if (i == 260) {
                    awaitLatch(secondSubscribed);
                }
                api.storeAndPublish(List.of(whale(i)));
                if (i % 10 == 0) {
                    sleep(1);
                }
            }
        });
        List<Long> seen = new ArrayList<>();
        try (SseClient first = connect("/api/signals/stream?after_seq=0")) {
            while (seen.size() < 120) {
                seen.add(first.nextEvent().seq());
            }
        } // hangs up mid-stream
        firstGone.countDown();
        try (SseClient second = connect("/api/signals/stream", "Last-Event-ID", Long.toString(seen.getLast()))) {
            secondSubscribed.countDown();
            while (seen.getLast() < total) {
                seen.add(second.nextEvent().seq());
            }
        }
        publisher.join();
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), seen);
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileOthersGetEverythingAndPublishingNeverBlocks() throws Exception {
        try (TestServer small = new TestServer(dir, c -> c.withStream(Duration.ofSeconds(30), 4, 16));
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096); // and it never reads
            slow.connect(new InetSocketAddress("127.0.0.1", small.port()));
            slow.getOutputStream().write("GET /api/signals/stream HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            await("the slow client subscribed", () -> small.broadcast.subscriberCount() == 1);
            try (SseClient normal = SseClient.open(small.port(), "/api/signals/stream")) {
                normal.nextComment();
                await("both subscribed", () -> small.broadcast.subscriberCount() == 2);
                long slowestPublishNanos = 0;
                int published = 0;
                int afterDrop = -1;
                // Big events fill the slow client's socket buffers within a few megabytes; its writer then
                // blocks and its queue of 4 overflows.
                while (afterDrop < 20) {
                    published++;
                    long t = System.nanoTime();
                    small.broadcast.publish(List.of(big(published)));
                    slowestPublishNanos = Math.max(slowestPublishNanos, System.nanoTime() - t);
                    assertEquals(published, normal.nextEvent().seq(), "the normal client gets every signal");
                    if (afterDrop < 0 && small.broadcast.subscriberCount() == 1) {
                        afterDrop = 0;
                    } else if (afterDrop >= 0) {
                        afterDrop++;
                    }
                    assertTrue(published < 400, "the slow client was never dropped");
                }
                // A publish is one offer per client (microseconds); a blocked one would wait for the stuck writer.
                assertTrue(slowestPublishNanos < TimeUnit.SECONDS.toNanos(1),
                        "publishing took " + slowestPublishNanos / 1_000_000 + " ms");
                // The slow client's connection was cut: what it finds buffered ends in EOF or a reset.
                slow.setSoTimeout(5000);
                try {
                    InputStream in = slow.getInputStream();
                    byte[] buffer = new byte[1 << 16];
                    while (in.read(buffer) >= 0) {
                        // drain
                    }
                } catch (SocketException reset) {
                    // closed by the server all the same
                }
                String metrics = small.get("/metrics").body();
                assertTrue(metrics.contains("betterbot_stream_slow_disconnects_total 1\n"), metrics);
                assertTrue(metrics.contains("betterbot_stream_clients 1\n"), metrics);
            }
        }
    }

    /** A live signal of about 256 KB, published without storing (the stream sends what it is given). */
    static StoredSignal big(int seq) {
        Signal s = new Signal("wide_spread:big" + seq, new betterbot.signals.SignalType.WideSpread("Yes", 0.3, 0.5, 0.2),
                "m", 0.6, RiskLevel.MEDIUM, betterbot.signals.Details.builder().marketTitle("x".repeat(256 * 1024))
                .build(), Instant.parse("2026-11-24T12:00:00Z"), Source.POLYMARKET);
        return StoredSignal.of(seq, s);
    }

    @Test
    void anIdleStreamGetsHeartbeatsAndOutlivesTheRequestAndIdleTimeouts() throws Exception {
        try (SseClient c = connect("/api/signals/stream")) {
            long start = System.nanoTime();
            int pings = 0;
            // 3.5 s: beyond the 1 s request timeout and the 2 s idle timeout (each checked every second).
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(3500)) {
                assertEquals("ping", c.nextComment());
                pings++;
            }
            assertTrue(pings >= 10, "a ping every 200 ms, got " + pings);
            api.storeAndPublish(List.of(whale(1)));
            assertEquals(1, c.nextEvent().seq());
        }
    }

    @Test
    void badCursorsAreA400NamingThem() throws Exception {
        HttpResponse<String> r = api.get("/api/signals/stream", "Last-Event-ID", "abc");
        assertError(r, 400, "bad_request", "Last-Event-ID");
        assertError(api.get("/api/signals/stream?after_seq=-1"), 400, "bad_request", "after_seq");
        assertError(api.get("/api/signals/stream?type=moon"), 400, "bad_request", "type");
        assertError(api.get("/api/signals/stream?limit=5"), 400, "bad_request", "limit");
    }

    @Test
    void headAnswersTheStreamHeadersOnly() throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/signals/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals(0, api.broadcast.subscriberCount());
    }

    @Test
    void streamsBeyondTheLimitAre503() throws Exception {
        try (TestServer one = new TestServer(dir, c -> c.withStream(Duration.ofMillis(100), 16, 1))) {
            try (SseClient first = SseClient.open(one.port(), "/api/signals/stream")) {
                first.nextComment();
                assertError(one.get("/api/signals/stream"), 503, "unavailable", null);
            } // hangs up; the server notices at its next heartbeat
            await("the slot is free", () -> one.broadcast.subscriberCount() == 0);
            try (SseClient again = SseClient.open(one.port(), "/api/signals/stream")) {
                assertEquals(200, again.status);
            }
        }
    }

    @Test
    void closingTheServerEndsStreamsAtOnce() throws Exception {
        TestServer closing = new TestServer(dir, c -> c.withStream(Duration.ofSeconds(30), 16, 16));
        try (SseClient c = SseClient.open(closing.port(), "/api/signals/stream")) {
            c.nextComment();
            await("subscribed", () -> closing.broadcast.subscriberCount() == 1);
            long start = System.nanoTime();
            closing.close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            // Without ending streams first, the server's stop(1) alone would wait a full second for it.
            assertTrue(millis < 1000, "close took " + millis + " ms: it waited for the stream");
            c.timeout(2000);
            assertTrue(c.endsWithin(), "the client sees the stream end");
            assertEquals(0, closing.broadcast.subscriberCount());
        }
    }

    @Test
    void aClientThatHangsUpIsUnsubscribed() throws Exception {
        SseClient c = connect("/api/signals/stream");
        c.close();
        // The server notices on its next write: a heartbeat within 200 ms.
        await("unsubscribed", () -> api.broadcast.subscriberCount() == 0);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
