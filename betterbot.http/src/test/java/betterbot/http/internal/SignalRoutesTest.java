package betterbot.http.internal;

import static betterbot.http.internal.ApiServerTest.assertError;
import static betterbot.http.internal.TestServer.T0;
import static betterbot.http.internal.TestServer.json;
import static betterbot.http.internal.TestServer.spread;
import static betterbot.http.internal.TestServer.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.Source;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listings, single signals and their ETags, against a real server and store. */
class SignalRoutesTest {
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

    void storeWhales(int n) {
        api.store.storeAll(IntStream.range(0, n).mapToObj(TestServer::whale).toList());
    }

    static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("signals").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void signalsAreListedNewestFirstWithTheDefaultLimitOf50() throws Exception {
        storeWhales(60);
        JsonNode body = json(api.get("/api/signals"));
        assertEquals(50, body.get("count").asInt());
        assertEquals(50, body.get("signals").size());
        JsonNode first = body.get("signals").get(0);
        assertEquals("whale_trade:59", first.get("id").asText());
        assertEquals(60, first.get("seq").asLong());
        assertEquals(whale(59), SignalJson.decode(first.toString()), "the listing carries the whole signal");
        assertEquals(11, body.get("next_cursor").asLong(), "the seq of the last signal of this page");
    }

    @Test
    void limitSelectsHowManySignals() throws Exception {
        storeWhales(5);
        JsonNode body = json(api.get("/api/signals?limit=2"));
        assertEquals(2, body.get("count").asInt());
        assertEquals("whale_trade:3", body.at("/signals/1/id").asText());
        JsonNode all = json(api.get("/api/signals?limit=1000"));
        assertEquals(5, all.get("count").asInt());
        assertTrue(all.get("next_cursor").isNull(), "the last page has no cursor");
    }

    @Test
    void beforePagesBackwardsThroughEverySignalExactlyOnce() throws Exception {
        storeWhales(23);
        List<String> seen = new ArrayList<>();
        String url = "/api/signals?limit=10";
        while (true) {
            JsonNode page = json(api.get(url));
            seen.addAll(ids(page));
            if (page.get("next_cursor").isNull()) {
                break;
            }
            url = "/api/signals?limit=10&before=" + page.get("next_cursor").asLong();
        }
        assertEquals(IntStream.range(0, 23).map(i -> 22 - i).mapToObj(i -> "whale_trade:" + i).toList(), seen);
    }

    @Test
    void afterSeqPagesForwardOldestFirst() throws Exception {
        storeWhales(7);
        JsonNode page = json(api.get("/api/signals?after_seq=2&limit=3"));
        assertEquals(List.of("whale_trade:2", "whale_trade:3", "whale_trade:4"), ids(page));
        assertEquals(5, page.get("next_cursor").asLong());
        page = json(api.get("/api/signals?after_seq=5&limit=3"));
        assertEquals(List.of("whale_trade:5", "whale_trade:6"), ids(page));
        assertTrue(page.get("next_cursor").isNull());
    }

    @Test
    void filtersCombine() throws Exception {
        api.store.storeAll(List.of(whale(1), whale(2), spread(3, Source.HASHDIVE, 0.9), spread(4, Source.DOME, 0.5),
                whale(5)));
        assertEquals(List.of("wide_spread:4", "wide_spread:3"), ids(json(api.get("/api/signals?type=wide_spread"))));
        assertEquals(List.of("wide_spread:3"), ids(json(api.get("/api/signals?source=hashdive"))));
        assertEquals(List.of("whale_trade:5", "whale_trade:2"), ids(json(api.get("/api/signals?market=market-2"))));
        assertEquals(List.of("wide_spread:3"), ids(json(api.get("/api/signals?min_confidence=0.7"))));
        assertEquals(List.of("whale_trade:5", "wide_spread:4"),
                ids(json(api.get("/api/signals?since=2026-11-24T12:00:04Z"))));
        assertEquals(List.of("whale_trade:5", "wide_spread:4"),
                ids(json(api.get("/api/signals?since=2026-11-24T13:00:04%2B01:00"))), "an offset, encoded");
        assertEquals(List.of("whale_trade:5", "wide_spread:4"),
                ids(json(api.get("/api/signals?since=2026-11-24T13:00:04+01:00"))), "an unencoded + reads as +");
        assertEquals(List.of("whale_trade:2"),
                ids(json(api.get("/api/signals?type=whale_trade&source=polymarket&before=5&min_confidence=0.6"
                        + "&market=market-2"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "limit=0|limit", "limit=1001|limit", "limit=x|limit",
        "type=whale|type", "type=|type",
        "source=kalshi|source",
        "market=|market",
        "min_confidence=1.5|min_confidence", "min_confidence=-0.1|min_confidence", "min_confidence=NaN|min_confidence",
        "min_confidence=high|min_confidence",
        "since=yesterday|since", "since=2026-11-24|since",
        "before=-1|before", "before=abc|before", "before=1.5|before",
        "after_seq=-5|after_seq", "after_seq=99999999999999999999|after_seq",
        // one strict number syntax: nothing Java's own parsers take beyond plain digits and a point
        "min_confidence=1d|min_confidence", "min_confidence=.5f|min_confidence", "min_confidence=0x1p-1|min_confidence",
        "min_confidence=1%00|min_confidence", "min_confidence=5e-1|min_confidence",
        "min_confidence=%200.5|min_confidence", "min_confidence=Infinity|min_confidence",
        "limit=1e2|limit", "limit=%2B10|limit", "limit=%D9%A3|limit", "limit=10%20|limit",
        "before=0x10|before", "after_seq=%D9%A3|after_seq",
        // beyond what a time in epoch milliseconds can hold, or any four-digit year
        "since=%2B300000000-01-01T00:00:00Z|since", "since=-999999999-01-01T00:00:00Z|since",
        "since=%2B10000-01-01T00:00:00Z|since",
    })
    void aBadFilterIsA400NamingIt(String query, String parameter) throws Exception {
        HttpResponse<String> r = api.get("/api/signals?" + query);
        assertError(r, 400, "bad_request", parameter);
        assertTrue(json(r).get("message").asText().contains(parameter), r.body());
    }

    @Test
    void aMarketTooLongIsA400() throws Exception {
        assertError(api.get("/api/signals?market=" + "m".repeat(301)), 400, "bad_request", "market");
    }

    @Test
    void aMarketSlugInThePathHasTheLimitsOfTheMarketParameter() throws Exception {
        assertError(api.get("/api/signals/market/" + "m".repeat(301)), 400, "bad_request", "slug");
        assertError(api.get("/api/signals/market/" + "m".repeat(100_000)), 400, "bad_request", "slug");
        assertEquals(200, api.get("/api/signals/market/" + "m".repeat(300)).statusCode(), "300 characters are fine");
        assertError(api.get("/api/signals/" + "i".repeat(301)), 400, "bad_request", "id");
    }

    @Test
    void sinceAtTheEdgesOfTheRangeIsAccepted() throws Exception {
        storeWhales(2);
        assertEquals(2, json(api.get("/api/signals?since=0000-01-01T00:00:00Z")).get("count").asInt());
        assertEquals(0, json(api.get("/api/signals?since=9999-12-31T23:59:59Z")).get("count").asInt());
    }

    @Test
    void aSignalIsServedByItsId() throws Exception {
        api.store.storeAll(List.of(whale(1), whale(2)));
        HttpResponse<String> r = api.get("/api/signals/whale_trade:2");
        assertEquals(200, r.statusCode());
        JsonNode body = json(r);
        assertEquals(2, body.get("seq").asLong());
        assertEquals(whale(2), SignalJson.decode(r.body()));
        assertEquals(200, api.get("/api/signals/whale_trade%3A1").statusCode(), "percent-encoded ids decode");
    }

    @Test
    void anUnknownIdIsA404() throws Exception {
        HttpResponse<String> r = api.get("/api/signals/whale_trade:404");
        assertError(r, 404, "not_found", null);
        assertTrue(json(r).get("message").asText().contains("whale_trade:404"));
        assertError(api.get("/api/signals/whale_trade:1?limit=3"), 400, "bad_request", "limit");
    }

    @Test
    void aMarketListsItsSignalsWithTheListingFilters() throws Exception {
        storeWhales(9);
        api.store.store(spread(20, Source.POLYMARKET, 0.9));
        JsonNode body = json(api.get("/api/signals/market/market-1"));
        assertEquals(List.of("whale_trade:7", "whale_trade:4", "whale_trade:1"), ids(body));
        assertEquals(List.of("whale_trade:7"), ids(json(api.get("/api/signals/market/market-1?limit=1"))));
        assertEquals(List.of("whale_trade:1"), ids(json(api.get("/api/signals/market/market-1?before=5"))));
        assertEquals(List.of("wide_spread:20"), ids(json(api.get("/api/signals/market/spread-20"))));
        assertEquals(List.of(), ids(json(api.get("/api/signals/market/nowhere"))));
        assertError(api.get("/api/signals/market/market-1?market=market-2"), 400, "bad_request", "market");
        assertError(api.get("/api/signals/market/market-1?type=nope"), 400, "bad_request", "type");
    }

    // ---- ETag

    static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + r.headers().map()));
    }

    @Test
    void aListingWithAMatchingIfNoneMatchIs304WithoutABody() throws Exception {
        storeWhales(3);
        HttpResponse<String> first = api.get("/api/signals?limit=2");
        String tag = etag(first);
        assertTrue(tag.startsWith("W/\""), tag);
        assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> again = api.get("/api/signals?limit=2", "If-None-Match", tag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(tag, etag(again));
        assertEquals(304, api.get("/api/signals?limit=2", "If-None-Match", "\"other\", " + tag).statusCode(),
                "one of several tags");
        assertEquals(304, api.get("/api/signals?limit=2", "If-None-Match", tag.substring(2)).statusCode(),
                "weak comparison");
        assertEquals(200, api.get("/api/signals?limit=2", "If-None-Match", "\"other\"").statusCode());
        assertEquals(200, api.get("/api/signals?limit=2", "If-None-Match", "*").statusCode());
    }

    @Test
    void theEtagDependsOnTheQuery() throws Exception {
        storeWhales(3);
        String tag = etag(api.get("/api/signals?limit=2"));
        assertNotEquals(tag, etag(api.get("/api/signals?limit=3")));
        assertNotEquals(tag, etag(api.get("/api/signals?limit=2&type=whale_trade")));
        assertEquals(200, api.get("/api/signals?limit=3", "If-None-Match", tag).statusCode());
        assertEquals(tag, etag(api.get("/api/signals?limit=2")), "the same query, the same state: the same tag");
    }

    @Test
    void pagingBackThroughHistoryLeavesThePolledPageCachedAndStillAnswersEveryPageRight() throws Exception {
        storeWhales(200);
        String polled = "/api/signals?limit=5";
        assertEquals(200, api.get(polled).statusCode());
        long reads = reads();
        assertEquals(200, api.get(polled).statusCode());
        assertEquals(reads, reads(), "a polled page is answered from the cache between two signals");
        // someone pages back through more pages than the cache holds entries
        for (int before = 200; before > 200 - 2 * ListingCache.MAX_ENTRIES; before--) {
            HttpResponse<String> page = api.get("/api/signals?limit=5&before=" + before);
            assertEquals("whale_trade:" + (before - 2), json(page).at("/signals/0/id").asText());
            assertEquals(304, api.get("/api/signals?limit=5&before=" + before, "If-None-Match", etag(page))
                    .statusCode(), "a page back keeps its ETag semantics");
        }
        reads = reads();
        assertEquals(200, api.get(polled).statusCode());
        assertEquals(reads, reads(), "the polled page is still cached: the pages back were not kept");
    }

    /** Reads the store's database thread has run. */
    long reads() {
        return api.store.metrics().latency().get("read").count();
    }

    @Test
    void aNewSignalChangesTheEtag() throws Exception {
        storeWhales(3);
        String tag = etag(api.get("/api/signals?limit=2"));
        api.store.store(whale(10));
        HttpResponse<String> r = api.get("/api/signals?limit=2", "If-None-Match", tag);
        assertEquals(200, r.statusCode());
        assertEquals("whale_trade:10", json(r).at("/signals/0/id").asText());
        assertNotEquals(tag, etag(r));
    }

    @Test
    void removingSignalsWithoutAddingAnyChangesTheEtag() throws Exception {
        storeWhales(3);
        String beforeClear = etag(api.get("/api/signals?before=2"));
        api.deleteAllSignals(); // lastSeq stays, the count falls
        HttpResponse<String> r = api.get("/api/signals?before=2", "If-None-Match", beforeClear);
        assertEquals(200, r.statusCode());
        assertEquals(0, json(r).get("count").asInt());
    }

    @Test
    void retentionDeletingOldRowsChangesTheEtagOfAnOldPage() throws Exception {
        try (TestServer small = new TestServer(betterbot.storage.SignalStore.open(
                new betterbot.storage.StoreConfig(dir.resolve("small.db"), 5)), c -> c)) {
            small.store.storeAll(IntStream.range(0, 5).mapToObj(TestServer::whale).toList());
            HttpResponse<String> old = small.get("/api/signals?before=3");
            assertEquals(List.of("whale_trade:1", "whale_trade:0"), ids(json(old)));
            small.store.store(whale(5)); // retention removes whale 0
            HttpResponse<String> r = small.get("/api/signals?before=3", "If-None-Match", etag(old));
            assertEquals(200, r.statusCode());
            assertEquals(List.of("whale_trade:1"), ids(json(r)));
        }
    }

    @Test
    void aSingleSignalHasAnEtagToo() throws Exception {
        api.store.store(whale(1));
        HttpResponse<String> r = api.get("/api/signals/whale_trade:1");
        assertEquals(304, api.get("/api/signals/whale_trade:1", "If-None-Match", etag(r)).statusCode());
        assertNotEquals(etag(r), etag(api.get("/api/signals?limit=1")));
    }

    @Test
    void aHeadOfAListingCarriesItsEtag() throws Exception {
        storeWhales(2);
        HttpResponse<String> get = api.get("/api/signals");
        HttpResponse<String> head = api.send(HttpRequest.newBuilder(api.uri("/api/signals"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(etag(get), etag(head));
    }

    @Test
    void signalsOfEveryTypeAndSourceRoundTrip() throws Exception {
        List<Signal> signals = List.of(whale(1), spread(2, Source.DOME, 0.61), spread(3, Source.HASHDIVE, 0.99));
        api.store.storeAll(signals);
        JsonNode body = json(api.get("/api/signals?after_seq=0"));
        for (int i = 0; i < signals.size(); i++) {
            assertEquals(signals.get(i), SignalJson.decode(body.get("signals").get(i).toString()));
        }
        assertEquals(T0.plusSeconds(1).toString().replace("Z", ".000Z"), body.at("/signals/0/detected_at").asText());
    }
}
