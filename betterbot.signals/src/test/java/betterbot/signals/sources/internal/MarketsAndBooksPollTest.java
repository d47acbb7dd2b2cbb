package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.sources.internal.FakeUpstream.Answer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarketsAndBooksPollTest {
    FakeUpstream upstream;
    final Clock clock = Clock.systemUTC();
    final UpstreamHttp http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(2), clock);
    final Shapes.RecordingFeed feed = new Shapes.RecordingFeed();
    final MarketCatalog catalog = new MarketCatalog();
    final SourceHealth health = new SourceHealth("polymarket-markets", true, 3, clock, g -> { });

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    MarketsPoll markets(int limit, int bookMarkets) {
        return new MarketsPoll(http, upstream.base(), limit, bookMarkets, catalog, feed, health, clock);
    }

    @Test
    void marketsComeFromTheKeysetRouteFollowingNextCursorWhileTheLegacyRoutesAreGone() throws Exception {
        // an opaque cursor with characters that must be encoded in a query
        upstream.legacyGammaGone().on("/markets/keyset",
                Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 100), "eyJpZCI6MTAwfQ==/+")),
                Answer.json(Shapes.keysetPage(Shapes.gammaPage(100, 37), "c2")),
                Answer.json(Shapes.keysetPage(Shapes.gammaPage(137, 20), null)));
        Poller.Outcome outcome = markets(500, 10).run();
        assertEquals(new Poller.Outcome.Polled(157), outcome);
        assertEquals(157, catalog.markets().size());
        assertEquals(List.of("Yes", "No"), catalog.markets().get(0).outcomes(), "string-encoded arrays decoded");
        assertEquals(List.of("m01", "m02"), catalog.markets().get(0).tokenIds());
        assertEquals(1_000_000.0, catalog.markets().get(0).volume24h(), "numbers sent as strings are read");
        List<FakeUpstream.Request> requests = upstream.requests("/markets/keyset");
        assertEquals(3, requests.size(), "the last page has no next_cursor");
        assertEquals("closed=false&order=volume24hr&ascending=false&limit=500", requests.get(0).query());
        assertEquals("closed=false&order=volume24hr&ascending=false&limit=500&after_cursor=eyJpZCI6MTAwfQ%3D%3D%2F%2B",
                requests.get(1).query());
        assertTrue(requests.get(2).query().endsWith("&after_cursor=c2"), requests.get(2).query());
        assertEquals(List.of(), upstream.requests("/markets"), "the deprecated route is never read");
        assertEquals(1, feed.markets.size());
    }

    @Test
    void theMarketsLimitStopsPagingAndBoundsThePage() throws Exception {
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 100), "p2")),
                Answer.json(Shapes.keysetPage(Shapes.gammaPage(100, 100), "p3")));
        assertEquals(new Poller.Outcome.Polled(150), markets(150, 10).run());
        assertEquals(2, upstream.requests("/markets/keyset").size());
        assertTrue(upstream.requests("/markets/keyset").get(0).query().contains("&limit=150"));
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 10), null)));
        markets(5_000, 10).run();
        assertTrue(upstream.requests("/markets/keyset").get(2).query().contains("&limit=1000"),
                "Gamma's keyset pages hold at most 1,000 markets");
    }

    @Test
    void aCursorThatComesBackIsTheEndNotALoop() throws Exception {
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 10), "same")));
        assertEquals(new Poller.Outcome.Polled(10), markets(500, 10).run());
        assertEquals(2, upstream.requests("/markets/keyset").size());
    }

    @Test
    void onlyA404OfTheKeysetRouteFallsBackToTheLegacyList() throws Exception {
        // an upstream without the keyset route: the legacy list, paged past short pages until an empty one
        upstream.on("/markets", Answer.json(Shapes.gammaPage(0, 100)), Answer.json(Shapes.gammaPage(100, 37)),
                Answer.json(Shapes.gammaPage(137, 20)), Answer.json("[]"));
        assertEquals(new Poller.Outcome.Polled(157), markets(500, 10).run());
        List<FakeUpstream.Request> legacy = upstream.requests("/markets");
        assertEquals(4, legacy.size());
        assertTrue(legacy.get(0).query().contains("closed=false"), legacy.get(0).query());
        assertTrue(legacy.get(0).query().contains("order=volume24hr"));
        assertTrue(legacy.get(1).query().contains("offset=100"));

        upstream.on("/markets/keyset", Answer.status(500, "oops", Map.of()));
        assertTrue(assertInstanceOf(Poller.Outcome.Failed.class, markets(500, 10).run()).message()
                .contains("HTTP 500"));
        assertEquals(4, upstream.requests("/markets").size(), "a failing keyset route is a failure, not a fallback");

        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 10), "next")),
                Answer.status(404, "{\"error\":\"cursor expired\"}", Map.of()));
        assertInstanceOf(Poller.Outcome.Failed.class, markets(500, 10).run());
        assertEquals(4, upstream.requests("/markets").size(), "a 404 past the first page is no missing route");
    }

    @Test
    void aServerErrorMidwayFailsThePollAndKeepsTheLastCatalog() throws Exception {
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 100), null)));
        markets(500, 10).run();
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(Shapes.gammaPage(0, 100), "p2")),
                Answer.status(500, "oops", Map.of()));
        Poller.Outcome outcome = markets(500, 10).run();
        assertTrue(assertInstanceOf(Poller.Outcome.Failed.class, outcome).message().contains("HTTP 500"));
        assertEquals(100, catalog.markets().size());
        assertEquals(1, feed.markets.size(), "a failed poll feeds nothing");
    }

    @Test
    void malformedJsonFailsThePollAndMalformedRowsAreSkippedAndCounted() throws Exception {
        upstream.on("/markets/keyset", Answer.json("{\"markets\": [{\"id\": "));
        assertTrue(assertInstanceOf(Poller.Outcome.Failed.class, markets(500, 10).run()).message()
                .contains("malformed Gamma markets"));
        upstream.on("/markets/keyset", Answer.json("[" + Shapes.gammaMarket("ok", 5, false, null, "e") + "]"));
        assertInstanceOf(Poller.Outcome.Failed.class, markets(500, 10).run(), "a bare array is no keyset page");
        String page = "[" + Shapes.gammaMarket("ok", 5, false, null, "e") + ",{\"id\":\"no-condition\"},"
                + "{\"conditionId\":\"0xbad\",\"outcomes\":\"[not json\",\"clobTokenIds\":\"[]\"}]";
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage(page, null)));
        assertEquals(new Poller.Outcome.Polled(1), markets(500, 10).run());
        health.recordSuccess(1);
        assertEquals(2, health.status().itemsSkipped());
    }

    @Test
    void everyLegOfAWatchedNegRiskEventComesFromEventsByIdClosedLegsIncludedButNotTheirBooks() throws Exception {
        String top = Shapes.array(List.of(Shapes.gammaMarket("a", 900, true, "nr1", "ev1"),
                Shapes.gammaMarket("x", 800, false, null, "ev9")));
        // GET /events/{id}: one object, its markets nested without an "events" field; leg c was eliminated
        // (closed, resolved NO), leg b has no end date of its own
        String closedLeg = strip(Shapes.gammaMarket("c", 2, true, "nr1", "ev1"))
                .replace("\"closed\":false,\"acceptingOrders\":true", "\"closed\":true,\"acceptingOrders\":false")
                .replace("[\\\"0.6\\\", \\\"0.4\\\"]", "[\\\"0\\\", \\\"1\\\"]");
        String event = """
                {"id":"ev1","slug":"who-wins","title":"Who wins?","endDate":"2027-02-07T23:00:00Z","live":false,
                 "ended":false,"negRisk":true,"negRiskAugmented":false,"tags":[{"id":"1"}],"markets":[%s,%s,%s]}
                """.formatted(strip(Shapes.gammaMarket("a", 900, true, "nr1", "ev1")),
                strip(Shapes.gammaMarket("b", 3, true, "nr1", "ev1")).replace("\"endDate\":\"2026-12-31T00:00:00Z\",", ""),
                closedLeg);
        upstream.legacyGammaGone().on("/markets/keyset", Answer.json(Shapes.keysetPage(top, null)))
                .on("/events/ev1", Answer.json(event));
        assertEquals(new Poller.Outcome.Polled(4), markets(500, 200).run());
        assertEquals(1, upstream.requests("/events/ev1").size());
        assertEquals(List.of(), upstream.requests("/events"), "not the deprecated list");
        Market c = byCondition("0xcondc");
        assertEquals("who-wins", c.eventSlug());
        assertEquals("nr1", c.negRiskMarketId());
        assertEquals(Market.Resolution.NO, c.resolution(), "the eliminated leg stays known, with its resolution");
        assertEquals(java.time.Instant.parse("2027-02-07T23:00:00Z"), byCondition("0xcondb").endDate(),
                "a market without an end date takes its event's");
        assertEquals(List.of(List.of("a1", "a2", "b1", "b2"), List.of("x1", "x2")),
                BooksPoll.tokenGroups(catalog.markets(), 200), "no book is asked for the closed leg");
    }

    @Test
    void aV2MarketsBooksAreAskedForByItsPositionIds() throws Exception {
        String v2 = Shapes.gammaMarket("v", 900, false, null, "ev1").replace("\"clobTokenIds\"",
                "\"version\":\"v2\",\"positionIds\":\"[\\\"p1\\\", \\\"p2\\\"]\",\"clobTokenIds\"");
        upstream.on("/markets/keyset", Answer.json(Shapes.keysetPage("[" + v2 + "]", null)));
        markets(500, 200).run();
        assertEquals(List.of("p1", "p2"), byCondition("0xcondv").tokenIds());
        assertEquals(List.of(List.of("p1", "p2")), BooksPoll.tokenGroups(catalog.markets(), 200));
    }

    Market byCondition(String conditionId) {
        return catalog.markets().stream().filter(m -> m.conditionId().equals(conditionId)).findFirst().orElseThrow();
    }

    static String strip(String market) {
        return market.replaceAll("\"events\":\\[[^]]*],", "");
    }

    @Test
    void booksOfAnEventTravelTogetherInRequestsOfAtMost500Tokens() throws Exception {
        List<List<String>> groups = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> groups.add(IntStream.range(0, 200).mapToObj(t -> i + ":" + t).toList()));
        List<List<String>> requests = BooksPoll.requests(groups, 500);
        assertEquals(2, requests.size(), "two groups fit in one request; the third goes whole into the next");
        assertEquals(400, requests.get(0).size());
        assertEquals(List.of("2:0", "2:199"), List.of(requests.get(1).get(0), requests.get(1).get(199)));
        requests.forEach(r -> assertTrue(r.size() <= 500));
    }

    @Test
    void booksAreFetchedForWatchedMarketsAndTheirNegRiskLegs() throws Exception {
        catalog.replace(List.of(
                market("a", true, "nr1"), market("x", false, null), market("y", false, null),
                market("b", true, "nr1")));
        List<List<String>> groups = BooksPoll.tokenGroups(catalog.markets(), 2);
        assertEquals(List.of(List.of("a1", "a2", "b1", "b2"), List.of("x1", "x2")), groups,
                "b is a leg of watched a's event; y is not watched");
        upstream.on("/books", Answer.json(Shapes.array(List.of(Shapes.book("a1", "0.40", "0.45"),
                Shapes.book("a2", "0.55", "0.60"), "{\"asset_id\":\"\"}"))));
        SourceHealth books = new SourceHealth("polymarket-books", true, 3, clock, g -> { });
        Poller.Outcome outcome = new BooksPoll(http, upstream.base(), 2, catalog, feed, books, clock).run();
        assertEquals(new Poller.Outcome.Polled(2), outcome);
        FakeUpstream.Request post = upstream.requests("/books").get(0);
        assertEquals("POST", post.method());
        assertEquals("[{\"token_id\":\"a1\"},{\"token_id\":\"a2\"},{\"token_id\":\"b1\"},{\"token_id\":\"b2\"},"
                + "{\"token_id\":\"x1\"},{\"token_id\":\"x2\"}]", post.body());
        List<OrderBook> got = feed.books.get(0);
        assertEquals(0.45, got.get(0).bestAsk().price());
        assertEquals(1, books.status().itemsSkipped());
    }

    @Test
    void booksWithNoMarketsKnownWaitDegradedWithoutFailingOrCallingTheClob() throws Exception {
        SourceHealth books = new SourceHealth("polymarket-books", true, 3, clock, g -> { });
        BooksPoll poll = new BooksPoll(http, upstream.base(), 200, catalog, feed, books, clock);
        assertEquals(new Poller.Outcome.Waiting(), poll.run());
        Poller poller = new Poller("polymarket-books", Duration.ofSeconds(30), 0,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)), poll, books, d -> { }, new java.util.Random(1));
        assertEquals(Duration.ofSeconds(30), poller.pollOnce(), "waiting does not back off");
        assertEquals("degraded", books.state());
        assertEquals(0, books.status().failures());
        assertEquals(0, upstream.requests().size());
        catalog.replace(List.of(market("a", false, null)));
        upstream.on("/books", Answer.json(Shapes.array(List.of(Shapes.book("a1", "0.40", "0.45")))));
        poller.pollOnce();
        assertEquals("ok", books.state());
    }

    @Test
    void aFailingEventRequestCostsOnlyThatEventAndEveryOtherMarketIsStillDelivered() throws Exception {
        String top = Shapes.array(List.of(Shapes.gammaMarket("a", 900, true, "nr1", "ev1"),
                Shapes.gammaMarket("d", 850, true, "nr2", "ev2"), Shapes.gammaMarket("x", 800, false, null, "ev9")));
        String ev2 = """
                {"id":"ev2","slug":"which-team","title":"Which team?","markets":[%s,%s]}
                """.formatted(strip(Shapes.gammaMarket("d", 850, true, "nr2", "ev2")),
                strip(Shapes.gammaMarket("e", 5, true, "nr2", "ev2")));
        upstream.on("/markets/keyset", Answer.json("{\"markets\":" + top + ",\"next_cursor\":null}"))
                .on("/events/ev1", Answer.status(503, "{\"error\":\"Service Unavailable\"}", Map.of()))
                .on("/events/ev2", Answer.json(ev2));
        Poller poller = new Poller("polymarket-markets", Duration.ofSeconds(60), 0,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)), markets(500, 200), health, d -> { },
                new java.util.Random(1));
        assertEquals(Duration.ofSeconds(60), poller.pollOnce(), "a partial poll keeps its interval, no backoff");
        assertEquals(1, upstream.requests("/events/ev1").size());
        assertEquals(1, upstream.requests("/events/ev2").size(), "the event after the failing one was fetched");
        List<String> delivered = feed.markets.get(0).stream().map(Market::conditionId).toList();
        assertEquals(List.of("0xconda", "0xcondd", "0xcondx", "0xconde"), delivered);
        assertEquals(delivered, catalog.markets().stream().map(Market::conditionId).toList(),
                "the catalog is filled, so the books poll does not wait");
        assertEquals(java.util.Set.of("nr1"), catalog.incompleteEvents());
        assertEquals("degraded", health.state());
        assertEquals(0, health.status().failures());
        assertEquals(1, health.failedRequests());
    }

    @Test
    void aFailingBooksBatchCostsOnlyItsOwnBooks() throws Exception {
        List<Market> many = IntStream.range(0, 300).mapToObj(i -> market("m" + i, false, null)).toList();
        catalog.replace(many);
        upstream.on("/books", Answer.status(500, "{\"error\":\"internal\"}", Map.of()),
                Answer.json(Shapes.array(List.of(Shapes.book("m299" + "1", "0.40", "0.45")))));
        SourceHealth books = new SourceHealth("polymarket-books", true, 3, clock, g -> { });
        Poller.Outcome outcome = new BooksPoll(http, upstream.base(), 300, catalog, feed, books, clock).run();
        assertEquals(2, upstream.requests("/books").size(), "600 tokens: two requests");
        Poller.Outcome.Partial partial = assertInstanceOf(Poller.Outcome.Partial.class, outcome);
        assertEquals(1, partial.items());
        assertEquals(1, partial.failedRequests());
        assertEquals(List.of("m2991"), feed.books.get(0).stream().map(OrderBook::assetId).toList());
    }

    @Test
    void booksOfAnEventNotFullyFetchedArePassedOnPerMarketNeverAsOneSet() throws Exception {
        catalog.replace(List.of(market("a", true, "nr1"), market("b", true, "nr1"), market("x", false, null)),
                java.util.Set.of("nr1"));
        upstream.on("/books", Answer.json(Shapes.array(List.of(Shapes.book("a1", "0.40", "0.45"),
                Shapes.book("b1", "0.50", "0.55"), Shapes.book("x1", "0.30", "0.35")))));
        SourceHealth books = new SourceHealth("polymarket-books", true, 3, clock, g -> { });
        assertEquals(new Poller.Outcome.Polled(3), new BooksPoll(http, upstream.base(), 3, catalog, feed, books,
                clock).run());
        assertEquals(List.of(List.of("x1"), List.of("a1"), List.of("b1")), feed.books.stream()
                .map(batch -> batch.stream().map(OrderBook::assetId).toList()).toList());
    }

    static Market market(String id, boolean negRisk, String negRiskId) {
        return betterbot.signals.market.GammaJson.markets("[" + Shapes.gammaMarket(id, 1, negRisk, negRiskId, "ev")
                + "]").rows().get(0);
    }
}
