package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.storage.StoreOpenException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTest {
    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newHttpClient();

    Config config(Path db, int port) {
        return Config.fromEnv(Map.of("DB_PATH", db.toString(), "PORT", Integer.toString(port),
                "SOURCES_ENABLED", "false"));
    }

    JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return SignalJson.mapper().readTree(r.body());
    }

    static Signal signal(int i) {
        return new Signal("expiry_edge:0xc" + i, new SignalType.ExpiryEdge(1.5, "Yes", 0.88), "m" + i, 0.88,
                RiskLevel.LOW, Details.builder().build(), Instant.parse("2026-11-24T10:00:00Z"), Source.POLYMARKET);
    }

    @Test
    void signalsStoredBeforeARestartAreServedAfterIt() throws Exception {
        Path db = dir.resolve("s.db");
        try (Service first = Service.start(config(db, 0), "t", Clock.systemUTC())) {
            first.store().storeAll(List.of(signal(1), signal(2)));
            assertEquals(2, get(first.port(), "/health").get("signal_count").asLong());
        }
        try (Service second = Service.start(config(db, 0), "t", Clock.systemUTC())) {
            JsonNode body = get(second.port(), "/api/signals");
            assertEquals(2, body.get("count").asInt());
            assertEquals("expiry_edge:0xc2", body.at("/signals/0/id").asText());
        }
    }

    @Test
    void thePipelineStoresNewSignalsAndBroadcastsThemWithTheirSeq() throws Exception {
        try (Service service = Service.start(config(dir.resolve("w.db"), 0), "t", Clock.systemUTC())) {
            List<StoredSignal> live = new CopyOnWriteArrayList<>();
            service.broadcast().subscribe(live::add);
            List<Market> markets = GammaJson.markets("""
                    [{"conditionId": "0xc1", "slug": "fed", "outcomes": "[\\"Yes\\", \\"No\\"]",
                      "outcomePrices": "[\\"0.9\\", \\"0.1\\"]", "clobTokenIds": "[\\"1\\", \\"2\\"]",
                      "endDate": "2026-11-24T13:00:00Z", "liquidityNum": "5000"}]
                    """).rows();
            Instant at = Instant.parse("2026-11-24T12:00:00Z");
            service.pipeline().onMarkets(markets, at);
            service.pipeline().onMarkets(markets, at.plusSeconds(60)); // the same situation: nothing new
            assertEquals(List.of("expiry_edge:0xc1"), live.stream().map(StoredSignal::id).toList());
            assertEquals(service.store().lastSeq(), live.get(0).seq());
            assertEquals(1, get(service.port(), "/api/signals").get("count").asInt());
        }
    }

    @Test
    void aTakenPortFailsStartAndReleasesTheStore() throws Exception {
        Path db = dir.resolve("p.db");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThrows(UncheckedIOException.class,
                    () -> Service.start(config(db, taken.getLocalPort()), "t", Clock.systemUTC()));
        }
        try (Service again = Service.start(config(db, 0), "t", Clock.systemUTC())) {
            assertTrue(again.store().isUsable(), "the failed start closed the store it had opened");
        }
    }

    @Test
    void aFileThatIsNotADatabaseStopsStart() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.txt"), "not a database at all, just some words here");
        assertThrows(StoreOpenException.class, () -> Service.start(config(notDb, 0), "t", Clock.systemUTC()));
    }

    @Test
    void badConfigurationExitsWithCode3NamingTheVariable() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.run(new String[0], Map.of("PORT", "eighty"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.BAD_CONFIG, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("PORT must be an integer"), err.toString());
    }

    @Test
    void anUnusableDatabaseExitsWithCode4() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.txt"), "not a database at all, just some words here");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.run(new String[0], Map.of("DB_PATH", notDb.toString(), "PORT", "0"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.STORE_UNUSABLE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a SQLite database"), err.toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExitCode.USAGE, Main.run(new String[] {"fly"}, Map.of(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'fly'"));
    }
}
