package betterbot.storage.internal;

import betterbot.signals.grading.Entry;
import betterbot.signals.grading.Grade;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.GradedOutcome;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.PendingEntry;
import betterbot.signals.grading.PriceObservation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The grades next to the signals (see docs/internals.md, Grades): entries (written with their signals by
 * {@link SignalWriter}), the grades made, and the price observations kept for grading. Only made grades are rows;
 * a pending grade is the absence of its row, answered from the entry and the configured horizons. Entries and
 * observations are bounded by their own counts, the oldest deleted first, at most once per tenth of the bound.
 */
final class SqliteGradeBook implements GradeBook {
    private static final String ENTRY_COLUMNS = "e.seq, e.signal_id, e.type, e.confidence, e.detected_at, e.size_usd,"
            + " e.condition_id, e.holdings";

    private final DatabaseThread db;
    private final StatementCache statements;
    private final List<Horizon> horizons;
    private final int maxEntries;
    private final int maxObservations;
    /** Rows added since the last trim; touched only by whoever holds the connection (see DatabaseThread). */
    private long entriesSinceTrim;
    private long observationsSinceTrim;

    SqliteGradeBook(DatabaseThread db, StatementCache statements, List<Horizon> horizons, int maxEntries,
                    int maxObservations) {
        this.db = db;
        this.statements = statements;
        this.horizons = List.copyOf(horizons);
        this.maxEntries = maxEntries;
        this.maxObservations = maxObservations;
    }

    /** Every horizon a stored entry is graded at: the configured ones, then settlement. */
    private List<String> allHorizons() {
        List<String> names = new ArrayList<>(horizons.size() + 1);
        horizons.forEach(h -> names.add(h.wireName()));
        names.add(Horizon.SETTLEMENT.wireName());
        return names;
    }

    @Override
    public List<Horizon> horizons() {
        List<Horizon> all = new ArrayList<>(horizons);
        all.add(Horizon.SETTLEMENT);
        return List.copyOf(all);
    }

    @Override
    public List<Grade> grades(String signalId) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT " + ENTRY_COLUMNS
                    + " FROM signal_entries e WHERE e.signal_id = ?");
            ps.setString(1, signalId);
            Entry entry;
            long seq;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                seq = rs.getLong(1);
                entry = entry(rs);
            }
            Map<Horizon, Grade> byHorizon = new TreeMap<>();
            for (Horizon h : horizons) {
                byHorizon.put(h, Grade.pending(entry, h));
            }
            byHorizon.put(Horizon.SETTLEMENT, Grade.pending(entry, Horizon.SETTLEMENT));
            PreparedStatement g = statements.get(c, "SELECT horizon, due_at, graded_at, observed_at, price,"
                    + " return_per_dollar, hit, pnl_usd FROM grades WHERE entry_seq = ?");
            g.setLong(1, seq);
            try (ResultSet rs = g.executeQuery()) {
                while (rs.next()) {
                    Horizon h = Horizon.parse(rs.getString(1));
                    byHorizon.put(h, new Grade(h, Grade.State.GRADED, instant(rs, 2), instant(rs, 3), instant(rs, 4),
                            rs.getDouble(5), rs.getDouble(6), rs.getInt(7) == 1, nullableDouble(rs, 8)));
                }
            }
            return List.copyOf(byHorizon.values());
        });
    }

    @Override
    public List<GradedOutcome> outcomes(Horizon horizon, OutcomeFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT e.type, e.confidence, e.entry_price, g.return_per_dollar, g.hit,"
                + " g.pnl_usd FROM grades g JOIN signal_entries e ON e.seq = g.entry_seq WHERE g.horizon = ?");
        List<Object> args = new ArrayList<>();
        args.add(horizon.wireName());
        if (filter.signalType() != null) {
            sql.append(" AND e.type = ?");
            args.add(filter.signalType());
        }
        if (filter.source() != null) {
            sql.append(" AND e.source = ?");
            args.add(filter.source());
        }
        if (filter.since() != null) {
            sql.append(" AND e.detected_at >= ?");
            args.add(filter.since().toEpochMilli());
        }
        if (filter.minConfidence() != null) {
            sql.append(" AND e.confidence >= ?");
            args.add(filter.minConfidence());
        }
        sql.append(" ORDER BY g.entry_seq");
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, sql.toString());
            bind(ps, args);
            List<GradedOutcome> outcomes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(new GradedOutcome(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getInt(5) == 1, nullableDouble(rs, 6)));
                }
            }
            return outcomes;
        });
    }

    @Override
    public List<PendingEntry> pending(int offset, int limit) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT " + ENTRY_COLUMNS + ", (SELECT group_concat(horizon)"
                    + " FROM grades g WHERE g.entry_seq = e.seq) FROM signal_entries e WHERE e.open = 1"
                    + " ORDER BY e.seq LIMIT ? OFFSET ?");
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            List<PendingEntry> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<Horizon> graded = new HashSet<>();
                    String list = rs.getString(9);
                    if (list != null) {
                        for (String h : list.split(",")) {
                            graded.add(Horizon.parse(h));
                        }
                    }
                    page.add(new PendingEntry(entry(rs), rs.getString(7), graded));
                }
            }
            return page;
        });
    }

    @Override
    public void observe(PriceObservation observation) {
        if (observation.prices().isEmpty()) {
            return;
        }
        db.write(c -> {
            PreparedStatement ps = statements.get(c, "INSERT INTO price_observations (token, observed_at, price)"
                    + " VALUES (?, ?, ?) ON CONFLICT (token, observed_at) DO UPDATE SET price = excluded.price");
            long at = observation.observedAt().toEpochMilli();
            for (Map.Entry<String, Double> p : observation.prices().entrySet()) {
                ps.setString(1, p.getKey());
                ps.setLong(2, at);
                ps.setDouble(3, p.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
            observationsSinceTrim += observation.prices().size();
            if (observationsSinceTrim > Math.max(1, maxObservations / 10)) {
                trimObservations(c);
            }
            return null;
        });
    }

    @Override
    public List<PriceObservation> observations(Collection<String> tokens, Instant from, Instant to) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(tokens));
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT token, observed_at, price FROM price_observations"
                    + " WHERE token IN (" + String.join(", ", Collections.nCopies(unique.size(), "?")) + ")"
                    + " AND observed_at BETWEEN ? AND ? ORDER BY observed_at");
            int p = 1;
            for (String t : unique) {
                ps.setString(p++, t);
            }
            ps.setLong(p++, from.toEpochMilli());
            ps.setLong(p, to.toEpochMilli());
            Map<Long, Map<String, Double>> byTime = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTime.computeIfAbsent(rs.getLong(2), k -> new LinkedHashMap<>()).put(rs.getString(1),
                            rs.getDouble(3));
                }
            }
            List<PriceObservation> observations = new ArrayList<>(byTime.size());
            byTime.forEach((at, prices) -> observations.add(new PriceObservation(Instant.ofEpochMilli(at), prices)));
            return observations;
        });
    }

    @Override
    public void record(String signalId, Grade grade) {
        checkGraded(grade);
        db.write(c -> {
            insertGrade(c, signalId, grade);
            return null;
        });
    }

    /** A round's grades in one transaction: one commit instead of one per grade. */
    @Override
    public void recordAll(List<Made> made) {
        made.forEach(m -> checkGraded(m.grade()));
        if (made.isEmpty()) {
            return;
        }
        db.write(c -> {
            for (Made m : made) {
                insertGrade(c, m.signalId(), m.grade());
            }
            return null;
        });
    }

    private static void checkGraded(Grade grade) {
        if (!grade.isGraded()) {
            throw new IllegalArgumentException("only a graded grade is recorded; " + grade.horizon() + " is pending");
        }
    }

    /** Inserts a grade in the open transaction and closes its entry once every horizon is graded. */
    private void insertGrade(Connection c, String signalId, Grade grade) throws SQLException {
        List<String> all = allHorizons();
        PreparedStatement ps = statements.get(c, "INSERT INTO grades (entry_seq, horizon, due_at, graded_at,"
                + " observed_at, price, return_per_dollar, hit, pnl_usd) SELECT seq, ?, ?, ?, ?, ?, ?, ?, ?"
                + " FROM signal_entries WHERE signal_id = ? ON CONFLICT (entry_seq, horizon) DO NOTHING");
        ps.setString(1, grade.horizon().wireName());
        setInstant(ps, 2, grade.dueAt());
        setInstant(ps, 3, grade.gradedAt());
        setInstant(ps, 4, grade.observedAt());
        ps.setDouble(5, grade.price());
        ps.setDouble(6, grade.returnPerDollar());
        ps.setInt(7, grade.hit() ? 1 : 0);
        if (grade.pnlUsd() == null) {
            ps.setNull(8, Types.REAL);
        } else {
            ps.setDouble(8, grade.pnlUsd());
        }
        ps.setString(9, signalId);
        if (ps.executeUpdate() == 0) {
            return; // unknown signal, or that horizon was graded already
        }
        // closed once every configured horizon and settlement is graded: pending() no longer lists it
        PreparedStatement close = statements.get(c, "UPDATE signal_entries SET open = 0 WHERE signal_id = ?"
                + " AND (SELECT count(*) FROM grades g WHERE g.entry_seq = signal_entries.seq AND g.horizon IN ("
                + String.join(", ", Collections.nCopies(all.size(), "?")) + ")) = ?");
        int p = 1;
        close.setString(p++, signalId);
        for (String h : all) {
            close.setString(p++, h);
        }
        close.setInt(p, all.size());
        close.executeUpdate();
    }

    /** How many entries, grades and observations are kept (for the database statistics). */
    Map<String, Long> counts() {
        return db.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("entries", StoreCounters.queryLong(c, "SELECT count(*) FROM signal_entries"));
            counts.put("grades", StoreCounters.queryLong(c, "SELECT count(*) FROM grades"));
            counts.put("price_observations", StoreCounters.queryLong(c, "SELECT count(*) FROM price_observations"));
            return counts;
        });
    }

    /** Called inside the signals' transaction after their entries were inserted. */
    void entriesAdded(Connection c, int n) throws SQLException {
        entriesSinceTrim += n;
        if (entriesSinceTrim > Math.max(1, maxEntries / 10)) {
            trimEntries(c);
        }
    }

    /** Deletes the oldest entries beyond the bound, and their grades: two range deletes on the seq key. */
    private void trimEntries(Connection c) throws SQLException {
        entriesSinceTrim = 0;
        PreparedStatement cut = statements.get(c, "SELECT seq FROM signal_entries ORDER BY seq DESC LIMIT 1 OFFSET ?");
        cut.setInt(1, maxEntries);
        long oldestKept;
        try (ResultSet rs = cut.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            oldestKept = rs.getLong(1) + 1;
        }
        PreparedStatement grades = statements.get(c, "DELETE FROM grades WHERE entry_seq < ?");
        grades.setLong(1, oldestKept);
        grades.executeUpdate();
        PreparedStatement entries = statements.get(c, "DELETE FROM signal_entries WHERE seq < ?");
        entries.setLong(1, oldestKept);
        entries.executeUpdate();
    }

    private void trimObservations(Connection c) throws SQLException {
        observationsSinceTrim = 0;
        PreparedStatement cut = statements.get(c, "SELECT observed_at FROM price_observations"
                + " ORDER BY observed_at DESC LIMIT 1 OFFSET ?");
        cut.setInt(1, maxObservations);
        long before;
        try (ResultSet rs = cut.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            before = rs.getLong(1) + 1;
        }
        PreparedStatement delete = statements.get(c, "DELETE FROM price_observations WHERE observed_at < ?");
        delete.setLong(1, before);
        delete.executeUpdate();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(2), rs.getString(3), rs.getDouble(4), GradeEntries.holdings(rs.getString(8)),
                nullableDouble(rs, 6), Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, t.toEpochMilli());
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            switch (a) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Double d -> ps.setDouble(i + 1, d);
                default -> throw new IllegalArgumentException("cannot bind " + a);
            }
        }
    }
}
