package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.SourceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service against a local fake Polymarket that answers with the shipped sample's responses (real
 * shapes: string-encoded arrays, numbers as strings, a v2 trades page): the live pollers find the same ten
 * signals the replay of that sample finds, and nothing is stored twice however often they poll.
 */
class SourcesEndToEndTest {
    static final Path SAMPLES = Path.of(System.getProperty("betterbot.samples", "../samples"));

    @TempDir
    Path dir;
    HttpServer upstream;
    final AtomicInteger whalePolls = new AtomicInteger();
    final AtomicInteger legacyRequests = new AtomicInteger();
    final List<String> sample = new java.util.ArrayList<>();

    @BeforeEach
    void startUpstream() throws IOException {
        for (String line : Files.readAllLines(SAMPLES.resolve("polymarket-sample.jsonl"))) {
            sample.add(SignalJson.mapper().readTree(line).get("body").toString());
        }
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", this::answer);
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    /**
     * Gamma as it is today: the sample's markets on one {@code /markets/keyset} page, each NegRisk event by id from
     * {@code /events/{id}}, and the deprecated list routes gone (410); CLOB: its books; Data API: its trades.
     */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            int status = 200;
            String body;
            if (path.startsWith("/events/")) {
                body = event(path.substring("/events/".length()));
                status = body == null ? 404 : 200;
            } else {
                body = switch (path) {
                    case "/markets/keyset" -> sample.get(0); // the sample's first line is a keyset page
                    case "/markets", "/events" -> "{\"error\":\"gone, use /markets/keyset\"}";
                    case "/books" -> sample.get(1);
                    case "/trades" -> query.contains("user=") ? sample.get(2)
                            : whalePolls.getAndIncrement() == 0 ? sample.get(2) : sample.get(4);
                    default -> null;
                };
                status = body == null ? 404 : path.equals("/markets") || path.equals("/events") ? 410 : 200;
            }
            if (status == 410) {
                legacyRequests.incrementAndGet();
            }
            byte[] bytes = (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** One event with its markets nested (without their own "events" field), as {@code /events/{id}} answers. */
    private String event(String id) throws IOException {
        return event(sample.get(0), id);
    }

    /** The event {@code id} of a keyset page's markets, as {@code /events/{id}} answers it; null when none. */
    static String event(String keysetPage, String id) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode event = null;
        com.fasterxml.jackson.databind.node.ArrayNode markets = SignalJson.mapper().createArrayNode();
        for (JsonNode m : SignalJson.mapper().readTree(keysetPage).get("markets")) {
            JsonNode e = m.path("events").path(0);
            if (id.equals(e.path("id").asText())) {
                if (event == null) {
                    event = ((com.fasterxml.jackson.databind.node.ObjectNode) e).deepCopy();
                }
                com.fasterxml.jackson.databind.node.ObjectNode nested =
                        ((com.fasterxml.jackson.databind.node.ObjectNode) m).deepCopy();
                nested.remove("events");
                markets.add(nested);
            }
        }
        if (event == null) {
            return null;
        }
        event.set("markets", markets);
        return event.toString();
    }

    @Test
    void livePollersTurnUpstreamDataIntoEveryTypeOfSignalExactlyOnce() throws Exception {
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        Map<String, String> env = new HashMap<>(Map.of("DB_PATH", dir.resolve("live.db").toString(), "PORT", "0",
                "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
                "TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv").toString()));
        env.putAll(Map.of("MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1",
                "WALLETS_POLL_SECONDS", "1"));
        // the sample was captured around 12:05 UTC; detection runs on the service's clock
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:05:30Z"), ZoneOffset.UTC);
        try (Service service = Service.start(Config.fromEnv(env), "e2e", clock)) {
            HttpClient client = HttpClient.newHttpClient();
            URI signals = URI.create("http://127.0.0.1:" + service.port() + "/api/signals?limit=100");
            JsonNode body = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                body = SignalJson.mapper().readTree(client.send(HttpRequest.newBuilder(signals).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (body.get("count").asInt() >= 10 && whalePolls.get() >= 3) {
                    break;
                }
                Thread.sleep(200);
            }
            Set<String> types = new TreeSet<>();
            body.get("signals").forEach(s -> types.add(s.at("/signal_type/type").asText()));
            assertEquals(new TreeSet<>(SignalType.NAMES), types, body.toString());
            assertEquals(10, body.get("count").asInt(), "the same ten signals the replay finds, none twice");
            assertEquals(0, legacyRequests.get(), "the deprecated Gamma routes (410 Gone) are never needed");
            for (SourceStatus s : service.sourceStatuses()) {
                boolean polymarket = s.name().startsWith("polymarket-");
                assertEquals(polymarket ? SourceStatus.State.OK : SourceStatus.State.DISABLED, s.state(), s.toString());
                if (polymarket) {
                    assertTrue(s.polls() >= 2, s.toString());
                }
            }
        }
    }

    @Test
    void withNoNetworkTheSourcesShowDownBackOffAndTheStoredSignalsAreStillServed() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        String nowhere = "http://127.0.0.1:" + closed;
        Map<String, String> env = Map.of("DB_PATH", dir.resolve("offline.db").toString(), "PORT", "0",
                "POLYMARKET_GAMMA_URL", nowhere, "POLYMARKET_CLOB_URL", nowhere, "POLYMARKET_DATA_URL", nowhere,
                "MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1");
        try (Service service = Service.start(Config.fromEnv(env), "offline", Clock.systemUTC())) {
            service.store().store(ServiceTest.signal(1));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline && service.sourceStatuses().stream()
                    .anyMatch(s -> s.name().equals("polymarket-trades") && s.state() != SourceStatus.State.DOWN)) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000);
            for (SourceStatus s : service.sourceStatuses()) {
                if (s.name().equals("polymarket-books")) {
                    assertEquals(SourceStatus.State.DEGRADED, s.state(), "blind, not quiet: " + s);
                    assertTrue(s.lastError().contains("no markets known"), s.lastError());
                } else if (s.name().startsWith("polymarket-") && !s.name().equals("polymarket-wallets")) {
                    assertEquals(SourceStatus.State.DOWN, s.state(), s.toString());
                    assertTrue(s.lastError().contains("127.0.0.1"), s.lastError());
                    // 1 s, then about 2 s, 4 s...: a handful of attempts, not a spin
                    assertTrue(s.polls() >= 3 && s.polls() <= 6, s.toString());
                }
            }
            HttpResponse<String> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/api/signals")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listing.statusCode());
            assertEquals(1, SignalJson.mapper().readTree(listing.body()).get("count").asInt());
            assertTrue(service.store().sourceLedger().gaps(Instant.EPOCH, 10).stream()
                    .anyMatch(g -> g.source().equals("polymarket-trades") && g.end() == null),
                    "the down window is recorded as an open coverage gap");
        }
    }
}
