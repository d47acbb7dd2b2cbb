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
import org.junit.jupiter.api.Assumptions;
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

    /** Ctrl-C in a terminal: the same ordered stop as SIGTERM, exit status 130. */
    @Test
    void sigintStopsTheImageCleanlyToo() throws Exception {
        Path db = dir.resolve("int.db");
        // SIGINT may be ignored by inheritance (a background job of a non-interactive shell); the JVM then keeps
        // ignoring it, so the image starts with SIGINT at its default, as from a terminal.
        boolean canReset = Launcher.run(dir, Map.of(), List.of("env", "--default-signal=INT", "true")).status() == 0;
        List<String> command = canReset ? List.of("env", "--default-signal=INT", LAUNCHER.toString(), "serve")
                : List.of(LAUNCHER.toString(), "serve");
        Launcher.Service service = Launcher.serve(dir, Map.of("DB_PATH", db.toString(), "BETTERBOT_JAVA_OPTS", "-Xmx64m"),
                command);
        String ignored = Files.readAllLines(Path.of("/proc", Long.toString(service.process().pid()), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).strip();
        Assumptions.assumeTrue((Long.parseLong(ignored, 16) & 0b10) == 0,
                "SKIPPED: SIGINT is ignored in this environment and env --default-signal is unavailable");
        Launcher.Output kill = Launcher.run(dir, Map.of(), List.of("kill", "-INT", Long.toString(service.process().pid())));
        assertEquals(0, kill.status(), kill.all());
        assertEquals(130, service.awaitExit(), "128 + SIGINT after the shutdown hook");
        String log = service.logText();
        assertTrue(log.contains("shutting down") && log.contains("signal store " + db + " closed"), log);
        Path wal = Path.of(db + "-wal");
        assertTrue(Files.notExists(wal) || Files.size(wal) == 0, "checkpointed and closed: " + log);
    }

    @Test
    void theImageGuardsItsApiWithTheTokenAndLogsAccessWithoutIt() throws Exception {
        String token = "image-test-token-" + System.nanoTime();
        int port = freePort();
        Process p = start(Map.of("DB_PATH", dir.resolve("t.db").toString(), "PORT", Integer.toString(port),
                "API_TOKEN", token, "ACCESS_LOG", "true", "LOG_LEVEL", "warn"));
        try {
            awaitHealthy(p, port);
            assertEquals(401, get(port, "/api/signals").statusCode());
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("betterbot_http_requests_total{route=\"/api/signals\",status=\"401\"} 1"),
                    metrics.body());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        }
        String out;
        try (Stream<Path> logs = Files.list(dir)) {
            Path log = logs.filter(f -> f.getFileName().toString().startsWith("out-")).findFirst().orElseThrow();
            out = Files.readString(log, StandardCharsets.UTF_8);
        }
        assertTrue(out.contains("GET /api/signals 401"), "the access log is on even at LOG_LEVEL=warn: " + out);
        assertTrue(out.contains("GET /metrics 200"), out);
        assertTrue(!out.contains(token), "the token never reaches the output: " + out);
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
        assertEquals(ExitCode.BAD_CONFIG.code, p.exitValue());
        String out;
        try (Stream<Path> logs = Files.list(dir)) {
            Path log = logs.filter(f -> f.getFileName().toString().startsWith("out-")).findFirst().orElseThrow();
            out = Files.readString(log, StandardCharsets.UTF_8);
        }
        assertTrue(out.contains("MAX_SIGNALS must be an integer"), out);
    }

    /**
     * A process that runs out of heap must end with a status the unit restarts: the launcher's
     * {@code -XX:+ExitOnOutOfMemoryError} exits 3, which no documented exit code uses and the unit does not
     * list in {@code RestartPreventExitStatus}. A replay line of 64 MiB cannot fit a 16 MiB heap.
     */
    @Test
    void anOutOfMemoryDeathExitsWithAStatusTheUnitRestarts() throws Exception {
        Path huge = dir.resolve("huge.jsonl");
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) 'a');
        try (var out = Files.newOutputStream(huge)) {
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
        }
        Launcher.Output r = Launcher.betterbot(dir, Map.of("DB_PATH", dir.resolve("oom.db").toString(),
                "BETTERBOT_JAVA_OPTS", "-Xmx16m"), "replay", huge.toString());
        assertEquals(ExitCode.JVM_OUT_OF_MEMORY, r.status(), r.all());
        assertTrue(r.all().contains("OutOfMemoryError"), r.all());
        List<String> prevented = List.of(DeploymentFilesTest.single("RestartPreventExitStatus").split("\\s+"));
        assertTrue(!prevented.contains(Integer.toString(r.status())), "the unit restarts status " + r.status());
        for (ExitCode code : ExitCode.values()) {
            assertTrue(code.code != r.status(), code + " means something else");
        }
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
