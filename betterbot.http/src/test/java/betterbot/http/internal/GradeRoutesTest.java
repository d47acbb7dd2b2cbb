package betterbot.http.internal;

import static betterbot.http.internal.TestServer.T0;
import static betterbot.http.internal.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.Grader;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.PriceObservation;
import betterbot.signals.grading.Settlement;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A signal's grades in its answer, the track record at /api/performance and its metrics, on a real store. */
class GradeRoutesTest {
    @TempDir
    Path dir;
    TestServer api;
    GradeBook book;

    @BeforeEach
    void start() {
        api = new TestServer(dir);
        book = api.store.gradeBook();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A whale trade of the 0.75 tier buying token tok-i at 0.40, sized $100 (by the risk manager, say). */
    static Signal follow(int i) {
        return new Signal("whale_trade:f" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 50_000, 0.4),
                "market-" + i, 0.75, RiskLevel.MEDIUM, Details.builder().conditionId("0xc" + i).assetId("tok-" + i)
                .side(Side.BUY).outcome("Yes").currentPrice(0.4).recommendedSizeUsd(100.0).build(),
                T0.plusSeconds(i), Source.POLYMARKET);
    }

    private Entry entry(String id) {
        return book.pending(0, 1000).stream().filter(p -> p.entry().signalId().equals(id)).findFirst().orElseThrow()
                .entry();
    }

    @Test
    void aSignalCarriesItsGradesAndItsTagChangesWithThem() throws Exception {
        api.store.store(follow(1));
        HttpResponse<String> first = api.get("/api/signals/whale_trade:f1");
        JsonNode grades = json(first).get("grades");
        assertEquals(3, grades.size());
        assertEquals("1h", grades.get(0).get("horizon").asText());
        assertEquals("pending", grades.get(0).get("state").asText());
        assertEquals("2026-11-24T13:00:01.000Z", grades.get(0).get("due_at").asText());
        assertTrue(grades.get(0).get("price").isNull() && grades.get(0).get("hit").isNull());
        assertEquals("settlement", grades.get(2).get("horizon").asText());
        assertTrue(grades.get(2).get("due_at").isNull(), "settlement is due when the market resolves");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, api.get("/api/signals/whale_trade:f1", "If-None-Match", tag).statusCode());

        Instant due = T0.plusSeconds(1).plus(Duration.ofHours(1));
        book.record("whale_trade:f1", Grader.atHorizon(entry("whale_trade:f1"), Horizon.parse("1h"),
                new PriceObservation(due.plusSeconds(20), Map.of("tok-1", 0.5)), due.plusSeconds(30)));
        HttpResponse<String> second = api.get("/api/signals/whale_trade:f1", "If-None-Match", tag);
        assertEquals(200, second.statusCode(), "a new grade is a new version of the answer");
        assertNotEquals(tag, second.headers().firstValue("ETag").orElseThrow());
        JsonNode h1 = json(second).get("grades").get(0);
        assertEquals("graded", h1.get("state").asText());
        assertEquals(0.5, h1.get("price").asDouble());
        assertEquals(0.25, h1.get("return").asDouble(), 1e-9);
        assertTrue(h1.get("hit").asBoolean());
        assertEquals(25.0, h1.get("pnl_usd").asDouble(), "$100 × 0.25");
        assertEquals("2026-11-24T13:00:21.000Z", h1.get("observed_at").asText());
        assertEquals("whale_trade:f1", json(second).get("id").asText(), "the signal's own fields stay as they are");
    }

    @Test
    void aSignalWithoutASideHasNoGrades() throws Exception {
        api.store.store(TestServer.spread(1, Source.POLYMARKET, 0.6));
        assertEquals(0, json(api.get("/api/signals/wide_spread:1")).get("grades").size());
    }

    /** Ten settled whale trades at 0.40: seven won (+1.5 each), three lost (−1). */
    private void tenSettled() {
        for (int i = 1; i <= 10; i++) {
            api.store.store(follow(i));
        }
        for (int i = 1; i <= 10; i++) {
            book.record("whale_trade:f" + i, Grader.atSettlement(entry("whale_trade:f" + i),
                    new Settlement(T0.plusSeconds(3600), Map.of("tok-" + i, i <= 7)), T0.plusSeconds(3600)));
        }
    }

    @Test
    void theTrackRecordIsServedPerTypeWithItsIntervalsAndCalibration() throws Exception {
        tenSettled();
        JsonNode body = json(api.get("/api/performance"));
        assertEquals("settlement", body.get("horizon").asText());
        assertTrue(body.hasNonNull("generated_at"));
        assertEquals(List.of("whale_trade", "whale_cluster", "tracked_wallet_entry", "price_deviation", "expiry_edge"),
                List.copyOf(iterable(body.get("by_type"))));
        JsonNode w = body.at("/by_type/whale_trade");
        assertEquals(10, w.get("graded").asInt());
        assertEquals(7, w.get("hits").asInt());
        assertEquals(0.7, w.get("hit_rate").asDouble());
        assertEquals(0.3968, w.get("hit_rate_interval").get(0).asDouble(), 1e-4);
        assertEquals(0.8922, w.get("hit_rate_interval").get(1).asDouble(), 1e-4);
        assertEquals(0.75, w.get("mean_return").asDouble(), 1e-9, "(7 × 1.5 − 3) / 10");
        assertEquals(0.2125, w.get("brier").asDouble(), 1e-9, "(7 × 0.25² + 3 × 0.75²) / 10 = (0.4375 + 1.6875) / 10");
        assertEquals(750.0, w.get("pnl_usd").asDouble(), "7 × $150 − 3 × $100");
        JsonNode bucket = w.get("buckets").get(3);
        assertEquals(0.7, bucket.get("confidence_low").asDouble());
        assertEquals(10, bucket.get("graded").asInt());
        assertEquals(0.7, bucket.get("observed_frequency").asDouble());
        JsonNode none = body.at("/by_type/expiry_edge");
        assertEquals(0, none.get("graded").asInt());
        assertTrue(none.get("hit_rate").isNull() && none.get("hit_rate_interval").isNull() && none.get("brier").isNull());

        assertEquals(0, json(api.get("/api/performance?horizon=1h")).at("/by_type/whale_trade/graded").asInt());
        JsonNode one = json(api.get("/api/performance?type=whale_trade&min_confidence=0.7&source=polymarket"
                + "&since=2026-11-24T12:00:05Z"));
        assertEquals(List.of("whale_trade"), List.copyOf(iterable(one.get("by_type"))));
        assertEquals(6, one.at("/by_type/whale_trade/graded").asInt(), "detected at T0 + 5 s or later");
        assertEquals(0, json(api.get("/api/performance?source=hashdive")).at("/by_type/whale_trade/graded").asInt());
    }

    @ParameterizedTest
    @CsvSource({"horizon=2x, horizon", "horizon=, horizon", "type=volume_spike, type", "type=nope, type",
            "min_confidence=2, min_confidence", "since=yesterday, since", "source=x, source", "limit=3, limit"})
    void aBadParameterIsA400NamingIt(String query, String parameter) throws Exception {
        HttpResponse<String> r = api.get("/api/performance?" + query);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(parameter, json(r).get("parameter").asText());
    }

    @Test
    void metricsExportCountsAndHitRatesPerTypeAndHorizon() throws Exception {
        tenSettled();
        String metrics = api.get("/metrics").body();
        assertTrue(metrics.contains("betterbot_grades_total{type=\"whale_trade\",horizon=\"settlement\"} 10\n"), metrics);
        assertTrue(metrics.contains("betterbot_grade_hits_total{type=\"whale_trade\",horizon=\"settlement\"} 7\n"));
        assertTrue(metrics.contains("betterbot_grade_hit_rate{type=\"whale_trade\",horizon=\"settlement\"} 0.7\n"));
        assertTrue(metrics.contains("betterbot_grades_total{type=\"expiry_edge\",horizon=\"1h\"} 0\n"));
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
