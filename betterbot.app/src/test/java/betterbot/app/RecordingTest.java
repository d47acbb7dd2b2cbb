package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.signals.sources.RecorderStats;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RECORD_DIR}: the service against a fake Polymarket serving the shipped sample records what it fetched, and
 * {@code betterbot replay} of that recording finds the very signals the live run stored; the settings refuse what
 * cannot work, naming the variable.
 */
class RecordingTest {
    static final Path SAMPLES = SampleUpstream.SAMPLES;

    @TempDir
    Path dir;
    SampleUpstream upstream;
    final AtomicInteger whalePolls = new AtomicInteger();
    final AtomicBoolean booksServed = new AtomicBoolean();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = new SampleUpstream(this::answer);
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    /**
     * Trades are answered (empty pages until then) once the books were served, so the live run knows the markets
     * when it meets the trades, as the recording's order has it: otherwise a trade delivered while the first markets
     * poll still fetched its events is sized without its market live, and with it in the replay.
     */
    private SampleUpstream.Reply answer(String path, String query) throws IOException {
        String body = path.startsWith("/events/") ? upstream.event(path.substring("/events/".length()))
                : switch (path) {
            case "/markets/keyset" -> upstream.body(0);
            case "/books" -> {
                booksServed.set(true);
                yield upstream.body(1);
            }
            case "/trades" -> !booksServed.get() ? "[]" : query.contains("user=") ? upstream.body(2)
                    : whalePolls.getAndIncrement() == 0 ? upstream.body(2) : upstream.body(4);
            default -> null;
        };
        return body == null ? new SampleUpstream.Reply(404, "{\"error\":\"not found\"}") : SampleUpstream.Reply.ok(body);
    }

    private Map<String, String> env(Path db, Path recordings) {
        String base = upstream.base();
        Map<String, String> env = new HashMap<>(Map.of("DB_PATH", db.toString(), "PORT", "0",
                "MARKET_STREAM_ENABLED", "false", "POLYMARKET_GAMMA_URL", base, "POLYMARKET_CLOB_URL", base, "POLYMARKET_DATA_URL", base,
                "TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv").toString(), "LOG_LEVEL", "warn"));
        env.putAll(Map.of("MARKETS_POLL_SECONDS", "1", "BOOKS_POLL_SECONDS", "1", "TRADES_POLL_SECONDS", "1",
                "WALLETS_POLL_SECONDS", "1"));
        if (recordings != null) {
            env.put("RECORD_DIR", recordings.toString());
        }
        return env;
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

    /** Every stored signal by id, in its wire form without what the store adds ({@code seq}). */
    private static Map<String, JsonNode> stored(Path db) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            for (StoredSignal s : store.query(SignalQuery.newest(1_000)).signals()) {
                out.put(s.id(), SignalJson.mapper().readTree(SignalJson.encode(s.toSignal())));
            }
        }
        return out;
    }

    @Test
    void whatTheServiceRecordsReplaysIntoTheSignalsItStored() throws Exception {
        Path recordings = dir.resolve("recordings"); // missing: created at start
        Path live = dir.resolve("live.db");
        RecorderStats stats;
        try (Service service = Service.start(Config.fromEnv(env(live, recordings)), "e2e",
                DeliveryEndToEndTest.CLOCK)) {
            await("the sample's ten signals", () -> service.store().count() >= 10 && whalePolls.get() >= 3);
            service.close();
            stats = service.recorderStats();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(recordings)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of(recordings.resolve("betterbot-2026-11-24.1.jsonl.gz")), files,
                "one file: one start, one UTC day (the service's clock)");
        assertTrue(stats.lines() >= 6, stats.toString());
        assertEquals(0, stats.dropped() + stats.errors() + stats.notJson(), stats.toString());
        assertNull(stats.currentFile(), "completed at the stop");

        Path replayed = dir.resolve("replayed.db");
        ReplayCommandTest.Run r = ReplayCommandTest.run(env(replayed, null), "replay", files.get(0).toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("malformed lines skipped: 0"), r.out());
        assertFalse(r.out().contains("cut short"), "a file completed at the stop reads to its end: " + r.out());
        Map<String, JsonNode> expected = stored(live);
        assertEquals(10, expected.size(), expected.keySet().toString());
        Map<String, JsonNode> got = stored(replayed);
        assertEquals(expected.keySet(), got.keySet());
        for (String id : expected.keySet()) {
            assertEquals(expected.get(id), got.get(id), "the same figures, sizes and detection time: " + id);
        }
        assertTrue(r.out().contains("signals: 10 detected, 10 new in " + replayed), r.out());
    }

    @Test
    void aSecondStartRecordsIntoTheNextFile() throws Exception {
        Path recordings = Files.createDirectory(dir.resolve("recordings"));
        for (int start = 1; start <= 2; start++) {
            try (Service service = Service.start(Config.fromEnv(env(dir.resolve("live.db"), recordings)), "e2e",
                    DeliveryEndToEndTest.CLOCK)) {
                await("something recorded", () -> service.recorderStats().lines() >= 1);
            }
        }
        try (Stream<Path> s = Files.list(recordings)) {
            assertEquals(Set.of("betterbot-2026-11-24.1.jsonl.gz", "betterbot-2026-11-24.2.jsonl.gz"),
                    Set.copyOf(s.map(p -> p.getFileName().toString()).toList()));
        }
    }

    @Test
    void withoutSourcesOrWithoutRecordDirNothingIsRecorded() throws Exception {
        Path recordings = dir.resolve("recordings");
        Map<String, String> offline = env(dir.resolve("offline.db"), recordings);
        offline.put("SOURCES_ENABLED", "false");
        try (Service service = Service.start(Config.fromEnv(offline), "e2e", DeliveryEndToEndTest.CLOCK)) {
            assertEquals(RecorderStats.OFF, service.recorderStats());
        }
        assertFalse(Files.exists(recordings), "nothing to record: no directory made");
        assertNull(Config.fromEnv(env(dir.resolve("x.db"), null)).record());
    }

    @Test
    void recordSettingsThatCannotWorkAreRefusedNamingTheVariable() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        ConfigException notDir = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("RECORD_DIR",
                file.toString())));
        assertEquals(List.of("RECORD_DIR must be a directory, got a file: '" + file + "'"), notDir.problems());
        ConfigException under = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("RECORD_DIR",
                file.resolve("recordings").toString())));
        assertTrue(under.problems().get(0).startsWith("RECORD_DIR cannot be created: '" + file.resolve("recordings")
                + "'"), under.problems().toString());
        for (String bad : List.of("0", "-5", "lots", "1.5", "10000001")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("RECORD_MAX_MB", bad)));
            assertTrue(e.problems().get(0).startsWith("RECORD_MAX_MB must be an integer from 1 to 10000000"),
                    e.problems().toString());
        }
        Config c = Config.fromEnv(Map.of("RECORD_DIR", dir.resolve("later").toString(), "RECORD_MAX_MB", "3"));
        assertEquals(3L << 20, c.record().maxBytes());
        assertEquals(dir.resolve("later"), c.record().dir());
        assertEquals(1024L << 20, Config.fromEnv(Map.of("RECORD_DIR", dir.toString())).record().maxBytes());
        assertFalse(Files.exists(dir.resolve("later")), "reading the settings creates nothing (check-config)");
    }

    @Test
    void aRecordDirThatCannotBeCreatedAtStartStopsItNamingTheVariable() throws IOException {
        Path recordings = dir.resolve("parent").resolve("recordings");
        Config config = Config.fromEnv(env(dir.resolve("s.db"), recordings)); // valid: dir is there to create in
        Files.writeString(dir.resolve("parent"), "since then a file");
        ConfigException e = assertThrows(ConfigException.class, () -> Service.start(config, "e2e",
                DeliveryEndToEndTest.CLOCK));
        assertTrue(e.problems().get(0).startsWith("RECORD_DIR cannot be used: " + recordings), e.problems().toString());
    }
}
