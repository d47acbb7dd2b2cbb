package betterbot.http.internal;

import static betterbot.http.internal.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.IsoTime;
import betterbot.signals.SourceStatus;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsRoutesTest {
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

    static Signal expiry(int i, Instant detectedAt, double confidence) {
        return new Signal("expiry_edge:0xc" + i, new SignalType.ExpiryEdge(1.5, "Yes", confidence), "m" + i,
                confidence, RiskLevel.LOW, Details.builder().build(), detectedAt, Source.POLYMARKET);
    }

    @Test
    void healthTellsQuietFromBlindWithEachSourceAndItsCoverageGaps() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        api.sources.set(List.of(
                new SourceStatus("polymarket-trades", SourceStatus.State.OK, 40, 1, 0, 900, 2, now, "HTTP 500"),
                new SourceStatus("polymarket-books", SourceStatus.State.DOWN, 9, 5, 5, 0, 0, null,
                        "cannot reach clob.polymarket.com: connection refused"),
                new SourceStatus("hashdive", SourceStatus.State.DISABLED, 0, 0, 0, 0, 0, null, null)));
        api.store.sourceLedger().openGap("polymarket-books", now.minusSeconds(120), "connection refused");
        api.store.sourceLedger().openGap("polymarket-trades", now.minusSeconds(3600), "HTTP 500");
        api.store.sourceLedger().closeGap("polymarket-trades", now.minusSeconds(3600), now.minusSeconds(3000));
        api.store.sourceLedger().openGap("polymarket-markets", now.minus(Duration.ofDays(3)), "long ago");
        api.store.sourceLedger().closeGap("polymarket-markets", now.minus(Duration.ofDays(3)),
                now.minus(Duration.ofDays(2)));
        var r = api.get("/health");
        assertEquals(200, r.statusCode(), "a down source is not a down service: 503 is for the store only");
        JsonNode h = json(r);
        assertEquals("ok", h.get("status").asText());
        assertEquals("[\"polymarket-books\"]", h.get("sources_down").toString());
        assertEquals(3, h.get("sources").size());
        JsonNode trades = h.at("/sources/0");
        assertEquals("polymarket-trades", trades.get("name").asText());
        assertEquals("ok", trades.get("state").asText());
        assertEquals(900, trades.get("items_fetched").asLong());
        assertEquals(2, trades.get("items_skipped").asLong());
        assertEquals(IsoTime.format(now), trades.get("last_success").asText());
        JsonNode books = h.at("/sources/1");
        assertEquals("down", books.get("state").asText());
        assertEquals(5, books.get("consecutive_failures").asLong());
        assertTrue(books.get("last_success").isNull());
        assertTrue(books.get("last_error").asText().contains("connection refused"));
        assertEquals("disabled", h.at("/sources/2/state").asText());
        JsonNode gaps = h.get("coverage_gaps");
        assertEquals(2, gaps.size(), "the last 24 h only: " + gaps);
        assertEquals("polymarket-books", gaps.at("/0/source").asText());
        assertTrue(gaps.at("/0/end").isNull(), "still open");
        assertEquals("polymarket-trades", gaps.at("/1/source").asText());
        assertEquals(IsoTime.format(now.minusSeconds(3000)), gaps.at("/1/end").asText());
    }

    @Test
    void healthShowsTheStoreWorking() throws Exception {
        JsonNode h = json(api.get("/health"));
        assertEquals("ok", h.get("status").asText());
        assertTrue(h.at("/store/usable").asBoolean());
        assertEquals("ok", h.at("/store/writes/state").asText());
        assertEquals("ok", h.at("/store/reads/state").asText());
        assertTrue(h.at("/store/writes/error").isNull());
    }

    /** Disk full cannot be staged in a test; a trigger refusing every insert fails writes the same way. */
    @Test
    void failingWritesMakeHealthDegradedAnd503UntilAWriteSucceeds() throws Exception {
        execute("CREATE TRIGGER refuse BEFORE INSERT ON signals BEGIN SELECT RAISE(ABORT, 'refused'); END");
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> api.store.store(TestServer.whale(1)));
        var r = api.get("/health");
        assertEquals(503, r.statusCode());
        JsonNode h = json(r);
        assertEquals("degraded", h.get("status").asText());
        assertEquals("failing", h.at("/store/writes/state").asText());
        assertEquals("SQLITE_CONSTRAINT_TRIGGER", h.at("/store/writes/error").asText());
        assertTrue(h.at("/store/writes/since").asText().endsWith("Z"));
        assertEquals("ok", h.at("/store/reads/state").asText());
        assertEquals(0, h.get("signal_count").asLong(), "what it holds is still served");
        assertEquals(200, api.get("/api/signals").statusCode());
        execute("DROP TRIGGER refuse");
        api.store.store(TestServer.whale(2));
        assertEquals(200, api.get("/health").statusCode());
    }

    @Test
    void failingReadsMakeHealthUnavailable() throws Exception {
        execute("DROP TABLE signals"); // what a damaged file looks like to every query: reads fail
        assertEquals(503, api.get("/api/signals").statusCode());
        var r = api.get("/health");
        assertEquals(503, r.statusCode());
        JsonNode h = json(r);
        assertEquals("unavailable", h.get("status").asText());
        assertEquals("failing", h.at("/store/reads/state").asText());
        assertEquals("SQLITE_ERROR", h.at("/store/reads/error").asText());
        assertTrue(h.get("signal_count") == null, "no count from a store that cannot read");
    }

    private void execute(String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + api.dbPath());
             var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void statsCountByTypeAndSourceTheLast24HoursAndConfidence() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        api.store.storeAll(List.of(
                expiry(1, now.minus(Duration.ofHours(1)), 0.9),
                expiry(2, now.minus(Duration.ofHours(23)), 0.7),
                expiry(3, now.minus(Duration.ofHours(25)), 0.8),
                new Signal("wide_spread:4", new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2), "m4", 0.6,
                        RiskLevel.MEDIUM, Details.builder().build(), now.minus(Duration.ofDays(2)), Source.HASHDIVE)));
        JsonNode s = json(api.get("/api/stats"));
        assertEquals(4, s.get("total").asLong());
        assertEquals(3, s.at("/by_type/expiry_edge").asLong());
        assertEquals(1, s.at("/by_type/wide_spread").asLong());
        assertEquals(0, s.at("/by_type/whale_cluster").asLong(), "every known type is listed");
        assertEquals(SignalType.NAMES.size(), s.get("by_type").size());
        assertEquals(3, s.at("/by_source/polymarket").asLong());
        assertEquals(1, s.at("/by_source/hashdive").asLong());
        assertEquals(0, s.at("/by_source/dome").asLong());
        assertEquals(2, s.get("last_24h").asLong(), "by detection time");
        assertEquals((0.9 + 0.7 + 0.8 + 0.6) / 4, s.get("average_confidence").asDouble(), 1e-9);
        assertEquals(3, s.get("high_confidence_count").asLong(), "confidence >= 0.7");
        assertEquals(0.7, s.get("high_confidence_threshold").asDouble());
        assertEquals(4, s.get("last_seq").asLong());
        assertTrue(s.get("generated_at").asText().endsWith("Z"));
    }

    @Test
    void statsOfAnEmptyStoreHaveNoAverage() throws Exception {
        JsonNode s = json(api.get("/api/stats"));
        assertEquals(0, s.get("total").asLong());
        assertTrue(s.get("average_confidence").isNull());
        assertEquals(0, s.get("last_24h").asLong());
    }

    @Test
    void databaseStatsDescribeTheStore() throws Exception {
        api.store.storeAll(IntStream.range(0, 3).mapToObj(TestServer::whale).toList());
        JsonNode body = json(api.get("/api/stats/database"));
        assertEquals(3, body.get("total_stored").asLong());
        assertEquals(3, body.get("total_ever_stored").asLong());
        assertEquals(3, body.at("/by_source/polymarket").asLong());
        assertEquals(3, body.at("/by_type/whale_trade").asLong());
        assertEquals(0.65, body.get("average_confidence").asDouble(), 1e-9);
        assertEquals(0, body.get("high_confidence_count").asLong());
        assertEquals("2026-11-24T12:00:00.000Z", body.get("oldest_detected_at").asText());
        assertEquals("2026-11-24T12:00:02.000Z", body.get("newest_detected_at").asText());
        assertTrue(body.get("database_bytes").asLong() > 0);
        assertTrue(body.has("wal_bytes"));
    }
}
