package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.http.ApiServer;
import betterbot.http.HttpConfig;
import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** A real store on a temp file, a broadcast and the API on a loopback ephemeral port, with a client. */
final class TestServer implements AutoCloseable {
    /**
     * The JDK server's timeouts are per process (see ServerTimeouts), so every test server of this module uses
     * the same short ones: requests must arrive within 1 s, idle connections close after 2 s.
     */
    static final HttpConfig CONFIG = new HttpConfig("127.0.0.1", 0, "9.9.9")
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .withStream(Duration.ofMillis(200), 1024, 16);
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    final SignalStore store;
    final SignalBroadcast broadcast = new SignalBroadcast();
    final AtomicReference<List<SourceStatus>> sources = new AtomicReference<>(List.of());
    final AtomicReference<List<DeliveryStatus>> deliveries = new AtomicReference<>(List.of());
    final ApiServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path dir) {
        this(dir, c -> c);
    }

    TestServer(Path dir, UnaryOperator<HttpConfig> adjust) {
        this(dir.resolve("api-" + System.nanoTime() + ".db").toAbsolutePath(), adjust, true);
    }

    private TestServer(Path db, UnaryOperator<HttpConfig> adjust, boolean create) {
        this(SignalStore.open(new StoreConfig(db)), adjust);
        this.db = db;
    }

    private Path db;

    /** The database file of the store, for tests that damage it from outside. */
    Path dbPath() {
        return db;
    }

    /**
     * Deletes every signal through a second connection (the store's API cannot wipe it), as the sqlite3 shell
     * would, and waits until the store noticed: it re-reads its counts when another connection committed.
     */
    void deleteAllSignals() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM signals");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.count() != 0) {
            assertTrue(System.nanoTime() < deadline, "the store did not notice the deletion");
            Thread.sleep(10);
        }
    }

    TestServer(SignalStore store, UnaryOperator<HttpConfig> adjust) {
        this.store = store;
        this.server = ApiServer.start(adjust.apply(CONFIG), store, broadcast, sources::get, deliveries::get,
                Clock.systemUTC());
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stores signals and publishes the new ones, as the pipeline does. */
    List<StoredSignal> storeAndPublish(List<Signal> signals) {
        List<StoredSignal> added = store.storeAll(signals);
        broadcast.publish(added);
        return added;
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "JSON answer: " + response.headers().map() + " " + response.body());
        return SignalJson.mapper().readTree(response.body());
    }

    /** A whale trade on market-(i % 3), polymarket, confidence 0.65, detected at T0 + i s. */
    static Signal whale(int i) {
        return new Signal("whale_trade:" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 40_000, 0.5),
                "market-" + (i % 3), 0.65, RiskLevel.MEDIUM, Details.builder().conditionId("0xc").build(),
                T0.plusSeconds(i), Source.POLYMARKET);
    }

    static Signal spread(int i, Source source, double confidence) {
        return new Signal("wide_spread:" + i, new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2), "spread-" + i,
                confidence, RiskLevel.MEDIUM, Details.builder().build(), T0.plusSeconds(i), source);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
