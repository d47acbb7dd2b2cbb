package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service grading its own signals against a fake Polymarket whose prices move and whose markets
 * resolve on a schedule (samples/polymarket-sample-later.jsonl, described in samples/README.md): the sample's
 * signals are detected at 12:05:30, priced again an hour later, the service restarts before the 24 h horizon,
 * and the markets resolve. Every grade, hit rate and P&amp;L served is checked against the values worked out by
 * hand from that schedule (docs/grading.md, Worked example).
 */
class GradingEndToEndTest {
    static final Path SAMPLES = SampleUpstream.SAMPLES;

    @TempDir
    Path dir;
    SampleUpstream upstream;
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T12:05:30Z"));
    /** The later schedule's bodies: 0 = prices at 13:00, 1 = Fed resolved, 2 = match resolved, 3 = a day on, ... */
    final List<JsonNode> later = new ArrayList<>();
    /** The markets Gamma knows now, open and closed: what the grader's requests by id are answered from. */
    volatile List<JsonNode> known = List.of();
    /** What the markets poll (closed=false, top by volume) sees now. */
    volatile String polled;
    final java.util.concurrent.atomic.AtomicInteger whalePolls = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = new SampleUpstream(this::answer);
        for (String line : Files.readAllLines(SAMPLES.resolve("polymarket-sample-later.jsonl"))) {
            later.add(SignalJson.mapper().readTree(line).get("body"));
        }
        polled = upstream.body(0);
        known = markets(SignalJson.mapper().readTree(upstream.body(0)));
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    private SampleUpstream.Reply answer(String path, String query) throws IOException {
        if (path.startsWith("/events/")) {
            String event = upstream.event(path.substring("/events/".length()));
            return event == null ? NOT_FOUND : SampleUpstream.Reply.ok(event);
        }
        return switch (path) {
            case "/markets/keyset" -> SampleUpstream.Reply.ok(keyset(query));
            case "/books" -> SampleUpstream.Reply.ok(clock.instant().isAfter(DETECTED) ? "[]" : upstream.body(1));
            case "/trades" -> SampleUpstream.Reply.ok(clock.instant().isAfter(DETECTED) ? "[]"
                    : query.contains("user=") || whalePolls.getAndIncrement() == 0 ? upstream.body(2) : upstream.body(4));
            case "/prices-history" -> SampleUpstream.Reply.ok("{\"history\": []}");
            default -> NOT_FOUND;
        };
    }

    /** The markets poll's page, or for a request by condition_ids / clob_token_ids the markets it names. */
    private String keyset(String query) {
        Map<String, Set<String>> params = params(query);
        Set<String> conditions = params.getOrDefault("condition_ids", Set.of());
        Set<String> tokens = params.getOrDefault("clob_token_ids", Set.of());
        if (conditions.isEmpty() && tokens.isEmpty()) {
            return polled;
        }
        ArrayNode page = SignalJson.mapper().createArrayNode();
        for (JsonNode m : known) {
            if (conditions.contains(m.path("conditionId").asText()) || tokens.stream().anyMatch(t ->
                    m.path("clobTokenIds").asText().contains("\"" + t + "\""))) {
                page.add(m);
            }
        }
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.set("markets", page);
        body.putNull("next_cursor");
        return body.toString();
    }

    private static Map<String, Set<String>> params(String query) {
        Map<String, Set<String>> params = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(pair.substring(0, eq), k -> new HashSet<>()).addAll(List.of(value.split(",")));
            }
        }
        return params;
    }

    private static List<JsonNode> markets(JsonNode page) {
        List<JsonNode> list = new ArrayList<>();
        page.get("markets").forEach(list::add);
        return list;
    }

    /** Gamma's markets now: the sample's, each replaced by its latest state in the schedule's bodies up to {@code upTo}. */
    private void gammaAt(int... bodies) throws IOException {
        Map<String, JsonNode> bySlug = new java.util.LinkedHashMap<>();
        for (JsonNode m : markets(SignalJson.mapper().readTree(upstream.body(0)))) {
            bySlug.put(m.get("slug").asText(), m);
        }
        for (int b : bodies) {
            for (JsonNode m : markets(later.get(b))) {
                bySlug.put(m.get("slug").asText(), m);
            }
        }
        known = List.copyOf(bySlug.values());
        ArrayNode open = SignalJson.mapper().createArrayNode();
        known.stream().filter(m -> !m.path("closed").asBoolean()).forEach(open::add);
        ObjectNode page = SignalJson.mapper().createObjectNode();
        page.set("markets", open);
        page.putNull("next_cursor");
        polled = page.toString();
    }

    private static final SampleUpstream.Reply NOT_FOUND = new SampleUpstream.Reply(404, "{\"error\":\"not found\"}");
    static final Instant DETECTED = Instant.parse("2026-11-24T12:05:30Z");

    private Config config() {
        String base = upstream.base();
        Map<String, String> env = new HashMap<>(Map.of("DB_PATH", dir.resolve("graded.db").toString(), "PORT", "0",
                "MARKET_STREAM_ENABLED", "false", "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
                "TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv").toString()));
        env.putAll(Map.of("MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1",
                "WALLETS_POLL_SECONDS", "1", "GRADE_HORIZONS", "1h,24h"));
        Config c = Config.fromEnv(env);
        // the grader's own requests every second instead of every GRADE_CHECK_MINUTES
        return c.withGrading(c.grading().withIntervals(Duration.ofSeconds(1), c.grading().checkpointInterval()));
    }

    private final HttpClient client = HttpClient.newHttpClient();

    private JsonNode get(Service service, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + service.port() + pathAndQuery);
        return SignalJson.mapper().readTree(client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Polls {@code pathAndQuery} until {@code done} holds (at most 20 s); answers the last body. */
    private JsonNode await(Service service, String pathAndQuery, Predicate<JsonNode> done) throws Exception {
        JsonNode body = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            body = get(service, pathAndQuery);
            if (done.test(body)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached in 20 s: " + pathAndQuery + " answered " + body);
    }

    /** The graded count of every type at a horizon. */
    private static int graded(JsonNode performance) {
        int n = 0;
        for (JsonNode t : performance.get("by_type")) {
            n += t.get("graded").asInt();
        }
        return n;
    }

    private JsonNode signal(Service service, String type) throws Exception {
        for (JsonNode s : get(service, "/api/signals?limit=100&type=" + type).get("signals")) {
            if (DETECTED.toString().equals(s.get("detected_at").asText().replace(".000Z", "Z"))) {
                return get(service, "/api/signals/" + s.get("id").asText());
            }
        }
        throw new AssertionError("no " + type + " detected at " + DETECTED);
    }

    @Test
    void gradesFollowTheScheduleAcrossARestartBetweenDetectionAndHorizon() throws Exception {
        Config config = config();
        // 12:05:30: the sample's markets, books and trades; the ten signals are detected and stored
        try (Service service = Service.start(config, "e2e", clock)) {
            await(service, "/api/signals?limit=100", b -> b.get("count").asInt() >= 10 && whalePolls.get() >= 3);
            JsonNode pending = signal(service, "tracked_wallet_entry").get("grades");
            assertEquals("pending", pending.get(0).get("state").asText());
            assertEquals("2026-11-24T13:05:30.000Z", pending.get(0).get("due_at").asText());
        }
        // the service is down over the 1 h horizon; it comes back at 13:05:30 to the prices of 13:00
        gammaAt(0);
        clock.set(Instant.parse("2026-11-24T13:05:30Z"));
        try (Service service = Service.start(config, "e2e", clock)) {
            await(service, "/api/performance?horizon=1h", b -> graded(b) == 8);
            JsonNode tracked = signal(service, "tracked_wallet_entry");
            JsonNode h1 = tracked.get("grades").get(0);
            assertEquals("graded", h1.get("state").asText());
            assertEquals(0.5, h1.get("price").asDouble());
            assertEquals(-0.090909091, h1.get("return").asDouble(), 1e-9, "0.50 / 0.55 − 1");
            assertFalse(h1.get("hit").asBoolean());
            double size = tracked.at("/details/recommended_size_usd").asDouble();
            assertEquals(Math.round(size * -0.090909091 * 100) / 100.0, h1.get("pnl_usd").asDouble(), 1e-9);
            assertEquals("2026-11-24T13:05:30.000Z", h1.get("observed_at").asText());

            // 22:30: the grader's own requests find the Fed market resolved YES and the match NO
            gammaAt(0, 1, 2);
            clock.set(Instant.parse("2026-11-24T22:30:00Z"));
            await(service, "/api/performance", b -> graded(b) == 2);
            JsonNode settled = signal(service, "tracked_wallet_entry").get("grades").get(2);
            assertEquals("settlement", settled.get("horizon").asText());
            assertEquals("2026-11-24T22:30:00.000Z", settled.get("due_at").asText());
            assertEquals(-1.0, settled.get("return").asDouble());

            // a day on: the markets poll's prices grade rain and the mayoral set; the resolved markets are worth
            // their resolution
            gammaAt(0, 1, 2, 3);
            clock.set(Instant.parse("2026-11-25T12:05:30Z"));
            await(service, "/api/performance?horizon=24h", b -> graded(b) == 8);

            // it rained; Bruno Lindqvist won
            gammaAt(0, 1, 2, 3, 4, 5);
            clock.set(Instant.parse("2026-12-06T03:00:00Z"));
            await(service, "/api/performance", b -> graded(b) == 8);

            JsonNode settlement = get(service, "/api/performance");
            JsonNode hour = get(service, "/api/performance?horizon=1h");
            JsonNode day = get(service, "/api/performance?horizon=24h");
            JsonNode w = settlement.at("/by_type/whale_trade");
            assertEquals(4, w.get("graded").asInt());
            assertEquals(1, w.get("hits").asInt());
            assertEquals(0.25, w.get("hit_rate").asDouble());
            assertEquals(-0.583333, w.get("mean_return").asDouble(), 1e-6, "(3 × −1 + (1 / 0.6 − 1)) / 4");
            assertEquals(-0.0875, hour.at("/by_type/whale_trade/mean_return").asDouble(), 1e-6);
            assertEquals(-0.291667, day.at("/by_type/whale_trade/mean_return").asDouble(), 1e-6);
            assertEquals(-1.0, settlement.at("/by_type/whale_cluster/mean_return").asDouble(), 1e-6);
            assertEquals(-1.0, day.at("/by_type/tracked_wallet_entry/mean_return").asDouble(), 1e-6);
            assertEquals(-0.021277, hour.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6);
            assertEquals(0.031915, day.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6);
            assertEquals(0.06383, settlement.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6);
            assertEquals(0.056818, hour.at("/by_type/expiry_edge/mean_return").asDouble(), 1e-6);
            assertEquals(0.136364, day.at("/by_type/expiry_edge/mean_return").asDouble(), 1e-6);
            assertEquals(0.136364, settlement.at("/by_type/expiry_edge/mean_return").asDouble(), 1e-6);

            // the P&L of the sized signals is their sizes times their returns, summed
            double pnl = 0;
            for (JsonNode s : get(service, "/api/signals?limit=100&type=whale_trade").get("signals")) {
                double sized = s.at("/details/recommended_size_usd").asDouble();
                boolean yes = "Yes".equals(s.at("/details/outcome").asText());
                pnl += Math.round(sized * (yes ? 1 / 0.6 - 1 : -1) * 100) / 100.0;
            }
            assertEquals(Math.round(pnl * 100) / 100.0, w.get("pnl_usd").asDouble(), 1e-6);
            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            // the figures are cached for 10 s: the family is there, its values may be a few seconds old
            assertTrue(metrics.contains("betterbot_grades_total{type=\"whale_trade\",horizon=\"settlement\"}"),
                    metrics);
        }
    }

    /** The clock the service runs on, moved by the test through the schedule. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
