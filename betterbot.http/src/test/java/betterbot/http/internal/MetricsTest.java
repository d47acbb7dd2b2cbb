package betterbot.http.internal;

import static betterbot.http.internal.TestServer.spread;
import static betterbot.http.internal.TestServer.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Source;
import betterbot.signals.SourceStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}: the Prometheus text format and the figures in it. */
class MetricsTest {
    /** name{labels} value, as the text format 0.0.4 defines a sample line. */
    static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? "
                    + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|\\+Inf|-Inf|NaN)");

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

    /** Every sample by its name and labels as written; fails on any line that is not valid text format. */
    Map<String, String> scrape() throws Exception {
        HttpResponse<String> r = api.get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, String> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertTrue(Set.of("counter", "gauge", "histogram").contains(parts[3]), line);
                assertTrue(typed.add(parts[2]), "one TYPE per family: " + line);
            } else if (!line.startsWith("# HELP ")) {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a sample line: '" + line + "'");
                String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertTrue(typed.contains(m.group(1)) || typed.contains(family), "sample before its TYPE: " + line);
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), m.group(3));
            }
        }
        return samples;
    }

    @Test
    void signalsStoredAreCountedByType() throws Exception {
        api.store.storeAll(List.of(whale(1), whale(2), spread(3, Source.DOME, 0.7)));
        api.store.store(whale(1)); // a duplicate is not a new signal
        Map<String, String> m = scrape();
        assertEquals("2", m.get("betterbot_signals_stored_total{type=\"whale_trade\"}"));
        assertEquals("1", m.get("betterbot_signals_stored_total{type=\"wide_spread\"}"));
        assertEquals("0", m.get("betterbot_signals_stored_total{type=\"volume_spike\"}"));
        assertEquals("3", m.get("betterbot_signals_held"));
        assertEquals("3", m.get("betterbot_signals_last_seq"));
    }

    @Test
    void storeWriteFailuresAreExportedByReasonFromTheFirstScrape() throws Exception {
        Map<String, String> m = scrape();
        assertEquals("0", m.get("betterbot_store_write_failures_total{reason=\"busy\"}"));
        assertEquals("0", m.get("betterbot_store_write_failures_total{reason=\"other\"}"));
    }

    @Test
    void httpRequestsAreCountedByRoutePatternAndStatus() throws Exception {
        api.store.store(whale(1));
        api.get("/api/signals/whale_trade:1");
        api.get("/api/signals/whale_trade:2");
        api.get("/api/signals/whale_trade:3");
        api.get("/api/signals?limit=0");
        api.get("/nowhere");
        Map<String, String> m = scrape();
        assertEquals("1", m.get("betterbot_http_requests_total{route=\"/api/signals/{id}\",status=\"200\"}"));
        assertEquals("2", m.get("betterbot_http_requests_total{route=\"/api/signals/{id}\",status=\"404\"}"));
        assertEquals("1", m.get("betterbot_http_requests_total{route=\"/api/signals\",status=\"400\"}"));
        assertEquals("1", m.get("betterbot_http_requests_total{route=\"unmatched\",status=\"404\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.contains("whale_trade:")), "routes, never raw paths");
    }

    @Test
    void storeLatencyIsAHistogramPerOperation() throws Exception {
        api.store.store(whale(1));
        api.get("/api/signals");
        Map<String, String> m = scrape();
        String h = "betterbot_store_operation_duration_seconds";
        for (String op : List.of("read", "write")) {
            long count = Long.parseLong(m.get(h + "_count{operation=\"" + op + "\"}"));
            assertTrue(count >= 1, op);
            assertEquals(Long.toString(count), m.get(h + "_bucket{operation=\"" + op + "\",le=\"+Inf\"}"));
            assertTrue(m.containsKey(h + "_bucket{operation=\"" + op + "\",le=\"0.0001\"}"), m.keySet().toString());
            assertTrue(Double.parseDouble(m.get(h + "_sum{operation=\"" + op + "\"}")) > 0);
        }
    }

    @Test
    void sourcesArePolledCountedAndInOneState() throws Exception {
        api.sources.set(List.of(
                new SourceStatus("polymarket-trades", SourceStatus.State.OK, 120, 3, 0, 4500, 12,
                        Instant.ofEpochSecond(1_790_000_000), null),
                new SourceStatus("hashdive \"whales\"", SourceStatus.State.DOWN, 7, 7, 7, 0, 0, null, "HTTP 503"),
                new SourceStatus("polymarket-stream", SourceStatus.State.DEGRADED, 60, 1, 0, 90_000, 0,
                        Instant.ofEpochSecond(1_790_000_000), "streamed books drift from REST",
                        Map.of("books", 9_800L, "books_replaced", 14L))));
        Map<String, String> m = scrape();
        assertEquals("9800", m.get("betterbot_source_counter{source=\"polymarket-stream\",counter=\"books\"}"));
        assertEquals("14", m.get("betterbot_source_counter{source=\"polymarket-stream\",counter=\"books_replaced\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("betterbot_source_counter{source=\"polymarket-trades")),
                "a source without counters has none");
        assertEquals("120", m.get("betterbot_source_polls_total{source=\"polymarket-trades\"}"));
        assertEquals("3", m.get("betterbot_source_failures_total{source=\"polymarket-trades\"}"));
        assertEquals("4500", m.get("betterbot_source_items_fetched_total{source=\"polymarket-trades\"}"));
        assertEquals("12", m.get("betterbot_source_items_skipped_total{source=\"polymarket-trades\"}"));
        assertEquals("1", m.get("betterbot_source_state{source=\"polymarket-trades\",state=\"ok\"}"));
        assertEquals("0", m.get("betterbot_source_state{source=\"polymarket-trades\",state=\"down\"}"));
        assertEquals("1790000000",
                m.get("betterbot_source_last_success_timestamp_seconds{source=\"polymarket-trades\"}"));
        String escaped = "source=\"hashdive \\\"whales\\\"\"";
        assertEquals("7", m.get("betterbot_source_consecutive_failures{" + escaped + "}"), m.toString());
        assertEquals("1", m.get("betterbot_source_state{" + escaped + ",state=\"down\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.startsWith("betterbot_source_last_success_timestamp_seconds{"
                + escaped)), "no success yet: no sample");
    }

    @Test
    void streamClientsAreAGauge() throws Exception {
        assertEquals("0", scrape().get("betterbot_stream_clients"));
        try (SseClient c = SseClient.open(api.port(), "/api/signals/stream")) {
            c.nextComment(); // connected
            assertEquals("1", scrape().get("betterbot_stream_clients"));
        }
        assertEquals("0", scrape().get("betterbot_stream_slow_disconnects_total"));
    }
}
