package betterbot.signals.sources.internal;

import static betterbot.signals.sources.internal.MiniWebSocketServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SourceStatus;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.MarketStreamConfig;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The market stream against a local WebSocket server speaking the CLOB market channel's real shapes (docs/domain.md,
 * Upstream: CLOB market stream): one object or an array per frame, prices and sizes as strings, millisecond
 * timestamps as strings, {@code price_change} with its {@code price_changes} list, {@code last_trade_price} without a
 * wallet, {@code PONG} in answer to {@code PING}.
 */
class MarketStreamTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final long T0 = 1_764_000_000_000L;

    MiniWebSocketServer server;
    final Clock clock = Clock.systemUTC();
    final MarketCatalog catalog = new MarketCatalog();
    final SourceHealth health = new SourceHealth("polymarket-stream", true, 3, clock, g -> { });
    final List<Signal> stored = new CopyOnWriteArrayList<>();
    Pipeline pipeline;
    MarketStream stream;

    @BeforeEach
    void start() throws Exception {
        server = new MiniWebSocketServer();
        server.autoAck(false);
        server.replies(text -> text.equals("PING") ? List.of("PONG") : List.of());
        pipeline = Pipeline.create(DetectionConfig.defaults(), RiskConfig.defaults(), clock, stored::addAll);
    }

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        server.close();
    }

    MarketStream stream(MarketFeed feed, Duration silence, Duration ping) {
        MarketStreamConfig config = new MarketStreamConfig(server.baseUri().resolve("/ws/market"), true, 20_000,
                silence, ping);
        stream = new MarketStream(config, catalog, feed, health, clock, new Backoff(Duration.ofMillis(10),
                Duration.ofMillis(50)), new Random(1), Duration.ofSeconds(2));
        return stream;
    }

    /** A NegRisk event of three legs (a, b, c; tokens a1 YES, a2 NO, ...) and a binary market x. */
    List<Market> event() {
        List<Market> markets = GammaJson.markets(Shapes.array(List.of(
                Shapes.gammaMarket("a", 900, true, "nr1", "ev1"), Shapes.gammaMarket("b", 800, true, "nr1", "ev1"),
                Shapes.gammaMarket("c", 700, true, "nr1", "ev1"), Shapes.gammaMarket("x", 600, false, null, "ev9"))))
                .rows();
        catalog.replace(markets);
        pipeline.onMarkets(markets, clock.instant());
        return markets;
    }

    // --- upstream messages, in the channel's shapes ----------------------------------------------------------

    static String book(String asset, long ts, String bids, String asks) {
        return """
                {"event_type":"book","asset_id":"%s","market":"0xcond%s","bids":[%s],"asks":[%s],
                 "timestamp":"%d","hash":"0x%s%d"}""".formatted(asset, asset.substring(0, 1), bids, asks, ts, asset, ts);
    }

    static String level(String price, String size) {
        return "{\"price\":\"" + price + "\",\"size\":\"" + size + "\"}";
    }

    static String change(String asset, String price, String size, String side) {
        return """
                {"asset_id":"%s","price":"%s","size":"%s","side":"%s","hash":"0x%s","best_bid":"0","best_ask":"1"}"""
                .formatted(asset, price, size, side, asset);
    }

    static String priceChange(String market, long ts, String... changes) {
        return """
                {"event_type":"price_change","market":"0xcond%s","timestamp":"%d","price_changes":[%s]}"""
                .formatted(market, ts, String.join(",", changes));
    }

    /**
     * Consistent books of the event's legs: YES bids and asks, each NO book their mirror. The YES asks sum to 0.99,
     * so there is no deviation yet; no spread reaches 0.15.
     */
    static String eventSnapshots(long ts) {
        return "[" + String.join(",",
                book("a1", ts, level("0.20", "300"), level("0.34", "150") + "," + level("0.50", "40")),
                book("a2", ts, level("0.66", "150"), level("0.80", "300")),
                book("b1", ts, level("0.30", "200"), level("0.33", "200")),
                book("b2", ts, level("0.67", "200"), level("0.70", "200")),
                book("c1", ts, level("0.28", "250"), level("0.32", "180")),
                book("c2", ts, level("0.68", "180"), level("0.72", "250"))) + "]";
    }

    List<String> deviations() {
        return stored.stream().filter(s -> s.signalType().name().equals("price_deviation")).map(Signal::id).toList();
    }

    // --- subscription ----------------------------------------------------------------------------------------

    @Test
    void tokensAreSubscribedInFramesOfAtMost100IdsSoAServerThatClosesOnLargerFramesKeepsTheConnection()
            throws Exception {
        List<String> markets = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            markets.add(Shapes.gammaMarket("m" + i, 1_000 - i, false, null, "e" + i));
        }
        catalog.replace(GammaJson.markets(Shapes.array(markets)).rows());
        server.closeOnIdsOver(100);
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(3, WAIT));
        List<JsonNode> frames = new ArrayList<>();
        for (String text : server.received(0)) {
            frames.add(SignalJson.mapper().readTree(text));
        }
        assertEquals("market", frames.get(0).path("type").asText());
        assertTrue(frames.get(0).path("custom_feature_enabled").asBoolean());
        assertEquals(100, frames.get(0).path("assets_ids").size());
        assertEquals("subscribe", frames.get(1).path("operation").asText());
        assertEquals(List.of(100, 100, 60), frames.stream().map(f -> f.path("assets_ids").size()).toList());
        Set<String> ids = new HashSet<>();
        frames.forEach(f -> f.path("assets_ids").forEach(id -> ids.add(id.asText())));
        assertEquals(260, ids.size(), "every token once");
        assertTrue(ids.contains("m01") && ids.contains("m1292"));
        Thread.sleep(200);
        assertEquals(0, server.oversizedCloses());
        assertEquals(1, server.connectionCount());
        assertTrue(stream.connected());
    }

    @Test
    void whenTheMarketsPollChangesTheWatchedSetTheDifferenceIsSubscribedAndUnsubscribed() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        List<Market> next = GammaJson.markets(Shapes.array(List.of(Shapes.gammaMarket("a", 900, true, "nr1", "ev1"),
                Shapes.gammaMarket("b", 800, true, "nr1", "ev1"), Shapes.gammaMarket("c", 700, true, "nr1", "ev1"),
                Shapes.gammaMarket("y", 650, false, null, "ev8")))).rows();
        catalog.replace(next); // x closed and left the poll; y is new
        assertTrue(server.awaitReceived(3, WAIT));
        List<String> sent = server.received(0);
        JsonNode unsubscribe = SignalJson.mapper().readTree(sent.get(1));
        JsonNode subscribe = SignalJson.mapper().readTree(sent.get(2));
        assertEquals("unsubscribe", unsubscribe.path("operation").asText());
        assertEquals("[\"x1\",\"x2\"]", unsubscribe.path("assets_ids").toString());
        assertEquals("subscribe", subscribe.path("operation").asText());
        assertEquals("[\"y1\",\"y2\"]", subscribe.path("assets_ids").toString());
        assertEquals(1, server.connectionCount(), "no reconnect for a change of the set");
    }

    // --- books -----------------------------------------------------------------------------------------------

    @Test
    void booksFollowSnapshotsLevelChangesRemovalsAndTickSizesExactly() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(book("x1", T0, level("0.40", "100") + "," + level("0.41", "5"),
                level("0.45", "120") + "," + level("0.47", "30")));
        // an array frame: a change adding a level, one removing one, one replacing a size, a malformed one, and
        // messages that are not about books
        server.send("[" + priceChange("x", T0 + 5, change("x1", "0.42", "50", "BUY"), change("x1", "0.47", "0", "SELL"),
                change("x1", "0.45", "80", "SELL"), change("x1", "abc", "1", "SELL"))
                + ",{\"event_type\":\"last_trade_price\",\"asset_id\":\"x1\",\"market\":\"0xcondx\",\"price\":\"0.45\","
                + "\"side\":\"BUY\",\"size\":\"10\",\"fee_rate_bps\":\"0\",\"timestamp\":\"" + (T0 + 6) + "\"}"
                + ",{\"event_type\":\"best_bid_ask\",\"asset_id\":\"x1\",\"best_bid\":\"0.42\",\"best_ask\":\"0.45\"}]");
        server.send("{\"event_type\":\"tick_size_change\",\"asset_id\":\"x1\",\"market\":\"0xcondx\","
                + "\"old_tick_size\":\"0.01\",\"new_tick_size\":\"0.001\",\"timestamp\":\"" + (T0 + 7) + "\"}");
        server.send("not json at all");
        assertTrue(await(() -> stream.stats().messages() >= 4, WAIT));
        List<List<BookLevel>> levels = stream.levelsOf("x1");
        assertEquals(List.of(new BookLevel(0.42, 50), new BookLevel(0.41, 5), new BookLevel(0.40, 100)),
                levels.get(0));
        assertEquals(List.of(new BookLevel(0.45, 80)), levels.get(1));
        assertEquals(0.001, stream.tickSizeOf("x1"));
        assertEquals(2, stream.stats().skipped(), "the malformed change and the unreadable frame");
        assertEquals(2, health.status().itemsSkipped());
        OrderBook top = stream.top("x1");
        assertEquals(Instant.ofEpochMilli(T0 + 7), top.timestamp(), "the book's time is its latest change's");
    }

    @Test
    void aDeviationAppearingInAPriceChangeIsStoredOnceWithTheChangesTime() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(eventSnapshots(T0));
        assertTrue(await(() -> stream.stats().books() == 6, WAIT));
        assertEquals(List.of(), deviations(), "the asks sum to 0.99");
        // someone offers a1 at 0.25: the YES asks now sum to 0.90 (and a2's bid mirrors it)
        server.send(priceChange("a", T0 + 1_500, change("a1", "0.25", "200", "SELL"), change("a2", "0.75", "200", "BUY")));
        assertTrue(await(() -> deviations().size() == 1, WAIT));
        Signal s = stored.stream().filter(x -> x.signalType().name().equals("price_deviation")).findFirst().get();
        assertEquals(Instant.ofEpochMilli(T0 + 1_500), s.details().bookTime());
        assertEquals(3, s.details().legs().size());
        assertTrue(await(() -> stream.stats().judged() == 2, WAIT), "the snapshots, then the change");
        // a change deep in the book moves no top: nothing to judge
        server.send(priceChange("a", T0 + 1_600, change("a1", "0.60", "10", "SELL")));
        // a change at the top re-judges: the same situation, no second signal
        server.send(priceChange("a", T0 + 1_700, change("a1", "0.25", "400", "SELL")));
        assertTrue(await(() -> stream.stats().messages() >= 4, WAIT));
        assertTrue(await(() -> stream.stats().judged() == 3, WAIT));
        assertEquals(1, deviations().size(), "stored once");
        // the same books polled give the same id: whichever path sees a situation first, it is one signal
        List<OrderBook> polled = new ArrayList<>();
        for (String t : List.of("a1", "a2", "b1", "b2", "c1", "c2")) {
            polled.add(stream.top(t));
        }
        pipeline.onBooks(polled, clock.instant());
        assertEquals(1, deviations().size());
        // one frame opened a signal: its arrival -> stored lag is counted (docs/api.md, betterbot_source_counter)
        java.util.Map<String, Long> counters = health.status().counters();
        assertEquals(1L, counters.get("stored_lag_count"), counters.toString());
        assertTrue(counters.get("stored_lag_max_micros") > 0);
        assertEquals(counters.get("stored_lag_p50_micros"), counters.get("stored_lag_max_micros"), "one lag");
    }

    @Test
    void aReconnectRebuildsEveryBookFromFreshSnapshots() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(book("x1", T0, level("0.40", "100"), level("0.45", "120") + "," + level("0.48", "10")));
        assertTrue(await(() -> stream.stats().books() == 1, WAIT));
        server.drop(); // abrupt: no close frame
        assertTrue(server.awaitConnections(2, WAIT));
        assertTrue(await(() -> server.received(1).size() >= 1, WAIT), "subscribed again on the new connection");
        assertEquals(8, SignalJson.mapper().readTree(server.received(1).get(0)).path("assets_ids").size());
        assertEquals(null, stream.top("x1"), "no stale book survives the reconnect");
        server.send(book("x1", T0 + 9_000, level("0.41", "70"), level("0.44", "60")));
        assertTrue(await(() -> stream.top("x1") != null, WAIT));
        assertEquals(List.of(List.of(new BookLevel(0.41, 70)), List.of(new BookLevel(0.44, 60))),
                stream.levelsOf("x1"), "only the new snapshot's levels");
        assertEquals(1, stream.stats().reconnects());
    }

    @Test
    void aSilentStreamIsReconnectedWhilePingsAndPongsDoNotCountAsMarketData() throws Exception {
        event();
        stream(pipeline, Duration.ofMillis(600), Duration.ofMillis(100)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(book("x1", T0, level("0.40", "100"), level("0.45", "120")));
        assertTrue(server.awaitConnections(2, WAIT), "silent for 600 ms: reconnected");
        assertTrue(server.received(0).stream().filter("PING"::equals).count() >= 3, "a PING every 100 ms");
        assertTrue(health.status().failures() >= 1);
        assertTrue(health.status().lastError().contains("no market message"));
    }

    @Test
    void aStreamThatGoesOnAnsweringPingsButNoLongerSendsDataEndsDownNotOk() throws Exception {
        event();
        stream(pipeline, Duration.ofMillis(300), Duration.ofMillis(50)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(book("x1", T0, level("0.40", "100"), level("0.45", "120")));
        assertTrue(await(() -> health.status().lastSuccess() != null, WAIT), "data came: reported working");
        // from now on every connection only answers PING with PONG
        assertTrue(await(() -> health.status().state() == SourceStatus.State.DOWN, WAIT),
                () -> health.status().toString());
        assertTrue(server.connectionCount() >= 3, "three sessions ending silent in a row, the first included");
        assertTrue(server.received().contains("PING"));
    }

    // --- detection when the store fails ----------------------------------------------------------------------

    @Test
    void setsThatCouldNotBeStoredAreJudgedAgainWithoutWaitingForAnotherChange() throws Exception {
        event();
        AtomicInteger failures = new AtomicInteger(2);
        MarketFeed failing = new MarketFeed() {
            @Override
            public List<Signal> onMarkets(List<Market> markets, Instant capturedAt) {
                return pipeline.onMarkets(markets, capturedAt);
            }

            @Override
            public List<Signal> onBooks(List<OrderBook> books, Instant capturedAt) {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("database is locked");
                }
                return pipeline.onBooks(books, capturedAt);
            }

            @Override
            public List<Signal> onTrades(List<Trade> trades, Instant capturedAt) {
                return pipeline.onTrades(trades, capturedAt);
            }
        };
        stream(failing, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(eventSnapshots(T0).replace("\"0.34\"", "\"0.25\"").replace("\"0.66\"", "\"0.75\""));
        assertTrue(await(() -> deviations().size() == 1, WAIT), "stored on a retry, with no new message");
        assertEquals(2, stream.stats().storeRetries());
        java.util.Map<String, Long> counters = health.status().counters();
        assertEquals(1L, counters.get("stored_lag_count"), "the lag runs from the frame, through the retries");
        // two failures: backoffs of at least 5 ms and 10 ms (half of 10 and 20 ms, stream(...)'s Backoff) came first
        assertTrue(counters.get("stored_lag_max_micros") >= 15_000, counters.toString());
    }

    // --- reconciliation --------------------------------------------------------------------------------------

    @Test
    void restBooksReplaceStreamedBooksThatDifferAndPersistentDriftDegradesTheSource() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(server.awaitReceived(1, WAIT));
        server.send(eventSnapshots(T0));
        assertTrue(await(() -> stream.stats().books() == 6, WAIT));
        health.recordSuccess(1);
        Instant later = Instant.ofEpochMilli(T0 + 60_000);
        OrderBook same = new OrderBook("0xcondb", "b1", later, List.of(new BookLevel(0.30, 200)),
                List.of(new BookLevel(0.33, 200)), 5.0, 0.01, "h");
        // REST shows a1 offered at 0.25 (the stream missed that change): a deviation the stream did not see
        OrderBook missed = new OrderBook("0xconda", "a1", later, List.of(new BookLevel(0.20, 300)),
                List.of(new BookLevel(0.25, 150), new BookLevel(0.50, 40)), 5.0, 0.01, "h");
        OrderBook older = new OrderBook("0xcondc", "c1", Instant.ofEpochMilli(T0 - 1), List.of(), List.of(), 5.0,
                0.01, "h");
        assertEquals(1, stream.reconcile(List.of(same, missed, older)));
        assertEquals(List.of(new BookLevel(0.25, 150), new BookLevel(0.50, 40)), stream.levelsOf("a1").get(1));
        assertEquals(1, deviations().size(), "the replaced book's set is judged at once");
        assertEquals(List.of(new BookLevel(0.32, 180)), stream.levelsOf("c1").get(1), "an older REST book is not"
                + " compared");
        assertEquals(5.0, stream.top("b1").minOrderSize(), "the REST minimum order size is kept");
        assertEquals(SourceStatus.State.OK, health.status().state(), "one mismatch is not drift");
        for (int round = 0; round < MarketStream.DRIFT_ROUNDS; round++) {
            OrderBook differs = new OrderBook("0xcondb", "b1", later.plusSeconds(round + 1),
                    List.of(new BookLevel(0.30, 201 + round)), List.of(new BookLevel(0.33, 200)), 5.0, 0.01, "h");
            stream.reconcile(List.of(differs));
        }
        assertEquals(SourceStatus.State.DEGRADED, health.status().state());
        assertTrue(health.status().lastError().contains("drift"));
        OrderBook agrees = new OrderBook("0xcondb", "b1", later.plusSeconds(10),
                List.of(new BookLevel(0.30, 203)), List.of(new BookLevel(0.33, 200)), 5.0, 0.01, "h");
        stream.reconcile(List.of(agrees));
        assertEquals(SourceStatus.State.OK, health.status().state(), "a round that agrees ends the drift");
        assertEquals(6, stream.stats().compared(), "the older REST book is not compared");
        assertEquals(4, stream.stats().replaced());
        java.util.Map<String, Long> counters = health.status().counters();
        assertEquals(4L, counters.get("books_replaced"), "on /health and /metrics: " + counters);
        assertEquals(6L, counters.get("books"));
        assertEquals(8L, counters.get("tokens_followed"));
    }

    @Test
    void theBooksPollChecksASliceOfTheStreamedTokensBeyondItsOwn() throws Exception {
        event();
        stream(pipeline, Duration.ofSeconds(30), Duration.ofSeconds(30)).start();
        assertTrue(await(stream::connected, WAIT));
        List<String> slice = stream.tokensToCheck(Set.of("a1", "a2"), 3);
        assertEquals(3, slice.size());
        assertTrue(slice.stream().noneMatch(t -> t.equals("a1") || t.equals("a2")));
        List<String> next = stream.tokensToCheck(Set.of("a1", "a2"), 3);
        assertTrue(next.stream().noneMatch(slice::contains), "round robin: the next poll checks others");
        assertNotNull(next);
    }

    // --- the polled books as the fallback --------------------------------------------------------------------

    static String restBook(String asset, String bid, String ask) {
        return """
                {"market":"0xcond%s","asset_id":"%s","timestamp":"%d","hash":"0x%s",
                 "bids":[{"price":"%s","size":"300"}],"asks":[{"price":"%s","size":"200"}],
                 "min_order_size":"5","tick_size":"0.01","neg_risk":true}""".formatted(asset.substring(0, 1), asset,
                T0, asset, bid, ask);
    }

    @Test
    void whileTheStreamIsDownThePolledBooksStillFindTheDeviationAndHealthShowsBoth() throws Exception {
        String a = Shapes.gammaMarket("a", 900, true, "nr1", "ev1");
        String b = Shapes.gammaMarket("b", 800, true, "nr1", "ev1");
        String c = Shapes.gammaMarket("c", 700, true, "nr1", "ev1");
        String event = """
                {"id":"ev1","slug":"who-wins","title":"Who wins?","negRisk":true,"negRiskAugmented":false,
                 "ended":false,"markets":[%s,%s,%s]}""".formatted(MarketsAndBooksPollTest.strip(a),
                MarketsAndBooksPollTest.strip(b), MarketsAndBooksPollTest.strip(c));
        server.refuseHandshakes(503); // the stream is down for the whole test
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.legacyGammaGone()
                    .on("/markets/keyset", FakeUpstream.Answer.json(Shapes.keysetPage(Shapes.array(List.of(a, b, c)),
                            null)))
                    .on("/events/ev1", FakeUpstream.Answer.json(event))
                    .on("/books", FakeUpstream.Answer.json(Shapes.array(List.of(restBook("a1", "0.20", "0.25"),
                            restBook("a2", "0.75", "0.80"), restBook("b1", "0.30", "0.33"),
                            restBook("b2", "0.67", "0.70"), restBook("c1", "0.28", "0.32"),
                            restBook("c2", "0.68", "0.72")))))
                    .on("/trades", FakeUpstream.Answer.json("[]"));
            MarketStreamConfig streamConfig = new MarketStreamConfig(server.baseUri().resolve("/ws/market"), true,
                    20_000, Duration.ofSeconds(30), Duration.ofSeconds(10));
            var config = SourcesLifecycleTest.config(java.util.Map.of("gammaUrl", upstream.base(), "dataUrl",
                    upstream.base(), "clobUrl", upstream.base(), "marketsInterval", Duration.ofSeconds(1),
                    "booksInterval", Duration.ofSeconds(1), "backoffMax", Duration.ofSeconds(1),
                    "marketStream", streamConfig));
            try (SourceSet sources = new SourceSet(config, pipeline, new betterbot.signals.sources
                    .InMemorySourceLedger(), clock)) {
                sources.start();
                assertTrue(await(() -> deviations().size() == 1, Duration.ofSeconds(10)), stored::toString);
                assertTrue(await(() -> state(sources, "polymarket-stream") == SourceStatus.State.DOWN,
                        Duration.ofSeconds(10)), () -> sources.statuses().toString());
                assertEquals(SourceStatus.State.OK, state(sources, "polymarket-books"));
                assertTrue(server.attempts() >= 3, "the stream keeps trying");
            }
        }
    }

    private static SourceStatus.State state(SourceSet sources, String name) {
        return sources.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().state();
    }
}
