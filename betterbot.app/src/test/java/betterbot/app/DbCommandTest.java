package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.app.CheckConfigCommandTest.Run;
import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.Grader;
import betterbot.signals.grading.PendingEntry;
import betterbot.signals.grading.Settlement;
import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalReader;
import betterbot.storage.SignalStore;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("signals.db");
    }

    Map<String, String> env() {
        return Map.of("DB_PATH", db().toString());
    }

    /** Signals detected one minute apart from T0. */
    void storeSignals(int n) {
        try (SignalStore store = SignalStore.open(new StoreConfig(db()))) {
            List<Signal> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(signal(i));
            }
            store.storeAll(batch);
        }
    }

    static Signal signal(int i) {
        Signal s = ShutdownChild.whale(i);
        return new Signal(s.id(), s.signalType(), s.marketSlug(), s.confidence(), s.riskLevel(), s.details(),
                T0.plusSeconds(60L * i), s.source());
    }

    static Run db(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "db";
        System.arraycopy(args, 0, all, 1, args.length);
        return CheckConfigCommandTest.run(env, all);
    }

    @Test
    void exportPrintsEveryStoredSignalInWireFormOldestFirstAcrossPages() throws Exception {
        storeSignals(2_500); // more than two pages of 1000
        Run r = db(env(), "export");
        assertEquals(ExitCode.OK, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2_500, lines.size());
        long previousSeq = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = SignalJson.mapper().readTree(lines.get(i));
            assertTrue(row.get("seq").asLong() > previousSeq, "oldest first, each once");
            previousSeq = row.get("seq").asLong();
            Signal decoded = SignalJson.decode(lines.get(i));
            assertEquals(signal(i), decoded, "the wire form decodes back to the stored signal");
        }
        assertTrue(r.err().contains("2500 signals"), r.err());
    }

    @Test
    void exportCarriesEveryTypeTheFootprintSeedWrites() throws Exception {
        try (SignalStore store = SignalStore.open(new StoreConfig(db()))) {
            List<Signal> seeds = new ArrayList<>();
            for (int i = 0; i < 14; i++) {
                seeds.add(SeedSignals.signal(i));
            }
            store.storeAll(seeds);
        }
        List<String> lines = db(env(), "export").out().lines().toList();
        assertEquals(14, lines.size());
        Set<String> types = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(SeedSignals.signal(i), SignalJson.decode(lines.get(i)));
            types.add(SignalJson.mapper().readTree(lines.get(i)).at("/signal_type/type").asText());
        }
        assertEquals(7, types.size(), types.toString());
    }

    @Test
    void exportSinceATimeADateOrAnAge() {
        storeSignals(120); // T0 .. T0 + 119 min
        assertEquals(60, db(env(), "export", "--since", "2026-11-24T13:00:00Z").out().lines().count());
        assertEquals(60, db(env(), "export", "--since=2026-11-24T14:00:00+01:00").out().lines().count());
        assertEquals(120, db(env(), "export", "--since", "2026-11-24").out().lines().count());
        assertEquals(0, db(env(), "export", "--since", "2026-11-25").out().lines().count());
        Clock at14 = Clock.fixed(T0.plusSeconds(2 * 3600), ZoneOffset.UTC);
        assertEquals(T0.plusSeconds(3600), DbCommand.parseSince("60m", at14));
        assertEquals(T0.plusSeconds(3600), DbCommand.parseSince("1h", at14));
        assertEquals(T0.minusSeconds(86_400 - 7200), DbCommand.parseSince("1d", at14));
        assertEquals(T0.plusSeconds(7200 - 30), DbCommand.parseSince("30s", at14));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DbCommand.parseSince("yesterday", at14));
        assertTrue(e.getMessage().contains("'yesterday'"), e.getMessage());
    }

    @Test
    void statsPrintTheFieldsOfTheStatsEndpointAsJson() throws Exception {
        storeSignals(30);
        Run r = db(env(), "stats");
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonNode stats = SignalJson.mapper().readTree(r.out());
        assertEquals(30, stats.get("total_stored").asLong());
        assertEquals(30, stats.get("last_seq").asLong());
        assertEquals(30, stats.at("/by_type/whale_trade").asLong());
        assertEquals("2026-11-24T12:00:00.000Z", stats.get("oldest_detected_at").asText());
        assertEquals(db().toAbsolutePath().toString(), stats.get("database").asText());

        Config config = Config.fromEnv(Map.of("DB_PATH", db().toString(), "PORT", "0"));
        try (Service service = Service.start(config, "t", Clock.systemUTC())) {
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/api/stats/database")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Set<String> apiFields = new HashSet<>();
            SignalJson.mapper().readTree(api.body()).fieldNames().forEachRemaining(apiFields::add);
            Set<String> cliFields = new HashSet<>();
            stats.fieldNames().forEachRemaining(cliFields::add);
            assertTrue(cliFields.containsAll(apiFields), "db stats has every field of the API: " + apiFields);
        }
    }

    /** A whale trade bought at 0.40 on its own token, sized $100, settled won or lost an hour later. */
    static Signal followed(int i, Source source) {
        return new Signal("whale_trade:perf-" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 50_000, 0.40),
                "market-" + i, 0.75, RiskLevel.MEDIUM, Details.builder().conditionId("0xc" + i).assetId("tok-" + i)
                .side(Side.BUY).outcome("Yes").currentPrice(0.40).recommendedSizeUsd(100.0).build(),
                T0.plusSeconds(i), source);
    }

    void storeSettled(boolean... won) {
        try (SignalStore store = SignalStore.open(new StoreConfig(db()))) {
            for (int i = 0; i < won.length; i++) {
                store.store(followed(i, i == 0 ? Source.HASHDIVE : Source.POLYMARKET));
            }
            GradeBook book = store.gradeBook();
            for (PendingEntry p : book.pending(0, 100)) {
                int i = Integer.parseInt(p.entry().signalId().substring("whale_trade:perf-".length()));
                Instant resolved = T0.plusSeconds(3_600);
                book.record(p.entry().signalId(), Grader.atSettlement(p.entry(),
                        new Settlement(resolved, Map.of("tok-" + i, won[i])), resolved));
            }
        }
    }

    @Test
    void performancePrintsTheTrackRecordOfTheRouteFromTheFile() throws Exception {
        storeSettled(true, true, true, false); // bought at 0.40: a win returns 1.5 per dollar, a loss -1
        byte[] before = Files.readAllBytes(db());

        Run json = db(env(), "performance", "--json");
        assertEquals(ExitCode.OK, json.code(), json.err());
        JsonNode whale = SignalJson.mapper().readTree(json.out()).at("/by_type/whale_trade");
        assertEquals(4, whale.get("graded").asInt());
        assertEquals(3, whale.get("hits").asInt());
        assertEquals(0.75, whale.get("hit_rate").asDouble(), 1e-12);
        assertEquals((3 * 1.5 - 1) / 4, whale.get("mean_return").asDouble(), 1e-12);
        assertEquals(3 * 150 - 100, whale.get("pnl_usd").asDouble(), 1e-9);
        assertEquals((3 * 0.25 * 0.25 + 0.75 * 0.75) / 4, whale.get("brier").asDouble(), 1e-12);
        JsonNode deviation = SignalJson.mapper().readTree(json.out()).at("/by_type/price_deviation");
        assertEquals(0, deviation.get("graded").asInt(), "a type with nothing graded is present");
        assertTrue(deviation.get("hit_rate").isNull());

        JsonNode hashdive = SignalJson.mapper().readTree(db(env(), "performance", "--json", "--source", "hashdive")
                .out()).at("/by_type/whale_trade");
        assertEquals(1, hashdive.get("graded").asInt(), "filtered by source");
        assertEquals(0, SignalJson.mapper().readTree(db(env(), "performance", "--json", "--horizon", "1h").out())
                .at("/by_type/whale_trade/graded").asInt(), "nothing graded at 1 h");

        Run table = db(env(), "performance");
        assertEquals(ExitCode.OK, table.code(), table.err());
        String row = table.out().lines().filter(l -> l.trim().startsWith("whale_trade")).findFirst().orElseThrow();
        assertTrue(row.matches("\\s*whale_trade\\s+4\\s+3\\s+0\\.750 \\[.*\\s350\\.00"), row);
        assertArrayEquals(before, Files.readAllBytes(db()), "read-only");

        for (String[] bad : List.of(new String[] {"performance", "--horizon", "soon"},
                new String[] {"performance", "--type", "volume_spike"},
                new String[] {"performance", "--min-confidence", "2"},
                new String[] {"performance", "--frob", "1"})) {
            Run r = db(env(), bad);
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[1]), r.err());
        }
    }

    @Test
    void aMissingDatabaseIsReportedAndNotCreated() {
        for (String[] args : List.of(new String[] {"stats"}, new String[] {"export"},
                new String[] {"backup", dir.resolve("b.db").toString()}, new String[] {"performance"})) {
            Run r = db(env(), args);
            assertEquals(ExitCode.STORE_UNUSABLE, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("does not exist"), r.err());
        }
        assertFalse(Files.exists(db()));
        assertFalse(Files.exists(dir.resolve("b.db")));
    }

    @Test
    void usageErrorsExit2() {
        for (String[] args : List.of(new String[0], new String[] {"frob"}, new String[] {"stats", "now"},
                new String[] {"export", "--since"}, new String[] {"export", "--since", "soon"},
                new String[] {"backup"}, new String[] {"backup", "a.db", "b.db"})) {
            Run r = db(env(), args);
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("usage: betterbot db"), r.err());
        }
    }

    @Test
    void backupNeverOverwritesUnlessForcedAndNeverTargetsTheDatabase() throws Exception {
        storeSignals(10);
        Path backup = dir.resolve("backup.db");
        Run first = db(env(), "backup", backup.toString());
        assertEquals(ExitCode.OK, first.code(), first.err());
        assertTrue(first.out().contains("10 signals"), first.out());
        byte[] firstBytes = Files.readAllBytes(backup);

        try (SignalStore store = SignalStore.open(new StoreConfig(db()))) {
            store.store(signal(10));
        }
        Run again = db(env(), "backup", backup.toString());
        assertEquals(ExitCode.FAILURE, again.code());
        assertTrue(again.err().contains("already exists; add --force"), again.err());
        assertArrayEquals(firstBytes, Files.readAllBytes(backup));

        Run forced = db(env(), "backup", "--force", backup.toString());
        assertEquals(ExitCode.OK, forced.code(), forced.err());
        try (SignalReader copy = SignalReader.open(new StoreConfig(backup))) {
            assertEquals(11, copy.count());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".partial")), "no temp file left");
        }

        for (String target : List.of(db().toString(), db() + "-wal", dir.resolve(".").resolve("signals.db").toString())) {
            Run self = db(env(), "backup", "--force", target);
            assertEquals(ExitCode.FAILURE, self.code(), target);
            assertTrue(self.err().contains("is the service's database"), self.err());
        }
        Run noDir = db(env(), "backup", dir.resolve("no/such/dir/b.db").toString());
        assertEquals(ExitCode.FAILURE, noDir.code());
        assertTrue(noDir.err().contains("does not exist"), noDir.err());
    }

    /**
     * The documented procedure: back up while the service runs and writes, stop it, copy the backup over
     * DB_PATH removing the old -wal and -shm, start it: it serves exactly what the backup holds.
     */
    @Test
    void aBackupTakenWhileTheServiceWritesRestoresToTheSameSignals() throws Exception {
        Path backup = dir.resolve("live-backup.db");
        Config config = Config.fromEnv(Map.of("DB_PATH", db().toString(), "PORT", "0", "MAX_SIGNALS", "100000"));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Run backupRun;
        try (Service service = Service.start(config, "t", Clock.systemUTC())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; writing.get(); i++) {
                    service.store().store(signal(i));
                    written.incrementAndGet();
                }
            });
            while (written.get() < 300) {
                Thread.sleep(5);
            }
            backupRun = db(env(), "backup", backup.toString());
            writing.set(false);
            writer.join();
        }
        assertEquals(ExitCode.OK, backupRun.code(), backupRun.err());
        List<String> inBackup;
        try (SignalReader copy = SignalReader.open(new StoreConfig(backup))) {
            assertTrue(copy.count() >= 300 && copy.count() <= written.get(), "a moment during the writes");
            inBackup = copy.query(SignalQuery.newest(50)).signals().stream().map(StoredSignal::id).toList();
        }

        Files.copy(backup, db(), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(Path.of(db() + "-wal"));
        Files.deleteIfExists(Path.of(db() + "-shm"));
        try (Service restored = Service.start(config, "t", Clock.systemUTC())) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + restored.port() + "/api/signals?limit=50")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> served = new ArrayList<>();
            SignalJson.mapper().readTree(page.body()).get("signals").forEach(s -> served.add(s.get("id").asText()));
            assertEquals(inBackup, served);
        }
    }
}
