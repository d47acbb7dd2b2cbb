package betterbot.storage.internal;

import static betterbot.storage.internal.TestSignals.T0;
import static betterbot.storage.internal.TestSignals.spread;
import static betterbot.storage.internal.TestSignals.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Signal;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreException;
import betterbot.storage.StoreStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSignalStoreTest {
    @TempDir
    Path dir;
    Path db;
    SqliteSignalStore store;

    @BeforeEach
    void open() {
        db = dir.resolve("signals.db");
        store = SqliteSignalStore.open(new StoreConfig(db));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theSameIdTwiceIsStoredOnceAndTheSecondTimeReportsNotNew() {
        Signal s = whale(1);
        var first = store.store(s);
        var second = store.store(s);
        assertTrue(first.isPresent());
        assertTrue(second.isEmpty());
        assertEquals(1, store.count());
        assertEquals(s, store.get(s.id()).orElseThrow().toSignal());
        assertEquals(first.get().seq(), store.get(s.id()).orElseThrow().seq());
    }

    @Test
    void seqIsStrictlyIncreasingAndBatchesReturnOnlyNewRows() {
        long a = store.store(whale(1)).orElseThrow().seq();
        List<StoredSignal> added = store.storeAll(List.of(whale(1), whale(2), whale(3), whale(2)));
        assertEquals(List.of("whale_trade:2", "whale_trade:3"), added.stream().map(StoredSignal::id).toList());
        assertTrue(added.get(0).seq() > a);
        assertTrue(added.get(1).seq() > added.get(0).seq());
        assertEquals(3, store.count());
        assertEquals(added.get(1).seq(), store.lastSeq());
    }

    @Test
    void ignoredDuplicatesConsumeNoSeq() {
        store.storeAll(List.of(whale(1), whale(2), whale(3)));
        assertEquals(3, store.lastSeq());
        assertEquals(List.of(), store.storeAll(List.of(whale(1), whale(2), whale(3), whale(3))), "all known");
        assertTrue(store.store(whale(2)).isEmpty());
        assertEquals(3, store.lastSeq(), "replaying the same signals again moves no seq");
        assertEquals(4, store.store(whale(4)).orElseThrow().seq(), "the next new signal gets the next seq");
        assertEquals(List.of(5L, 6L), store.storeAll(List.of(whale(1), whale(5), whale(5), whale(6))).stream()
                .map(StoredSignal::seq).toList(), "a repeat inside a batch is new once");
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db));
        assertEquals(6, store.lastSeq(), "nor does the sequence SQLite keeps on disk");
    }

    @Test
    void aLowerMaxSignalsAppliesWhenTheStoreOpensNotAtTheNextWrite() {
        store.storeAll(IntStream.range(0, 50).mapToObj(TestSignals::whale).toList());
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db, 20));
        assertEquals(20, store.count());
        assertEquals(20, countRows(), "deleted at open, before any write");
        assertEquals("whale_trade:30", store.query(SignalQuery.newest(1).withAfterSeq(0L)).signals().get(0).id());
        assertEquals(50, store.lastSeq(), "the seq of the newest stays");
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db, 100));
        assertEquals(20, store.count(), "a higher limit deletes nothing");
    }

    @Test
    void healthFollowsTheLastReadAndWrite() throws Exception {
        assertTrue(store.health().ok());
        store.store(whale(1));
        assertTrue(store.health().writes().ok());
        assertNull(store.health().writes().error());
        // A trigger makes every insert fail the way a full disk would fail it (disk full cannot be staged here).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON signals BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }
        assertThrows(StoreException.class, () -> store.store(whale(2)));
        assertFalse(store.health().writes().ok());
        assertEquals("SQLITE_CONSTRAINT_TRIGGER", store.health().writes().error());
        java.time.Instant failingSince = store.health().writes().since();
        assertThrows(StoreException.class, () -> store.store(whale(3)));
        assertEquals(failingSince, store.health().writes().since(), "since moves only when the state flips");
        assertTrue(store.health().reads().ok(), "reads still work");
        assertEquals(1, store.count());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse");
        }
        store.store(whale(4));
        assertTrue(store.health().writes().ok(), "a write that succeeds again clears it");
    }

    @Test
    void seqKeepsGrowingAfterClear() throws Exception {
        store.storeAll(List.of(whale(1), whale(2)));
        long before = store.lastSeq();
        StoreFixtures.deleteAllSignals(db, store);
        assertEquals(0, store.count());
        assertTrue(store.store(whale(3)).orElseThrow().seq() > before, "cursors held by clients stay valid");
    }

    @Test
    void seqIsNotReissuedWhenTheNewestRowsWereDeletedBeforeARestart() throws Exception {
        store.storeAll(List.of(whale(1), whale(2), whale(3)));
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM signals WHERE seq >= 2"); // SQLite alone would give the next row seq 2
        }
        store = SqliteSignalStore.open(new StoreConfig(db));
        assertEquals(3, store.lastSeq());
        assertEquals(List.of(4L, 5L), store.storeAll(List.of(whale(2), whale(1), whale(4))).stream()
                .map(StoredSignal::seq).toList(), "whale 1 is still stored; the others get seqs above 3");
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db));
        assertEquals(5, store.lastSeq());
    }

    @Test
    void recentIsNewestFirst() {
        store.storeAll(IntStream.range(0, 10).mapToObj(TestSignals::whale).toList());
        assertEquals(List.of("whale_trade:9", "whale_trade:8", "whale_trade:7"),
                StoreFixtures.newest(store, 3).stream().map(StoredSignal::id).toList());
    }

    @Test
    void filtersBySourceMarketTypeConfidenceAndTime() {
        store.storeAll(List.of(
                whale(1, "m1", Source.POLYMARKET, 0.65),
                whale(2, "m1", Source.HASHDIVE, 0.95),
                whale(3, "m2", Source.DOME, 0.75),
                spread(4, "m1")));
        assertEquals(List.of("whale_trade:2"), ids(store.query(SignalQuery.newest(10).withSource(Source.HASHDIVE)).signals()));
        assertEquals(List.of("wide_spread:4", "whale_trade:2", "whale_trade:1"), ids(store.query(SignalQuery.newest(10).withMarket("m1")).signals()));
        SignalQuery all = SignalQuery.newest(10);
        assertEquals(List.of("wide_spread:4"), ids(store.query(all.withType("wide_spread")).signals()));
        assertEquals(List.of("whale_trade:3", "whale_trade:2"),
                ids(store.query(all.withMinConfidence(0.7)).signals()));
        assertEquals(List.of("wide_spread:4", "whale_trade:3"),
                ids(store.query(all.withSince(T0.plusSeconds(3))).signals()));
        assertEquals(List.of("whale_trade:2"),
                ids(store.query(all.withMarket("m1").withType("whale_trade").withMinConfidence(0.9)).signals()));
        assertEquals(List.of(), ids(store.query(all.withMarket("nowhere")).signals()));
    }

    @Test
    void pagingWithCursorsVisitsEverySignalExactlyOnce() {
        store.storeAll(IntStream.range(0, 95).mapToObj(TestSignals::whale).toList());
        List<String> backwards = new ArrayList<>();
        SignalQuery q = SignalQuery.newest(10);
        while (true) {
            SignalPage page = store.query(q);
            backwards.addAll(ids(page.signals()));
            if (page.nextCursor() == null) {
                break;
            }
            q = q.withBeforeSeq(page.nextCursor());
        }
        assertEquals(95, backwards.size());
        assertEquals(95, new HashSet<>(backwards).size());
        assertEquals("whale_trade:94", backwards.get(0));

        List<String> forwards = new ArrayList<>();
        q = SignalQuery.newest(10).withAfterSeq(0L);
        while (true) {
            SignalPage page = store.query(q);
            forwards.addAll(ids(page.signals()));
            if (page.nextCursor() == null) {
                break;
            }
            q = q.withAfterSeq(page.nextCursor());
        }
        assertEquals(backwards.reversed(), forwards);
    }

    @Test
    void noListingQuerySortsTheTable() {
        store.storeAll(IntStream.range(0, 50).mapToObj(TestSignals::whale).toList());
        SignalQuery base = SignalQuery.newest(100);
        for (SignalQuery q : List.of(base, base.withType("whale_trade"), base.withSource(Source.DOME),
                base.withMarket("m"), base.withMinConfidence(0.7), base.withBeforeSeq(10L), base.withAfterSeq(10L),
                base.withType("whale_trade").withBeforeSeq(30L), base.withMarket("m").withAfterSeq(5L))) {
            List<String> plan = store.explain(q);
            assertFalse(plan.stream().anyMatch(step -> step.contains("TEMP B-TREE")), q + " plan " + plan);
            assertFalse(plan.stream().anyMatch(step -> step.equals("SCAN signals")) && q.market() != null,
                    q + " plan " + plan);
        }
    }

    @Test
    void statsDescribeTheContents() {
        store.storeAll(List.of(whale(1, "m1", Source.POLYMARKET, 0.65), whale(2, "m1", Source.HASHDIVE, 0.95),
                spread(3, "m2")));
        StoreStats stats = store.stats();
        assertEquals(3, stats.totalStored());
        assertEquals(3, stats.totalEverStored());
        assertEquals(2L, stats.bySource().get("polymarket"));
        assertEquals(1L, stats.bySource().get("hashdive"));
        assertEquals(2L, stats.byType().get("whale_trade"));
        assertEquals(1L, stats.byType().get("wide_spread"));
        assertEquals((0.65 + 0.95 + 0.6) / 3, stats.averageConfidence(), 1e-9);
        assertEquals(1, stats.highConfidenceCount());
        assertEquals(T0.plusSeconds(1), stats.oldestDetectedAt());
        assertEquals(T0.plusSeconds(3), stats.newestDetectedAt());
        assertTrue(stats.databaseBytes() > 0);
        assertTrue(stats.walBytes() > 0, "WAL mode is on");
    }

    @Test
    void statsOfAnEmptyStoreHaveNoAverage() {
        StoreStats stats = store.stats();
        assertEquals(0, stats.totalStored());
        assertNull(stats.averageConfidence());
        assertNull(stats.oldestDetectedAt());
    }

    @Test
    void retentionKeepsExactlyTheNewestMaxSignals() {
        for (int i = 0; i < 11_000; i++) {
            store.store(whale(i));
        }
        assertEquals(10_000, store.count());
        assertEquals(10_000, store.stats().totalStored());
        assertEquals(11_000, store.stats().totalEverStored());
        List<StoredSignal> oldest = store.query(SignalQuery.newest(1).withAfterSeq(0L)).signals();
        assertEquals("whale_trade:1000", oldest.get(0).id());
        assertTrue(store.get("whale_trade:999").isEmpty());
        assertEquals("whale_trade:10999", StoreFixtures.newest(store, 1).get(0).id());
        assertEquals(10_000, countRows());
    }

    @Test
    void retentionHoldsForLargeBatchesToo() {
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db, 100));
        store.storeAll(IntStream.range(0, 250).mapToObj(TestSignals::whale).toList());
        assertEquals(100, store.count());
        assertEquals(100, countRows());
        assertEquals("whale_trade:150", store.query(SignalQuery.newest(1).withAfterSeq(0L)).signals().get(0).id());
    }

    @Test
    void aRowOfATypeUnknownToThisVersionIsSkippedNotFatal() throws Exception {
        store.store(whale(1));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO signals (id, type, signal_type, market_slug, confidence, risk_level, details,"
                    + " detected_at, source, created_at) VALUES ('future:1', 'moon_landing', '{\"type\":\"moon_landing\"}',"
                    + " 'm', 0.5, 'low', '{}', 0, 'polymarket', 0)");
        }
        store.store(whale(2));
        assertEquals(List.of("whale_trade:2", "whale_trade:1"), ids(StoreFixtures.newest(store, 10)));
        assertTrue(store.get("future:1").isEmpty());
        assertTrue(store.stats().unreadableRows() >= 1);
    }

    @Test
    void aRowWhoseTextsHoldTheReadsSeparatorComesBackWhole() {
        String odd = "will-\u001f-it\u001f\u001f";
        store.store(TestSignals.whale(1, odd, Source.POLYMARKET, 0.8));
        store.store(whale(2));
        List<StoredSignal> page = StoreFixtures.newest(store, 10);
        assertEquals(List.of("whale_trade:2", "whale_trade:1"), ids(page));
        StoredSignal back = page.get(1);
        assertEquals(odd, back.marketSlug());
        assertEquals(StoredSignal.of(back.seq(), TestSignals.whale(1, odd, Source.POLYMARKET, 0.8)), back);
        assertEquals(odd, store.get("whale_trade:1").orElseThrow().marketSlug());
        assertEquals(0, store.stats().unreadableRows());
    }

    @Test
    void writesByAnotherProcessShowInCountsAndRetentionWithinASecond() throws Exception {
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db, 5));
        store.storeAll(List.of(whale(1), whale(2)));
        // another process (a replay, the sqlite3 shell) writes through its own store on the same file
        try (SqliteSignalStore other = SqliteSignalStore.open(new StoreConfig(db, 5))) {
            other.storeAll(List.of(whale(3), whale(4), whale(5)));
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (store.count() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(5, store.count(), "noticed while idle");
        assertEquals(5, store.lastSeq());
        assertEquals(5, store.stats().totalEverStored());
        try (SqliteSignalStore other = SqliteSignalStore.open(new StoreConfig(db, 5))) {
            other.store(whale(6)); // the other process holds the cap itself: 5 rows remain
        }
        store.store(whale(7)); // noticed before this write begins, so retention counts right at once
        assertEquals(5, store.count());
        assertEquals(5, countRows());
        assertTrue(store.store(whale(8)).orElseThrow().seq() > 7, "seq keeps growing past the other's rows");
    }

    @Test
    void signalsSurviveARestart() {
        store.storeAll(List.of(whale(1), whale(2)));
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db));
        assertEquals(2, store.count());
        assertEquals(whale(2), store.get("whale_trade:2").orElseThrow().toSignal());
        assertEquals(2, store.stats().totalEverStored());
        assertTrue(store.store(whale(3)).orElseThrow().seq() > 2);
    }

    @Test
    void aClosedStoreRefusesWorkWithAClearError() {
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> store.store(whale(1)));
        assertTrue(e.getMessage().contains("closed"));
        assertFalse(store.isUsable());
    }

    @Test
    void theApiFactoryOpensTheSqliteStore() {
        store.close();
        try (SignalStore s = SignalStore.open(new StoreConfig(db))) {
            assertTrue(s.isUsable());
        }
        store = SqliteSignalStore.open(new StoreConfig(db));
    }

    private long countRows() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM signals")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<String> ids(List<StoredSignal> rows) {
        return rows.stream().map(StoredSignal::id).toList();
    }

    static Set<String> idSet(List<StoredSignal> rows) {
        return new HashSet<>(ids(rows));
    }
}
