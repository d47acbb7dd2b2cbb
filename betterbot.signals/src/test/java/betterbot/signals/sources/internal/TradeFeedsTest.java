package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Source;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.InMemorySourceLedger;
import betterbot.signals.sources.SourceLedger;
import betterbot.signals.sources.internal.FakeUpstream.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TradeFeedsTest {
    static final long T = 1_764_000_000L; // unix seconds
    FakeUpstream upstream;
    final Clock clock = Clock.fixed(Instant.ofEpochSecond(T + 600), ZoneOffset.UTC);
    final UpstreamHttp http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(2), clock);
    final Shapes.RecordingFeed feed = new Shapes.RecordingFeed();
    final SourceLedger ledger = new InMemorySourceLedger();
    final SourceHealth health = new SourceHealth("polymarket-trades", true, 3, clock, g -> { });

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    Poller.Poll whales() {
        return new WhaleTradesPoll(new TradesPoll(http, upstream.base(), clock), 10_000,
                new TradeWindow("polymarket-trades", Duration.ofMinutes(5), ledger), feed, health);
    }

    static String tx(int i, long ts) {
        return Shapes.trade("0xtx" + i, "0xWALLET" + i, "111", "BUY", 40_000, 0.5, ts);
    }

    @Test
    void theWhaleFeedAsksForLargeTakerTradesAndDeliversThemOldestFirst() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(2, T + 20), tx(1, T + 10)))));
        assertEquals(new Poller.Outcome.Polled(2), whales().run());
        String query = upstream.requests("/trades").get(0).query();
        assertTrue(query.contains("takerOnly=true") && query.contains("filterType=CASH")
                && query.contains("filterAmount=10000"), query);
        assertEquals(List.of("0xtx1", "0xtx2"), feed.trades.stream().map(Trade::transactionHash).toList());
        assertEquals("0xwallet1", feed.trades.get(0).wallet(), "wallets are lower-cased");
        assertTrue(feed.trades.stream().allMatch(Trade::knownTaker), "a takerOnly=true page holds taker fills only");
    }

    @Test
    void theSameTradeOnTwoPagesAndInOverlappingPollsIsDeliveredOnce() throws Exception {
        List<String> first = new ArrayList<>(IntStream.range(0, 500).mapToObj(i -> tx(i, T + 500 - i)).toList());
        String page2 = Shapes.array(List.of(tx(499, T + 1), tx(500, T)));
        upstream.on("/trades", Answer.json(Shapes.array(first)), Answer.json(page2));
        whales().run(); // first run: no watermark, takes the newest page only
        assertEquals(500, feed.trades.size());
        // next poll: the newest trades again (overlap) plus two new ones
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1001, T + 530), tx(1000, T + 520), tx(0, T + 500),
                tx(1, T + 499)))));
        Poller.Poll poll = whales();
        assertEquals(new Poller.Outcome.Polled(2), poll.run());
        assertEquals(502, feed.trades.size());
        assertEquals(502, feed.trades.stream().map(Trade::fillKey).distinct().count());
    }

    @Test
    void aYesAndANoFillInTheSameTransactionAreTwoTrades() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(
                Shapes.trade("0xsame", "0xw", "yes-token", "BUY", 100, 0.5, T),
                Shapes.trade("0xsame", "0xw", "no-token", "BUY", 100, 0.5, T)))));
        assertEquals(new Poller.Outcome.Polled(2), whales().run());
    }

    @Test
    void aRestartBetweenPollsNeitherRepeatsNorSkipsATrade() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(2, T + 20), tx(1, T + 10)))));
        whales().run();
        // a new process: fresh poll objects, same ledger (SQLite in the service)
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(3, T + 30), tx(2, T + 20), tx(1, T + 10)))));
        whales().run();
        assertEquals(List.of("0xtx1", "0xtx2", "0xtx3"), feed.trades.stream().map(Trade::transactionHash).toList());
        assertEquals(Instant.ofEpochSecond(T + 30), ledger.watermark("polymarket-trades"));
    }

    @Test
    void pagingReachesBackToTheWindowAndATradeShiftedOntoTheNextPageCountsOnce() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1, T)))));
        whales().run();
        List<String> full = IntStream.range(0, 500).mapToObj(i -> tx(100 + i, T + 900 - i)).toList();
        // between the two page requests new trades arrived: the last row of page 1 shows up again on page 2
        upstream.on("/trades", Answer.json(Shapes.array(full)), Answer.json(Shapes.array(List.of(tx(599, T + 401),
                tx(99, T + 100), tx(1, T)))));
        assertEquals(new Poller.Outcome.Polled(501), whales().run());
        assertTrue(upstream.requests("/trades").get(2).query().contains("offset=500"));
        assertEquals(3, upstream.requests("/trades").size(), "stopped once a page reached behind the window");
    }

    @Test
    void tradesBeyondTheOffsetCapAreRecordedAsACoverageGap() throws Exception {
        List<SourceLedger.CoverageGap> gaps = new ArrayList<>();
        SourceHealth recording = new SourceHealth("polymarket-trades", true, 3, clock, gaps::add);
        Poller.Poll poll = new WhaleTradesPoll(new TradesPoll(http, upstream.base(), clock), 10_000,
                new TradeWindow("polymarket-trades", Duration.ofMinutes(5), ledger), feed, recording);
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1, T)))));
        poll.run();
        // a burst: every page up to the cap is full and newer than the window
        List<String> full = IntStream.range(0, 500).mapToObj(i -> tx(100 + i, T + 900 - i)).toList();
        upstream.on("/trades", Answer.json(Shapes.array(full)));
        poll.run();
        assertEquals(1 + TradesPoll.MAX_OFFSET / TradesPoll.PAGE, upstream.requests("/trades").size());
        SourceLedger.CoverageGap gap = gaps.get(gaps.size() - 1);
        assertEquals(Instant.ofEpochSecond(T - 300), gap.start(), "from the window's start");
        assertEquals(Instant.ofEpochSecond(T + 401), gap.end(), "to the oldest trade the cap let us reach");
        assertTrue(gap.reason().contains("offset cap"), gap.reason());
    }

    @Test
    void whenThePipelineFailsTheWatermarkStaysAndTheTradesComeAgain() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1, T + 10)))));
        feed.failNext = new IllegalStateException("store down");
        Poller.Poll poll = whales();
        assertThrows(IllegalStateException.class, poll::run);
        assertEquals(null, ledger.watermark("polymarket-trades"));
        assertEquals(new Poller.Outcome.Polled(1), poll.run());
        assertEquals(1, feed.trades.size());
    }

    @Test
    void a429WithRetryAfterThrottlesThePollAndAnEmptyPageIsQuietNotBroken() throws Exception {
        upstream.on("/trades", Answer.status(429, "{\"error\":\"rate limited\"}", Map.of("Retry-After", "12")));
        Poller.Outcome.Throttled t = assertInstanceOf(Poller.Outcome.Throttled.class, whales().run());
        assertEquals(Duration.ofSeconds(12), t.retryAfter());
        upstream.on("/trades", Answer.json("[]"));
        assertEquals(new Poller.Outcome.Polled(0), whales().run());
    }

    @Test
    void v2PagesWithSnakeCaseRowsAreReadToo() throws Exception {
        upstream.on("/trades", Answer.json("""
                {"data":[{"proxy_wallet":"0xAbc","side":"SELL","token_id":"222","condition_id":"0xc","size":"10",
                "price":"0.3","timestamp":%d,"transaction_hash":"0xv2"}],
                 "pagination":{"limit":500,"has_more":false,"next_cursor":null}}""".formatted(T)));
        assertEquals(new Poller.Outcome.Polled(1), whales().run());
        assertEquals("0xabc", feed.trades.get(0).wallet());
    }

    @Test
    void trackedWalletsArePolledOneByOneWithTheirOwnWindows() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1, T)))));
        Map<String, TradeWindow> windows = Map.of(
                "0xaaa", new TradeWindow("wallet:0xaaa", Duration.ofMinutes(5), ledger),
                "0xbbb", new TradeWindow("wallet:0xbbb", Duration.ofMinutes(5), ledger));
        Poller.Poll poll = new WalletTradesPoll(new TradesPoll(http, upstream.base(), clock),
                List.of("0xaaa", "0xbbb"), windows, Duration.ZERO, feed, health);
        assertEquals(new Poller.Outcome.Polled(2), poll.run());
        List<String> queries = upstream.requests("/trades").stream().map(FakeUpstream.Request::query).toList();
        assertTrue(queries.get(0).contains("user=0xaaa") && queries.get(0).contains("takerOnly=false"), queries.get(0));
        assertTrue(queries.get(1).contains("user=0xbbb"));
        assertTrue(feed.trades.stream().noneMatch(Trade::knownTaker), "maker and taker fills mixed: not known takers");
    }

    @Test
    void aWalletThatAlwaysFailsCostsOnlyItselfAndBacksOffWhileTheNextIsPolledEveryRound() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        server.createContext("/", exchange -> {
            try (exchange) {
                String query = exchange.getRequestURI().getRawQuery();
                boolean bad = query.contains("user=0xbad");
                asked.add(bad ? "bad" : "good");
                byte[] body = (bad ? "{\"error\":\"internal error\"}"
                        : Shapes.array(List.of(tx(1, T)))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(bad ? 500 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            Map<String, TradeWindow> windows = Map.of(
                    "0xbad", new TradeWindow("wallet:0xbad", Duration.ofMinutes(5), ledger),
                    "0xgood", new TradeWindow("wallet:0xgood", Duration.ofMinutes(5), ledger));
            Poller.Poll poll = new WalletTradesPoll(new TradesPoll(http, java.net.URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort()), clock), List.of("0xbad", "0xgood"), windows,
                    Duration.ZERO, feed, health);
            Poller.Outcome first = poll.run();
            Poller.Outcome.Partial partial = assertInstanceOf(Poller.Outcome.Partial.class, first);
            assertEquals(1, partial.items(), "the second wallet's entry is delivered");
            assertTrue(partial.message().contains("0xbad"), partial.message());
            assertEquals(List.of("0xtx1"), feed.trades.stream().map(Trade::transactionHash).toList());
            for (int round = 0; round < 5; round++) {
                assertInstanceOf(Poller.Outcome.Partial.class, poll.run());
            }
            long good = asked.stream().filter("good"::equals).count();
            long bad = asked.stream().filter("bad"::equals).count();
            assertEquals(6, good, "the healthy wallet is polled every round: " + asked);
            assertTrue(bad >= 2 && bad < 6, "the failing wallet backs off on its own: " + asked);
            health.recordPartial(0, 1, "x");
            assertEquals("degraded", health.state(), "degraded, not down");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailingWalletSitsOutAGrowingNumberOfRoundsWhileTheNextWalletIsPolledEveryRound() throws Exception {
        Answer down = Answer.status(500, "{\"error\":\"internal\"}", Map.of());
        Answer ok = Answer.json(Shapes.array(List.of(tx(1, T))));
        upstream.on("/trades",
                down, ok, // round 1: a fails, b polled
                ok, // round 2: a sits out one round
                down, ok, // round 3: a fails again
                ok, ok, // rounds 4 and 5: a sits out two rounds
                ok, ok); // round 6: a recovered, b
        Map<String, TradeWindow> windows = Map.of(
                "0xaaa", new TradeWindow("wallet:0xaaa", Duration.ofMinutes(5), ledger),
                "0xbbb", new TradeWindow("wallet:0xbbb", Duration.ofMinutes(5), ledger));
        WalletTradesPoll walletsPoll = new WalletTradesPoll(new TradesPoll(http, upstream.base(), clock),
                List.of("0xaaa", "0xbbb"), windows, Duration.ZERO, feed, health);
        Poller poller = new Poller("polymarket-wallets", Duration.ofSeconds(60), 0, new Backoff(Duration.ofSeconds(1),
                Duration.ofSeconds(60)), walletsPoll, health, d -> { }, new java.util.Random(1));
        List<List<String>> rounds = new ArrayList<>();
        for (int round = 1; round <= 6; round++) {
            int before = upstream.requests("/trades").size();
            poller.pollOnce();
            rounds.add(upstream.requests("/trades").stream().skip(before)
                    .map(r -> r.query().contains("user=0xaaa") ? "a" : "b").toList());
            if (round == 1) {
                assertEquals("degraded", health.state(), "some wallets fail: degraded, not down");
                assertEquals(1, feed.trades.size(), "the wallet after the failing one was delivered");
            }
        }
        assertEquals(List.of(List.of("a", "b"), List.of("b"), List.of("a", "b"), List.of("b"), List.of("b"),
                List.of("a", "b")), rounds);
        assertEquals("ok", health.state(), "every wallet answered in the last round");
    }

    @Test
    void theWalletSourceIsDownOnlyWhenEveryWalletFails() throws Exception {
        upstream.on("/trades", Answer.status(500, "{\"error\":\"internal\"}", Map.of()));
        Map<String, TradeWindow> windows = Map.of(
                "0xaaa", new TradeWindow("wallet:0xaaa", Duration.ofMinutes(5), ledger),
                "0xbbb", new TradeWindow("wallet:0xbbb", Duration.ofMinutes(5), ledger));
        Poller.Poll poll = new WalletTradesPoll(new TradesPoll(http, upstream.base(), clock),
                List.of("0xaaa", "0xbbb"), windows, Duration.ZERO, feed, health);
        Poller.Outcome.Failed failed = assertInstanceOf(Poller.Outcome.Failed.class, poll.run());
        assertTrue(failed.message().contains("every tracked wallet"), failed.message());
    }

    @Test
    void aWalletTradeThatCouldNotBeStoredIsFetchedAndDeliveredAgain() throws Exception {
        upstream.on("/trades", Answer.json(Shapes.array(List.of(tx(1, T)))));
        Map<String, TradeWindow> windows = Map.of(
                "0xaaa", new TradeWindow("wallet:0xaaa", Duration.ofMinutes(5), ledger));
        Poller.Poll poll = new WalletTradesPoll(new TradesPoll(http, upstream.base(), clock),
                List.of("0xaaa"), windows, Duration.ZERO, feed, health);
        feed.failNext = new IllegalStateException("1 signals not stored: database is locked");
        assertThrows(IllegalStateException.class, poll::run);
        assertEquals(null, ledger.watermark("wallet:0xaaa"), "no watermark moved");
        assertEquals(new Poller.Outcome.Polled(1), poll.run());
        assertEquals(List.of("0xtx1"), feed.trades.stream().map(Trade::transactionHash).toList());
    }

    HashdivePoll hashdive() {
        return new HashdivePoll(http, upstream.uri("/api"), "secret-key", 10_000,
                new TradeWindow("hashdive", Duration.ofMinutes(5), ledger), feed, health, clock);
    }

    static final String HASHDIVE_ROW = """
            {"transaction_hash":"0xh1","timestamp":"%d","user_address":"0xHD","side":"buy","shares":"50000",
             "price":"0.42","usd_amount":"21000","asset_id":"333","market_title":"Will it snow?","outcome":"No"}"""
            .formatted(T);

    @Test
    void hashdiveSendsItsKeyAndAcceptsBothResponseShapes() throws Exception {
        upstream.on("/api/get_latest_whale_trades", Answer.json("[" + HASHDIVE_ROW + "]"));
        assertEquals(new Poller.Outcome.Polled(1), hashdive().run());
        FakeUpstream.Request r = upstream.requests("/api/get_latest_whale_trades").get(0);
        assertEquals("secret-key", r.header("x-api-key"));
        assertTrue(r.query().contains("min_usd=10000") && r.query().contains("format=json"), r.query());
        Trade t = feed.trades.get(0);
        assertEquals(Source.HASHDIVE, t.source());
        assertEquals("0xhd", t.wallet());
        assertEquals(50_000, t.size());
        assertEquals("Will it snow?", t.title());
        assertTrue(t.knownTaker(), "Hashdive's whale list stands in for the whale feed");

        upstream.on("/api/get_latest_whale_trades", Answer.json("{\"data\":[" + HASHDIVE_ROW.replace("0xh1", "0xh2")
                + "]}"));
        assertEquals(new Poller.Outcome.Polled(1), hashdive().run());
    }

    @Test
    void aCreditLimitAnswerPausesHashdiveUntilNextMonth() throws Exception {
        upstream.on("/api/get_latest_whale_trades",
                Answer.status(403, "{\"detail\":\"Credit limit exceeded for this month\"}", Map.of()));
        Poller.Outcome.Paused p = assertInstanceOf(Poller.Outcome.Paused.class, hashdive().run());
        Instant resume = clock.instant().plus(p.duration());
        assertEquals(Instant.parse("2025-12-01T00:00:00Z"), resume);
        assertTrue(health.status().lastError().contains("credit limit"));
        assertTrue(!health.status().lastError().contains("secret-key"));
    }
}
