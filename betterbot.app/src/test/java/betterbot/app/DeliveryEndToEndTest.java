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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service against a fake Polymarket serving the shipped sample, with one thing broken at a time: the
 * database locked by another process, the events route down, a watch-listed wallet that always fails. Every
 * signal the unbroken run finds is still stored (or, with the events route down, every one that does not need a
 * NegRisk event), each once.
 */
class DeliveryEndToEndTest {
    static final Path SAMPLES = SampleUpstream.SAMPLES;
    static final String FAILING_WALLET = "0x00000000000000000000000000000000000dead1";

    @TempDir
    Path dir;
    SampleUpstream upstream;
    /** While set, the whale feed keeps answering its first page: the upstream still has those trades. */
    final AtomicBoolean holdFirstWhalePage = new AtomicBoolean();
    final AtomicInteger whalePolls = new AtomicInteger();
    volatile boolean eventsDown;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = new SampleUpstream(this::answer);
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    private SampleUpstream.Reply answer(String path, String query) throws IOException {
        String body = path.startsWith("/events/")
                ? eventsDown ? null : upstream.event(path.substring("/events/".length()))
                : switch (path) {
            case "/markets/keyset" -> upstream.body(0); // the sample's first line is a keyset page
            case "/books" -> upstream.body(1);
            case "/trades" -> {
                if (query.contains("user=" + FAILING_WALLET)) {
                    yield null;
                }
                if (query.contains("user=") || holdFirstWhalePage.get()) {
                    yield upstream.body(2);
                }
                yield whalePolls.getAndIncrement() == 0 ? upstream.body(2) : upstream.body(4);
            }
            default -> null;
        };
        if (body == null) {
            int status = path.equals("/trades") ? 500 : path.startsWith("/events/") && !eventsDown ? 404 : 503;
            return new SampleUpstream.Reply(status, "{\"error\":\"Service Unavailable\"}");
        }
        return SampleUpstream.Reply.ok(body);
    }

    private Map<String, String> env(String db, Path wallets) {
        String base = upstream.base();
        Map<String, String> env = new HashMap<>(Map.of("DB_PATH", dir.resolve(db).toString(), "PORT", "0",
                "MARKET_STREAM_ENABLED", "false", "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
                "TRACKED_WALLETS_FILE", wallets.toString()));
        env.putAll(Map.of("MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1",
                "WALLETS_POLL_SECONDS", "1"));
        return env;
    }

    /** The sample was captured around 12:05 UTC; detection runs on the service's clock. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:05:30Z"), ZoneOffset.UTC);

    private static JsonNode signals(Service service) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + service.port() + "/api/signals?limit=100");
        return SignalJson.mapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static Set<String> types(JsonNode body) {
        Set<String> types = new TreeSet<>();
        body.get("signals").forEach(s -> types.add(s.at("/signal_type/type").asText()));
        return types;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 25_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void signalsDetectedWhileAnotherProcessHoldsTheDatabaseAreAllStoredAfterItsRelease() throws Exception {
        holdFirstWhalePage.set(true);
        Path db = dir.resolve("locked.db");
        try (Service service = Service.start(Config.fromEnv(env("locked.db", SAMPLES.resolve("tracked-wallets.csv"))),
                "e2e", CLOCK, Duration.ofMillis(200))) {
            try (Connection admin = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = admin.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // what `sqlite3` holding the file does
                long lockedAt = System.nanoTime();
                await("writes failing on the lock", () -> service.store().metrics().busyWriteFailures() >= 3);
                Thread.sleep(Math.max(0, 1_500 - (System.nanoTime() - lockedAt) / 1_000_000)); // > 7 busy timeouts
                s.execute("COMMIT");
            }
            assertEquals(0, service.store().count(), "nothing stored while locked");
            holdFirstWhalePage.set(false);
            await("every signal stored", () -> {
                try {
                    return signals(service).get("count").asInt() >= 10 && whalePolls.get() >= 3;
                } catch (Exception e) {
                    return false;
                }
            });
            Thread.sleep(1_500); // more polls: still nothing twice
            JsonNode body = signals(service);
            assertEquals(new TreeSet<>(SignalType.NAMES), types(body), body.toString());
            assertEquals(10, body.get("count").asInt(), "the ten signals of the unbroken run, none twice");
            assertTrue(service.store().metrics().writeFailures() >= 3);
        }
    }

    @Test
    void withTheEventsRouteDownEverySignalNotNeedingANegRiskEventIsFound() throws Exception {
        eventsDown = true;
        try (Service service = Service.start(Config.fromEnv(env("events.db", SAMPLES.resolve("tracked-wallets.csv"))),
                "e2e", CLOCK)) {
            Set<String> expected = new TreeSet<>(SignalType.NAMES);
            expected.remove(SignalType.PRICE_DEVIATION);
            await("every other signal", () -> {
                try {
                    return types(signals(service)).containsAll(expected) && whalePolls.get() >= 3;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode body = signals(service);
            assertEquals(expected, types(body), body.toString());
            SourceStatus markets = service.sourceStatuses().stream()
                    .filter(s -> s.name().equals("polymarket-markets")).findFirst().orElseThrow();
            assertEquals(SourceStatus.State.DEGRADED, markets.state(), markets.toString());
        }
    }

    @Test
    void theFirstWatchListedWalletAlwaysFailingDoesNotHideTheSecondOnesEntry() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLES.resolve("tracked-wallets.csv")));
        int header = lines.indexOf("address,label");
        lines.add(header + 1, FAILING_WALLET + ",always_failing");
        Path wallets = Files.write(dir.resolve("wallets.csv"), lines);
        try (Service service = Service.start(Config.fromEnv(env("wallets.db", wallets)), "e2e", CLOCK)) {
            await("the tracked-wallet entry", () -> {
                try {
                    return types(signals(service)).contains(SignalType.TRACKED_WALLET_ENTRY);
                } catch (Exception e) {
                    return false;
                }
            });
            // the entry is stored inside the round; the round's outcome is recorded once it ends
            await("the first round recorded", () -> wallets(service).polls() >= 1);
            SourceStatus status = wallets(service);
            assertEquals(SourceStatus.State.DEGRADED, status.state(), status.toString());
            assertTrue(status.lastError().contains(FAILING_WALLET), status.lastError());
        }
    }

    private static SourceStatus wallets(Service service) {
        return service.sourceStatuses().stream().filter(s -> s.name().equals("polymarket-wallets")).findFirst()
                .orElseThrow();
    }
}
