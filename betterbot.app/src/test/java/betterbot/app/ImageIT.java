package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linked image as a user runs it: {@code bin/betterbot} in its own process. */
class ImageIT {
    static final Path IMAGE = Path.of(System.getProperty("betterbot.image", "target/image"));
    static final Path LAUNCHER = IMAGE.resolve("bin/betterbot");
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitHealthy(Process p, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the service exited early");
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("not healthy within 20 s");
    }

    @Test
    void theImageServesStoredSignalsLoadsSqliteFromItselfAndStopsOnSigterm() throws Exception {
        Path db = dir.resolve("image.db");
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            store.store(new Signal("whale_trade:img", new SignalType.WhaleTrade("0xabc", 50_000, 100_000, 0.5),
                    "img-market", 0.85, RiskLevel.LOW, Details.builder().wallet("0xabc").build(),
                    Instant.parse("2026-11-24T12:00:00Z"), Source.POLYMARKET));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        int port = freePort();
        Process p = start(Map.of("DB_PATH", db.toString(), "PORT", Integer.toString(port),
                "BETTERBOT_JAVA_OPTS", "-Xmx64m -Djava.io.tmpdir=" + tmp));
        try {
            awaitHealthy(p, port);
            JsonNode body = SignalJson.mapper().readTree(get(port, "/api/signals").body());
            assertEquals("whale_trade:img", body.at("/signals/0/id").asText());
            assertEquals(50_000, body.at("/signals/0/signal_type/usd_size").asDouble());
            try (Stream<Path> files = Files.list(tmp)) {
                assertEquals(List.of(), files.toList(), "nothing is extracted to the temp directory");
            }
        } finally {
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        }
        assertEquals(143, p.exitValue(), "a JVM stopped by SIGTERM exits 143 after its shutdown hook");
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            assertEquals(1, store.count());
        }
    }

    @Test
    void theReadmeWalkthroughReplayTheSampleIntoTheDatabaseOfARunningService() throws Exception {
        Path samples = Path.of(System.getProperty("betterbot.samples", "../samples"));
        Path db = dir.resolve("walkthrough.db");
        int port = freePort();
        Process service = start(Map.of("DB_PATH", db.toString(), "PORT", Integer.toString(port)));
        try {
            awaitHealthy(service, port);
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "replay",
                    samples.resolve("polymarket-sample.jsonl").toString());
            pb.environment().putAll(Map.of("DB_PATH", db.toString(), "TRACKED_WALLETS_FILE",
                    samples.resolve("tracked-wallets.csv").toString()));
            pb.redirectErrorStream(true);
            Process replay = pb.start();
            String out = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(replay.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, replay.exitValue(), out);
            assertTrue(out.contains("signals: 10 detected, 10 new in " + db), out);

            JsonNode body = SignalJson.mapper().readTree(get(port, "/api/signals?limit=50").body());
            assertEquals(10, body.get("count").asInt(), body.toString());
            Set<String> types = new TreeSet<>();
            body.get("signals").forEach(s -> types.add(s.at("/signal_type/type").asText()));
            assertEquals(new TreeSet<>(SignalType.NAMES), types, "every signal type, served by the service");
        } finally {
            service.destroy();
            assertTrue(service.waitFor(15, TimeUnit.SECONDS));
        }
    }

    @Test
    void badConfigurationStopsTheImageNamingTheVariable() throws Exception {
        Process p = start(Map.of("MAX_SIGNALS", "lots", "DB_PATH", dir.resolve("c.db").toString()));
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        String out;
        try (Stream<Path> logs = Files.list(dir)) {
            Path log = logs.filter(f -> f.getFileName().toString().startsWith("out-")).findFirst().orElseThrow();
            out = Files.readString(log, StandardCharsets.UTF_8);
        }
        assertTrue(out.contains("MAX_SIGNALS must be an integer"), out);
    }

    @Test
    void theImageStaysWithinItsSizeTarget() throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(IMAGE)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(bytes <= 60L * 1024 * 1024, "image is " + bytes / (1024 * 1024) + " MB");
        assertTrue(Files.isRegularFile(IMAGE.resolve("lib/libsqlitejdbc.so")));
    }
}
