package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
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
