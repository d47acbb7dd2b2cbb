package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.StoredSignal;
import betterbot.storage.SignalStore;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code betterbot replay FILE...}: the shipped sample into a real store, as a user runs it. */
class ReplayCommandTest {
    static final Path SAMPLES = Path.of(System.getProperty("betterbot.samples", "../samples"));
    static final Path SAMPLE = SAMPLES.resolve("polymarket-sample.jsonl");

    @TempDir
    Path dir;

    record Run(ExitCode code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<String, String> env(Path db) {
        return Map.of("DB_PATH", db.toString(), "TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv")
                .toString(), "LOG_LEVEL", "warn");
    }

    @Test
    void theSampleLandsInTheStoreAndTheSummaryCountsIt() {
        Path db = dir.resolve("replay.db");
        Run first = run(env(db), "replay", SAMPLE.toString());
        assertEquals(ExitCode.OK, first.code(), first.err());
        assertTrue(first.out().startsWith("replay: 6 lines from 1 file in "), first.out());
        assertTrue(first.out().contains("rows: 28 markets, 22 books, 8 trades; 1 malformed row skipped, 1 repeated "
                + "fill dropped"), first.out());
        assertTrue(first.out().contains("malformed lines skipped: 0"), first.out());
        assertTrue(first.out().contains("signals: 10 detected, 10 new in " + db), first.out());
        for (String line : List.of("whale_trade            4", "whale_cluster          1",
                "tracked_wallet_entry   1", "price_deviation        1", "expiry_edge            1",
                "volume_spike           1", "wide_spread            1")) {
            assertTrue(first.out().contains(line), line + " in\n" + first.out());
        }
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            List<StoredSignal> rows = store.query(SignalQuery.newest(100)).signals();
            assertEquals(10, rows.size());
            assertEquals("whale_cluster:1d626e9785a490bf3d9a9abc362bb90a", rows.get(0).id(), "newest first");
            assertEquals("volume_spike", rows.get(9).type());
        }
        Run again = run(env(db), "replay", SAMPLE.toString());
        assertEquals(ExitCode.OK, again.code());
        assertTrue(again.out().contains("signals: 10 detected, 0 new in "), "ids are stable: " + again.out());
    }

    @Test
    void malformedLinesAreListedWithTheirNumbers() throws Exception {
        Path rec = Files.writeString(dir.resolve("rec.jsonl"),
                "{\"captured_at\": \"2026-11-24T12:00:00Z\", \"kind\": \"gamma_markets\", \"body\": []}\n"
                        + "this is not json\n");
        Run r = run(env(dir.resolve("m.db")), "replay", rec.toString());
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().contains("malformed lines skipped: 1"), r.out());
        assertTrue(r.out().contains(rec + " line 2: not JSON"), r.out());
    }

    @Test
    void anUnreadableFileFailsWithAMessageAndStoresNothing() {
        Path db = dir.resolve("u.db");
        Run r = run(env(db), "replay", SAMPLE.toString(), dir.resolve("missing.jsonl").toString());
        assertEquals(ExitCode.FAILURE, r.code());
        assertTrue(r.err().contains("cannot read " + dir.resolve("missing.jsonl") + ": no such file"), r.err());
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            assertEquals(0, store.count());
        }
    }

    @Test
    void replayWithoutFilesIsAUsageErrorAndBadConfigurationIsRefused() {
        Run none = run(env(dir.resolve("n.db")), "replay");
        assertEquals(ExitCode.USAGE, none.code());
        assertTrue(none.err().contains("replay needs at least one FILE"), none.err());
        Run bad = run(Map.of("MIN_EDGE", "lots"), "replay", SAMPLE.toString());
        assertEquals(ExitCode.BAD_CONFIG, bad.code());
        assertTrue(bad.err().contains("MIN_EDGE must be a number"), bad.err());
    }

    /** Disk full cannot be staged here; a trigger refusing every insert fails the writes the same way. */
    @Test
    void aReplayWhoseSignalsCannotBeStoredExitsNonZero() throws Exception {
        Path db = dir.resolve("refusing.db");
        betterbot.storage.SignalStore.open(new betterbot.storage.StoreConfig(db)).close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON signals BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        Run r = run(env(db), "replay", SAMPLE.toString());
        assertEquals(ExitCode.FAILURE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("could not be stored"), r.err());
    }
}
