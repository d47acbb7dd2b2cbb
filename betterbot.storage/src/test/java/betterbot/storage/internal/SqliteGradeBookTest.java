package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.Grade;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.GradedOutcome;
import betterbot.signals.grading.Grader;
import betterbot.signals.grading.Holding;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.PendingEntry;
import betterbot.signals.grading.PriceObservation;
import betterbot.signals.grading.Settlement;
import betterbot.storage.SignalReader;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grades next to their signals: entries written with the signals, grades made, observations kept, bounds. */
class SqliteGradeBookTest {
    static final Instant T0 = TestSignals.T0;
    static final Horizon H1 = Horizon.parse("1h");
    static final Horizon H24 = Horizon.parse("24h");

    @TempDir
    Path dir;
    Path db;
    SqliteSignalStore store;
    GradeBook book;

    @BeforeEach
    void open() {
        db = dir.resolve("graded.db");
        store = SqliteSignalStore.open(new StoreConfig(db));
        book = store.gradeBook();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A whale trade followed at {@code price} on token {@code token}, sized {@code size} (null: not sized). */
    static Signal follow(int i, String token, Side side, double price, Double size) {
        return new Signal("whale_trade:g" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 20_000 / price, price),
                "market-" + i, 0.75, RiskLevel.MEDIUM, Details.builder().conditionId("0xc" + i).assetId(token)
                .side(side).outcome("Yes").currentPrice(price).recommendedSizeUsd(size).build(), T0.plusSeconds(i),
                i % 2 == 0 ? Source.POLYMARKET : Source.HASHDIVE);
    }

    static Signal deviation(int i) {
        List<Leg> legs = List.of(new Leg("a", "Yes", "tok-a", 0.30, 100), new Leg("b", "Yes", "tok-b", 0.32, 100),
                new Leg("c", "Yes", "tok-c", 0.32, 100));
        return new Signal("price_deviation:g" + i, new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.05, 100),
                "event-" + i, 0.8, RiskLevel.LOW, Details.builder().legs(legs).recommendedSizeUsd(94.0).build(),
                T0.plusSeconds(i), Source.POLYMARKET);
    }

    @Test
    void aGradableSignalGetsItsEntryWithItAndEveryGradeStartsPending() {
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        store.storeAll(List.of(follow(2, "tok-2", Side.SELL, 0.30, null), TestSignals.spread(3, "m")));

        List<Grade> grades = book.grades("whale_trade:g1");
        assertEquals(List.of(H1, H24, Horizon.SETTLEMENT), grades.stream().map(Grade::horizon).toList());
        assertTrue(grades.stream().noneMatch(Grade::isGraded));
        assertEquals(T0.plusSeconds(1).plus(Duration.ofHours(1)), grades.get(0).dueAt());
        assertNull(grades.get(2).dueAt(), "settlement is due when the market resolves");
        assertEquals(List.of(), book.grades("wide_spread:3"), "a signal without a side is not graded");
        assertEquals(List.of(), book.grades("no-such-signal"));

        List<PendingEntry> pending = book.pending(0, 10);
        assertEquals(List.of("whale_trade:g1", "whale_trade:g2"), pending.stream().map(p -> p.entry().signalId()).toList());
        Entry sell = pending.get(1).entry();
        assertEquals(List.of(new Holding("tok-2", true, 0.7)), sell.holdings(), "a follower of a SELL holds the other side");
        assertNull(sell.sizeUsd());
        assertEquals("0xc2", pending.get(1).conditionId());
    }

    @Test
    void aStoredAgainSignalGetsNoSecondEntry() {
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        assertEquals(1, book.pending(0, 10).size());
    }

    @Test
    void gradesAreRecordedOnceAndAnEntryWithEveryGradeMadeIsNoLongerPending() {
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        Entry e = book.pending(0, 1).get(0).entry();
        Instant due = e.detectedAt().plus(Duration.ofHours(1));
        Grade h1 = Grader.atHorizon(e, H1, new PriceObservation(due, Map.of("tok-1", 0.5)), due);
        book.record("whale_trade:g1", h1);
        book.record("whale_trade:g1", Grader.atHorizon(e, H1, new PriceObservation(due, Map.of("tok-1", 0.1)), due));
        book.record("unknown", h1);

        Grade stored = book.grades("whale_trade:g1").get(0);
        assertEquals(h1, stored, "the first grade of a horizon stays");
        assertEquals(0.25, stored.returnPerDollar(), 1e-9);
        assertEquals(62.5, stored.pnlUsd());
        assertEquals(Set.of(H1), book.pending(0, 1).get(0).graded());

        Instant later = due.plus(Duration.ofDays(1));
        book.record("whale_trade:g1", Grader.atHorizon(e, H24, new PriceObservation(later, Map.of("tok-1", 0.3)), later));
        book.record("whale_trade:g1", Grader.atSettlement(e, new Settlement(later, Map.of("tok-1", true)), later));
        assertEquals(List.of(), book.pending(0, 10), "every grade made");
        assertTrue(book.grades("whale_trade:g1").stream().allMatch(Grade::isGraded));
        assertThrows(IllegalArgumentException.class, () -> book.record("whale_trade:g1", Grade.pending(e, H1)));
    }

    @Test
    void aDeviationSetRoundTripsItsLegs() {
        store.store(deviation(1));
        Entry e = book.pending(0, 1).get(0).entry();
        assertEquals(List.of(new Holding("tok-a", false, 0.30), new Holding("tok-b", false, 0.32),
                new Holding("tok-c", false, 0.32)), e.holdings());
        assertEquals(0.94, e.price(), 1e-9);
        assertNull(book.pending(0, 1).get(0).conditionId());
        Grade s = Grader.atSettlement(e, new Settlement(T0.plusSeconds(99), Map.of("tok-a", false, "tok-b", true,
                "tok-c", false)), T0.plusSeconds(99));
        book.record("price_deviation:g1", s);
        assertEquals(List.of(new GradedOutcome("price_deviation", 0.8, 0.94, s.returnPerDollar(), true, s.pnlUsd())),
                book.outcomes(Horizon.SETTLEMENT, OutcomeFilter.ALL));
    }

    @Test
    void outcomesAreFilteredByTypeSourceTimeAndConfidence() {
        for (int i = 1; i <= 4; i++) {
            store.store(follow(i, "tok-" + i, Side.BUY, 0.40, 100.0));
        }
        store.store(deviation(5));
        for (PendingEntry p : book.pending(0, 10)) {
            Map<String, Boolean> won = new java.util.HashMap<>();
            p.entry().holdings().forEach(h -> won.put(h.assetId(), true));
            book.record(p.entry().signalId(), Grader.atSettlement(p.entry(), new Settlement(T0.plusSeconds(600), won),
                    T0.plusSeconds(600)));
        }
        assertEquals(5, book.outcomes(Horizon.SETTLEMENT, OutcomeFilter.ALL).size());
        assertEquals(0, book.outcomes(H1, OutcomeFilter.ALL).size());
        assertEquals(4, book.outcomes(Horizon.SETTLEMENT, new OutcomeFilter("whale_trade", null, null, null)).size());
        assertEquals(3, book.outcomes(Horizon.SETTLEMENT, new OutcomeFilter(null, "polymarket", null, null)).size());
        assertEquals(2, book.outcomes(Horizon.SETTLEMENT, new OutcomeFilter(null, null, T0.plusSeconds(4), null)).size());
        assertEquals(1, book.outcomes(Horizon.SETTLEMENT, new OutcomeFilter(null, null, null, 0.8)).size());
    }

    @Test
    void observationsAreKeptAndReadBackGroupedByMoment() {
        book.observe(new PriceObservation(T0, Map.of("a", 0.4, "b", 0.6)));
        book.observe(new PriceObservation(T0.plusSeconds(60), Map.of("a", 0.45)));
        book.observe(new PriceObservation(T0.plusSeconds(120), Map.of("c", 0.1)));
        assertEquals(List.of(new PriceObservation(T0, Map.of("a", 0.4, "b", 0.6)),
                        new PriceObservation(T0.plusSeconds(60), Map.of("a", 0.45))),
                book.observations(List.of("a", "b"), T0, T0.plusSeconds(120)));
        assertEquals(List.of(new PriceObservation(T0, Map.of("b", 0.6))), book.observations(List.of("b"), T0, T0));
        assertEquals(List.of(), book.observations(List.of(), T0, T0.plusSeconds(999)));
    }

    @Test
    void gradesSurviveARestartAndReachTheReadOnlyReader() {
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        Entry e = book.pending(0, 1).get(0).entry();
        book.record("whale_trade:g1", Grader.atSettlement(e, new Settlement(T0.plusSeconds(60), Map.of("tok-1", false)),
                T0.plusSeconds(60)));
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db));
        book = store.gradeBook();
        assertEquals(Set.of(Horizon.SETTLEMENT), book.pending(0, 1).get(0).graded());
        try (SignalReader reader = SignalReader.open(new StoreConfig(db))) {
            assertEquals(-1.0, reader.gradeRecord().outcomes(Horizon.SETTLEMENT, OutcomeFilter.ALL).get(0)
                    .returnPerDollar());
            assertEquals(3, reader.gradeRecord().grades("whale_trade:g1").size());
        }
    }

    @Test
    void theTrackRecordOutlivesTheSignalsRetentionAndHasItsOwnBound() throws Exception {
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db, 5).withGradeBounds(20, 1_000));
        book = store.gradeBook();
        for (int i = 1; i <= 40; i++) {
            store.store(follow(i, "tok-" + i, Side.BUY, 0.40, 100.0));
        }
        assertEquals(5, store.count(), "signals: MAX_SIGNALS");
        List<PendingEntry> kept = new ArrayList<>();
        for (int off = 0; ; off += 100) {
            List<PendingEntry> page = book.pending(off, 100);
            kept.addAll(page);
            if (page.size() < 100) {
                break;
            }
        }
        assertTrue(kept.size() >= 20 && kept.size() <= 22, "entries: their own bound, trimmed in steps: " + kept.size());
        assertEquals("whale_trade:g40", kept.get(kept.size() - 1).entry().signalId(), "the newest are kept");
        assertEquals(3, book.grades("whale_trade:g30").size(), "a pruned signal's grades are still answered");
        assertFalse(store.get("whale_trade:g30").isPresent());
    }

    @Test
    void observationsHaveTheirOwnBound() throws Exception {
        store.close();
        store = SqliteSignalStore.open(new StoreConfig(db).withGradeBounds(100, 50));
        book = store.gradeBook();
        for (int i = 0; i < 200; i++) {
            book.observe(new PriceObservation(T0.plusSeconds(i), Map.of("a", 0.5)));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), min(observed_at) FROM price_observations")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 50 && rs.getInt(1) <= 56, "bounded: " + rs.getInt(1));
            assertTrue(rs.getLong(2) > T0.plusSeconds(140).toEpochMilli(), "the oldest went first");
        }
    }

    @Test
    void theGradingQueriesUseTheirIndexes() throws Exception {
        store.store(follow(1, "tok-1", Side.BUY, 0.40, 250.0));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertTrue(plan(s, "SELECT seq FROM signal_entries e WHERE e.open = 1 ORDER BY e.seq LIMIT 10")
                    .contains("signal_entries_open"));
            assertTrue(plan(s, "SELECT 1 FROM grades g JOIN signal_entries e ON e.seq = g.entry_seq"
                    + " WHERE g.horizon = 'settlement' ORDER BY g.entry_seq").contains("grades_horizon"));
            assertTrue(plan(s, "SELECT token FROM price_observations WHERE token IN ('a') AND observed_at BETWEEN 1"
                    + " AND 2 ORDER BY observed_at").contains("PRIMARY KEY"));
            assertFalse(plan(s, "SELECT seq FROM signal_entries e WHERE e.open = 1 ORDER BY e.seq LIMIT 10")
                    .contains("TEMP B-TREE"), "pending() needs no sort");
        }
    }

    private static String plan(Statement s, String sql) throws Exception {
        StringBuilder b = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                b.append(rs.getString(4)).append('\n');
            }
        }
        return b.toString();
    }
}
