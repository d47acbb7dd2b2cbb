package betterbot.signals.sources.internal;

import static betterbot.signals.sources.internal.MiniWebSocketServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Side;
import betterbot.signals.SignalJson;
import betterbot.signals.Source;
import betterbot.signals.detection.Replay;
import betterbot.signals.detection.ReplaySummary;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.SourceLedger;
import betterbot.signals.sources.SourcesConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomeFeedTest {
    static final String KEY = "dk_live_S3cr3tK3y_0042";
    static final Duration WAIT = Duration.ofSeconds(3);
    static final Duration QUIET = Duration.ofSeconds(10); // silence timeout for tests that are not about silence
    static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    static final String W1 = "0x1111111111111111111111111111111111111111";
    static final String W2 = "0x2222222222222222222222222222222222222222";
    static final String W3 = "0x3333333333333333333333333333333333333333";
    static final String W4 = "0x4444444444444444444444444444444444444444";
    static final String W5 = "0x5555555555555555555555555555555555555555";

    final PollerTest.MutableClock clock = new PollerTest.MutableClock();
    final List<SourceLedger.CoverageGap> windows = new CopyOnWriteArrayList<>();
    final SourceHealth health = new SourceHealth("dome", true, 3, clock, windows::add);
    final List<List<Trade>> batches = new CopyOnWriteArrayList<>();
    final List<String> logs = new CopyOnWriteArrayList<>();
    final List<DomeFeed> feeds = new ArrayList<>();
    MiniWebSocketServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new MiniWebSocketServer();
    }

    @AfterEach
    void stopAll() throws IOException {
        feeds.forEach(DomeFeed::close);
        server.close();
    }

    DomeSettings settings(List<String> wallets, int maxUsers, Duration silence, Backoff backoff) {
        return new DomeSettings(server.baseUri(), KEY, wallets, maxUsers, silence, backoff, Duration.ofSeconds(2));
    }

    DomeSettings settings(List<String> wallets, int maxUsers) {
        return settings(wallets, maxUsers, QUIET, FAST);
    }

    DomeFeed start(DomeSettings settings) {
        return start(settings, batches::add);
    }

    DomeFeed start(DomeSettings settings, Consumer<List<Trade>> consumer) {
        DomeFeed feed = new DomeFeed(settings, health, clock, consumer, new Random(7),
                (level, message, cause) -> logs.add(level + " " + message + (cause == null ? "" : " " + cause)));
        feeds.add(feed);
        feed.start();
        return feed;
    }

    /** Starts a feed for W1 and waits until its one subscription is acknowledged. */
    DomeFeed subscribed() {
        DomeFeed feed = start(settings(List.of(W1), 5));
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT), "no ack");
        return feed;
    }

    List<Trade> trades() {
        return batches.stream().flatMap(List::stream).toList();
    }

    static JsonNode json(String text) throws IOException {
        return SignalJson.mapper().readTree(text);
    }

    static String event(String data) {
        return "{\"type\":\"event\",\"subscription_id\":\"sub_1\",\"data\":" + data + "}";
    }

    static final String ORDER = """
            {"token_id":"71321045679252212594626385532706912750332728571942532289631379312455583992563",
             "token_label":"Yes","side":"BUY","market_slug":"will-it-rain","condition_id":"0xc0nd1",
             "shares":2500000,"shares_normalized":2.5,"price":0.62,"tx_hash":"0xtx1","title":"Will it rain?",
             "timestamp":1764000000,"order_hash":"0xorder1","user":"0xAbCdEf0000000000000000000000000000000001"}""";

    static final Trade ORDER_TRADE = new Trade("0xtx1",
            "71321045679252212594626385532706912750332728571942532289631379312455583992563", "0xc0nd1",
            "0xabcdef0000000000000000000000000000000001", Side.BUY, 2.5, 0.62, Instant.ofEpochSecond(1764000000),
            "Yes", null, "will-it-rain", null, "Will it rain?", Source.DOME, false);

    // --- connection and subscription -------------------------------------------------------------------------

    @Test
    void subscribesWithTheKeyInThePathOneMessagePerChunkOfWallets() throws IOException {
        DomeFeed feed = start(settings(List.of(W1, W2, W3, W4, W5), 2));

        assertTrue(server.awaitReceived(3, WAIT));
        assertEquals(List.of("/" + KEY), server.paths());
        List<String> sent = server.received();
        assertEquals(3, sent.size());
        String shape = "{\"action\":\"subscribe\",\"platform\":\"polymarket\",\"version\":1,\"type\":\"orders\","
                + "\"filters\":{\"users\":%s}}";
        assertEquals(json(shape.formatted("[\"" + W1 + "\",\"" + W2 + "\"]")), json(sent.get(0)));
        assertEquals(json(shape.formatted("[\"" + W3 + "\",\"" + W4 + "\"]")), json(sent.get(1)));
        assertEquals(json(shape.formatted("[\"" + W5 + "\"]")), json(sent.get(2)));
        assertTrue(await(() -> feed.subscriptionIds().size() == 3, WAIT));
        assertEquals(List.of("sub_1", "sub_2", "sub_3"), feed.subscriptionIds());
        assertTrue(feed.connected());
        assertEquals(UpstreamHttp.USER_AGENT, server.handshakeHeaders().get(0).get("user-agent"));
        assertEquals(0, server.unmaskedFrames(), "client frames must be masked");
        assertEquals("ok", health.state(), "an acknowledged stream is healthy before any trade");
        assertTrue(batches.isEmpty());
    }

    @Test
    void subscribeMessagesChunkWalletsInOrder() {
        assertEquals(3, DomeProtocol.subscribeMessages(List.of(W1, W2, W3, W4, W5), 2).size());
        assertEquals(1, DomeProtocol.subscribeMessages(List.of(W1, W2, W3, W4, W5), 5).size());
        assertEquals(5, DomeProtocol.subscribeMessages(List.of(W1, W2, W3, W4, W5), 1).size());
    }

    @Test
    void settingsNormalizeWalletsAndRejectBadValuesWithoutShowingTheKey() {
        DomeSettings s = new DomeSettings(URI.create("wss://ws.example.test/"), KEY,
                List.of(" 0xABC ", "0xabc", "0xdef"), 2, QUIET, FAST, Duration.ofSeconds(1));
        assertEquals(List.of("0xabc", "0xdef"), s.wallets());
        assertEquals(URI.create("wss://ws.example.test/" + KEY), s.endpoint());
        assertEquals("wss://ws.example.test/***", s.redactedEndpoint());
        assertFalse(s.toString().contains(KEY), s.toString());

        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () -> new DomeSettings(
                URI.create("https://ws.example.test/" + KEY), KEY, List.of(W1), 2, QUIET, FAST, Duration.ofSeconds(1)));
        assertFalse(scheme.getMessage().contains(KEY), scheme.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DomeSettings(URI.create("wss://h"), " ",
                List.of(W1), 2, QUIET, FAST, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DomeSettings(URI.create("wss://h"), KEY,
                List.of(), 2, QUIET, FAST, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DomeSettings(URI.create("wss://h"), KEY,
                List.of(W1), 0, QUIET, FAST, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new DomeSettings(URI.create("wss://h"), KEY,
                List.of(W1), 2, Duration.ZERO, FAST, Duration.ofSeconds(1)));
    }

    @Test
    void aKeyWithReservedCharactersIsEncodedInThePathAndRedactedInBothForms() {
        assertEquals("a%20b%2Fc%2B~", DomeSettings.encodePathSegment("a b/c+~"));
        assertEquals("url /*** and ***", DomeSettings.redact("url /a%20b%2Fc and a b/c", "a b/c"));
        DomeSettings s = new DomeSettings(URI.create("ws://h:1"), "a b/c", List.of(W1), 2, QUIET, FAST,
                Duration.ofSeconds(1));
        assertEquals("/a%20b%2Fc", s.endpoint().getRawPath());
    }

    // --- events ----------------------------------------------------------------------------------------------

    @Test
    void orderEventsBecomeTradesWithNumbersAsStringsAndRawShares() {
        DomeFeed feed = subscribed();
        server.send(event(ORDER));
        server.send(event("""
                {"token_id":"222","token_label":"No","side":"sell","market_slug":"m2","condition_id":"0xc2",
                 "shares":"10000000","shares_normalized":"10","price":"0.35","tx_hash":"0xtx2","title":"T2",
                 "timestamp":"1764000001","order_hash":"0xo2","user":"0x2222222222222222222222222222222222222222"}"""));
        server.send(event("""
                {"token_id":"333","token_label":"Yes","side":"BUY","market_slug":"m3","condition_id":"0xc3",
                 "shares":"1234500","price":0.5,"tx_hash":"0xtx3","title":"T3","timestamp":1764000002,
                 "order_hash":"0xo3","user":"0x3333333333333333333333333333333333333333"}"""));
        server.send(event("""
                {"token_id":"444","side":"BUY","shares":3000000,"price":"0.9","tx_hash":"0xtx4",
                 "timestamp":1764000003,"user":"0x4444444444444444444444444444444444444444"}"""));

        assertTrue(await(() -> trades().size() == 4, WAIT));
        assertEquals(List.of(
                ORDER_TRADE,
                new Trade("0xtx2", "222", "0xc2", W2, Side.SELL, 10, 0.35, Instant.ofEpochSecond(1764000001), "No",
                        null, "m2", null, "T2", Source.DOME, false),
                new Trade("0xtx3", "333", "0xc3", W3, Side.BUY, 1.2345, 0.5, Instant.ofEpochSecond(1764000002), "Yes",
                        null, "m3", null, "T3", Source.DOME, false),
                new Trade("0xtx4", "444", null, W4, Side.BUY, 3, 0.9, Instant.ofEpochSecond(1764000003), null,
                        null, null, null, null, Source.DOME, false)), trades());
        assertEquals(4, batches.size(), "one batch per event");
        assertEquals(4, health.status().itemsFetched());
        assertEquals("ok", health.state());
        assertEquals(0, feed.skipped());
        assertEquals(clock.instant(), feed.lastMessageAt());
    }

    @Test
    void everyOrderEventIsRecordedAsReceivedAndItsReplayGivesTheSameTrades(@TempDir Path dir) throws IOException {
        Recorder recorder = Recorder.daily(RecordConfig.megabytes(dir, 1), clock);
        DomeFeed feed = new DomeFeed(settings(List.of(W1), 5), health, clock, batches::add, new Random(7), recorder);
        feeds.add(feed);
        feed.start();
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT), "no ack");
        String second = event("[" + ORDER.replace("0xtx1", "0xtx2") + ",{\"user\":\"not an order\"}]");
        server.send(event(ORDER));
        server.send("{\"type\":\"heartbeat\"}");
        server.send(second);
        assertTrue(await(() -> trades().size() == 2, WAIT));
        feed.close();
        recorder.close();
        assertEquals(2, recorder.stats().lines(), "the two order events; not the ack, not the heartbeat");

        Path file = dir.resolve("betterbot-2026-11-24.1.jsonl.gz");
        List<String> lines = RecordedPollsTest.rawLines(file);
        assertEquals("{\"captured_at\":\"2026-11-24T12:00:00.000Z\",\"kind\":\"dome_orders\",\"body\":"
                + event(ORDER).replace('\n', ' ') + "}", lines.get(0));
        Shapes.RecordingFeed replayed = new Shapes.RecordingFeed();
        ReplaySummary s = new Replay(c -> replayed).run(List.of(file));
        assertEquals(trades(), replayed.trades);
        assertEquals(1, s.rowsSkipped(), "the malformed order, counted as it was live");
    }

    @Test
    void acksAndOtherMessagesAreNotTrades() {
        DomeFeed feed = subscribed();
        server.send("{\"type\":\"ack\",\"subscription_id\":\"sub_extra\"}");
        server.send("{\"subscription_id\":\"sub_1\",\"status\":\"updated\"}");
        server.send("{\"type\":\"heartbeat\"}");
        server.send(event(ORDER));

        assertTrue(await(() -> !batches.isEmpty(), WAIT));
        assertEquals(List.of(ORDER_TRADE), trades());
        assertEquals(List.of("sub_1", "sub_extra"), feed.subscriptionIds());
        assertEquals(0, feed.skipped());
    }

    @Test
    void aMalformedEventIsSkippedAndCountedAndLaterEventsStillArrive() {
        DomeFeed feed = subscribed();
        server.send("this is not json");
        server.send(event(ORDER.replace("\"token_id\"", "\"token\"")));
        server.send(event(ORDER.replace("\"BUY\"", "\"HOLD\"")));
        server.send(event(ORDER.replace("0.62", "\"sixty\"")));
        server.send(event(ORDER.replace("0.62", "1.7")));
        server.send("{\"type\":\"event\",\"subscription_id\":\"sub_1\"}");
        server.send(event(ORDER));

        assertTrue(await(() -> !batches.isEmpty(), WAIT));
        assertEquals(List.of(ORDER_TRADE), trades());
        assertEquals(6, feed.skipped());
        assertEquals(1, server.connectionCount(), "malformed input never kills the connection");
        assertEquals(0, health.status().failures());
    }

    @Test
    void anEventCarryingSeveralOrdersIsOneBatchWithoutTheBadOnes() {
        DomeFeed feed = subscribed();
        server.send(event("[" + ORDER + "," + ORDER.replace("\"BUY\"", "\"HOLD\"") + ","
                + ORDER.replace("0xtx1", "0xtx9") + "]"));

        assertTrue(await(() -> !batches.isEmpty(), WAIT));
        assertEquals(1, batches.size());
        assertEquals(List.of("0xtx1", "0xtx9"), trades().stream().map(Trade::transactionHash).toList());
        assertEquals(1, feed.skipped());
    }

    @Test
    void textFramesInPartsAreReassembled() {
        subscribed();
        server.sendFragmented(event(ORDER), 4);

        assertTrue(await(() -> !batches.isEmpty(), WAIT));
        assertEquals(List.of(ORDER_TRADE), trades());
    }

    @Test
    void aFailingConsumerDoesNotStopTheStream() {
        List<Trade> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        DomeFeed feed = start(settings(List.of(W1), 5), batch -> {
            threads.add(Thread.currentThread().getName());
            seen.addAll(batch);
            if (seen.size() == 1) {
                throw new IllegalStateException("pipeline hiccup");
            }
        });
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT));
        server.send(event(ORDER));
        server.send(event(ORDER.replace("0xtx1", "0xtx2")));

        assertTrue(await(() -> seen.size() == 2, WAIT));
        assertEquals(List.of(DomeFeed.THREAD_NAME, DomeFeed.THREAD_NAME), threads, "delivered on the feed's thread");
        assertEquals(1, server.connectionCount());
        assertTrue(logs.stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("pipeline hiccup")), logs::toString);
    }

    @Test
    void aServerPingIsAnsweredWithAPong() {
        subscribed();
        server.sendPing();
        assertTrue(await(() -> server.pongs() == 1, WAIT));
    }

    // --- reconnecting ----------------------------------------------------------------------------------------

    @Test
    void aDroppedConnectionReconnectsAndResubscribesTheSameWallets() {
        DomeFeed feed = start(settings(List.of(W1, W2, W3), 2));
        assertTrue(await(() -> feed.subscriptionIds().size() == 2, WAIT));

        server.drop();

        assertTrue(server.awaitConnections(2, WAIT));
        assertTrue(await(() -> feed.subscriptionIds().equals(List.of("sub_3", "sub_4")), WAIT),
                () -> feed.subscriptionIds().toString());
        assertEquals(server.received(0), server.received(1));
        assertEquals(2, server.received(1).size());
        assertEquals(1, feed.reconnects());
        assertEquals(1, health.status().failures());
        assertEquals("ok", health.state());
        assertEquals(List.of("/" + KEY, "/" + KEY), server.paths());

        server.send(event(ORDER));
        assertTrue(await(() -> !batches.isEmpty(), WAIT));
        assertEquals(List.of(ORDER_TRADE), trades());
    }

    @Test
    void silenceAbortsTheSocketAndReconnects() {
        DomeFeed feed = start(settings(List.of(W1), 5, Duration.ofMillis(300), FAST));
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT));

        server.goSilent();

        assertTrue(server.awaitConnections(2, WAIT));
        assertTrue(await(() -> feed.subscriptionIds().equals(List.of("sub_2")), WAIT));
        assertEquals("silent for 300 ms", health.status().lastError());
        assertTrue(server.pings() >= 1, "the feed probes with a ping before giving up");
        assertEquals(1, feed.reconnects());
    }

    @Test
    void aQuietConnectionThatAnswersPingsIsKept() throws InterruptedException {
        DomeFeed feed = start(settings(List.of(W1), 5, Duration.ofMillis(500), FAST));
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT));

        Thread.sleep(1_100); // over two silence timeouts with nothing but pings and pongs

        assertTrue(server.pings() >= 2, "pings: " + server.pings());
        assertEquals(1, server.connectionCount());
        assertEquals(0, feed.reconnects());
        assertEquals(0, health.status().failures());
    }

    @Test
    void refusedHandshakesBackOffAndMarkTheSourceDown() {
        server.refuseHandshakes(503);
        DomeFeed feed = start(settings(List.of(W1), 5));

        assertTrue(await(() -> health.state().equals("down"), WAIT));
        assertEquals("cannot connect: handshake refused with HTTP 503", health.status().lastError());
        assertFalse(feed.connected());
        assertEquals(0, server.connectionCount());

        server.refuseHandshakes(0);
        assertTrue(await(() -> feed.subscriptionIds().size() == 1, WAIT));
        assertEquals("ok", health.state());
        assertEquals(1, windows.stream().filter(w -> w.end() != null).count(), "the down window closed");
    }

    @Test
    void theKeyNeverAppearsInLogsErrorsOrToString() throws IOException {
        DomeSettings settings = settings(List.of(W1, W2), 1);
        DomeFeed feed = start(settings);
        assertTrue(await(() -> feed.subscriptionIds().size() == 2, WAIT));
        assertEquals("/" + KEY, server.paths().get(0), "the key is sent, in the path");

        server.send("{\"type\":\"error\",\"message\":\"key " + KEY + " is over its quota\"}"); // an echoing upstream
        assertTrue(await(() -> logs.stream().anyMatch(l -> l.startsWith("WARN")), WAIT), logs::toString);
        server.refuseHandshakes(401);
        server.drop();
        assertTrue(await(() -> health.status().failures() >= 2, WAIT));
        String refused = health.status().lastError();

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SourceHealth otherHealth = new SourceHealth("dome", true, 3, clock, windows::add);
        DomeSettings unreachable = new DomeSettings(URI.create("ws://127.0.0.1:" + closedPort), KEY,
                List.of(W1), 1, QUIET, FAST, Duration.ofMillis(500));
        DomeFeed other = new DomeFeed(unreachable, otherHealth, clock, batches::add, new Random(3),
                (level, message, cause) -> logs.add(level + " " + message));
        feeds.add(other);
        other.start();
        assertTrue(await(() -> otherHealth.status().failures() >= 1, WAIT));

        List<String> shown = new ArrayList<>(logs);
        shown.add(refused);
        shown.add(health.status().toString());
        shown.add(otherHealth.status().toString());
        shown.add(windows.toString());
        shown.add(settings.toString());
        shown.add(unreachable.toString());
        shown.add(feed.toString());
        shown.add(other.toString());
        for (String line : shown) {
            assertFalse(line.contains(KEY), "the key leaked: " + line);
        }
        assertTrue(logs.stream().anyMatch(l -> l.contains(server.baseUri() + "/***")), logs::toString);
        assertTrue(logs.stream().anyMatch(l -> l.startsWith("WARN") && l.contains("key *** is over its quota")),
                logs::toString);
        assertEquals("cannot connect: handshake refused with HTTP 401", refused);
        assertEquals("cannot connect: connection refused", otherHealth.status().lastError());
    }

    @Test
    void reconnectWaitsGrowToTheBackoffMaximumAndNeverBeyondIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Duration max = Duration.ofSeconds(4);
        List<Duration> waits = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(12);
        DomeSettings unreachable = new DomeSettings(URI.create("ws://127.0.0.1:" + closedPort), KEY, List.of(W1), 1,
                QUIET, new Backoff(Duration.ofSeconds(1), max), Duration.ofMillis(500));
        DomeFeed feed = new DomeFeed(unreachable, health, clock, batches::add, new Random(5), (l, m, c) -> { }, d -> {
            waits.add(d);
            enough.countDown();
            if (enough.getCount() == 0) {
                Thread.sleep(d); // enough attempts seen: wait for real until closed
            }
        });
        feeds.add(feed);
        feed.start();
        assertTrue(enough.await(10, TimeUnit.SECONDS), waits::toString);
        feed.close();
        assertTrue(waits.stream().allMatch(w -> w.compareTo(max) <= 0), "beyond the maximum: " + waits);
        assertTrue(waits.subList(6, 12).stream().allMatch(w -> w.compareTo(max.dividedBy(2)) >= 0),
                "failures in a row wait up to the maximum: " + waits);
    }

    @Test
    void theSourcesBoundTheDomeReconnectsByBackoffMaxSeconds() throws Exception {
        Duration backoffMax = Duration.ofSeconds(7); // BACKOFF_MAX_SECONDS=7
        SourcesConfig config = SourcesLifecycleTest.config(Map.of("domeApiKey", KEY, "trackedWallets", List.of(W1),
                "backoffMax", backoffMax));
        Backoff reconnect = SourceSet.domeSettings(config).reconnect();
        Random random = new Random(11);
        for (int failures = 1; failures <= 40; failures++) {
            Duration wait = reconnect.delay(failures, random);
            assertTrue(wait.compareTo(backoffMax) <= 0, failures + " failures: " + wait);
        }
        assertEquals(backoffMax, reconnect.max());
    }

    // --- closing ---------------------------------------------------------------------------------------------

    @Test
    void closeStopsPromptlyAndNothingReconnectsAfterIt() throws InterruptedException {
        DomeFeed feed = subscribed();

        long started = System.nanoTime();
        feed.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 1_000, "close took " + tookMs + " ms");
        assertFalse(feed.connected());
        assertTrue(await(() -> server.isClosed(0), WAIT));
        assertEquals(1, server.closesReceived(), "a close frame before the socket goes");
        Thread.sleep(300); // several backoff periods: a reconnect would show by now
        assertEquals(1, server.attempts());
        assertEquals(0, health.status().failures(), "closing is not a failure");
        feed.start();
        Thread.sleep(50);
        assertEquals(1, server.attempts(), "a closed feed does not start again");
    }

    @Test
    void closeDuringTheBackoffWaitIsPromptToo() throws InterruptedException {
        server.refuseHandshakes(503);
        Backoff slow = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(60));
        DomeFeed feed = start(settings(List.of(W1), 5, QUIET, slow));
        assertTrue(await(() -> health.status().failures() == 1, WAIT));

        long started = System.nanoTime();
        feed.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 1_000, "close took " + tookMs + " ms");
        Thread.sleep(100);
        assertEquals(1, server.attempts());
    }
}
