package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.SourceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    static final Path SAMPLES = SampleUpstream.SAMPLES;

    @TempDir
    Path dir;
    SampleUpstream upstream;
    final AtomicInteger whalePolls = new AtomicInteger();
    final AtomicInteger legacyRequests = new AtomicInteger();
    /** The trades route answers only once this is open (a test that must listen before the first trade). */
    volatile CountDownLatch tradesHeld = new CountDownLatch(0);

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = new SampleUpstream(this::answer);
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    /**
     * Gamma as it is today: the sample's markets on one {@code /markets/keyset} page, each NegRisk event by id from
     * {@code /events/{id}}, and the deprecated list routes gone (410); CLOB: its books; Data API: its trades.
     */
    private SampleUpstream.Reply answer(String path, String query) throws IOException {
        if (path.startsWith("/events/")) {
            String event = upstream.event(path.substring("/events/".length()));
            return event == null ? NOT_FOUND : SampleUpstream.Reply.ok(event);
        }
        return switch (path) {
            case "/markets/keyset" -> SampleUpstream.Reply.ok(upstream.body(0));
            case "/markets", "/events" -> {
                legacyRequests.incrementAndGet();
                yield new SampleUpstream.Reply(410, "{\"error\":\"gone, use /markets/keyset\"}");
            }
            case "/books" -> SampleUpstream.Reply.ok(upstream.body(1));
            case "/trades" -> awaitTrades() ? SampleUpstream.Reply.ok(query.contains("user=") ? upstream.body(2)
                    : whalePolls.getAndIncrement() == 0 ? upstream.body(2) : upstream.body(4)) : NOT_FOUND;
            default -> NOT_FOUND;
        };
    }

    private boolean awaitTrades() {
        try {
            return tradesHeld.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final SampleUpstream.Reply NOT_FOUND = new SampleUpstream.Reply(404, "{\"error\":\"not found\"}");

    /** The sample was captured around 12:05 UTC; detection runs on the service's clock. */
    static final Clock SAMPLE_CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:05:30Z"), ZoneOffset.UTC);

    private Map<String, String> liveEnv() {
        String base = upstream.base();
        Map<String, String> env = new HashMap<>(Map.of("DB_PATH", dir.resolve("live.db").toString(), "PORT", "0",
                "MARKET_STREAM_ENABLED", "false", "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
                "TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv").toString()));
        env.putAll(Map.of("MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1",
                "WALLETS_POLL_SECONDS", "1"));
        return env;
    }

    @Test
    void livePollersTurnUpstreamDataIntoEveryTypeOfSignalExactlyOnce() throws Exception {
        try (Service service = Service.start(Config.fromEnv(liveEnv()), "e2e", SAMPLE_CLOCK)) {
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
                // the sample upstream has no market stream: it is switched off here
                boolean polymarket = s.name().startsWith("polymarket-") && !s.name().equals("polymarket-stream");
                assertEquals(polymarket ? SourceStatus.State.OK : SourceStatus.State.DISABLED, s.state(), s.toString());
                // the grader's requests run every GRADE_CHECK_MINUTES, and ask nothing while nothing is pending
                if (polymarket && !s.name().equals("polymarket-grading")) {
                    assertTrue(s.polls() >= 2, s.toString());
                }
            }
        }
    }

    /**
     * The walk of one trade: the poller's thread carries it through the pipeline and the store to the broadcast
     * that feeds the live stream, down the layers, without a frame of the app (the wiring) on the way.
     */
    @Test
    void aTradeGoesFromItsPollerToTheLiveStreamWithoutClimbingBackIntoTheApp() throws Exception {
        tradesHeld = new CountDownLatch(1);
        try (Service service = Service.start(Config.fromEnv(liveEnv()), "e2e", SAMPLE_CLOCK)) {
            Map<String, List<String>> stacks = new ConcurrentHashMap<>();
            service.broadcast().subscribe(s -> stacks.putIfAbsent(s.type(), StackWalker.getInstance()
                    .walk(frames -> frames.map(StackWalker.StackFrame::getClassName).toList())));
            tradesHeld.countDown();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!stacks.containsKey(SignalType.WHALE_TRADE) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> path = stacks.get(SignalType.WHALE_TRADE);
            assertTrue(path != null, "no whale trade was broadcast: " + stacks.keySet());
            assertTrue(path.stream().anyMatch(c -> c.startsWith("betterbot.signals.sources.internal.")
                    && c.endsWith("TradesPoll")), "delivered on its poller's thread: " + path);
            assertTrue(path.contains("betterbot.signals.detection.Pipeline"), path.toString());
            assertTrue(path.stream().anyMatch(c -> c.startsWith("betterbot.storage.internal.")), path.toString());
            assertEquals(List.of(), path.stream().filter(c -> c.startsWith("betterbot.app.")
                    && !c.startsWith(SourcesEndToEndTest.class.getName())).toList(), "no frame of the app: " + path);
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
                "POLYMARKET_MARKET_WS_URL", nowhere.replace("http:", "ws:"), "POLYMARKET_GAMMA_URL", nowhere, "POLYMARKET_CLOB_URL", nowhere, "POLYMARKET_DATA_URL", nowhere,
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
                if (s.name().equals("polymarket-books") || s.name().equals("polymarket-stream")) {
                    assertEquals(SourceStatus.State.DEGRADED, s.state(), "blind, not quiet: " + s);
                    assertTrue(s.lastError().contains("no markets known"), s.lastError());
                } else if (s.name().startsWith("polymarket-") && !s.name().equals("polymarket-wallets")
                        && !s.name().equals("polymarket-grading")) { // nothing to grade: it asks nothing
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
