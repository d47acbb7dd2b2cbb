package betterbot.storage.internal;

import betterbot.signals.Signal;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes: new signals (duplicates consume no seq) and the detector state that commits with them, each call
 * one write transaction through the DatabaseThread; {@link Retention} trims at its commit.
 */
final class SignalWriter {
    private static final String INSERT_HEAD = "INSERT INTO signals (id, type, signal_type, market_slug, confidence,"
            + " risk_level, details, detected_at, source, created_at) VALUES ";
    private static final String INSERT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (id) DO NOTHING RETURNING seq, id";
    private static final String INSERT_WITH_SEQ = "INSERT INTO signals (seq, id, type, signal_type, market_slug,"
            + " confidence, risk_level, details, detected_at, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + INSERT_TAIL;
    /** Rows per multi-row INSERT: 32 × 10 parameters stays far below SQLite's 32,766 limit. */
    private static final int INSERT_CHUNK = 32;
    private static final long STATE_SWEEP_MILLIS = 60_000;

    private final DatabaseThread db;
    private final StatementCache statements;
    private final StoreCounters counters;
    private final Clock clock;
    private final SqliteGradeBook grades;
    /** Data time of the last sweep of expired detection state; touched only by whoever holds the connection (see DatabaseThread). */
    private long lastStateSweep = Long.MIN_VALUE;

    SignalWriter(DatabaseThread db, StatementCache statements, StoreCounters counters, Clock clock,
                 SqliteGradeBook grades) {
        this.grades = grades;
        this.db = db;
        this.statements = statements;
        this.counters = counters;
        this.clock = clock;
    }

    /** Stores signals in one transaction; returns the rows that were new, in order, with their seq. */
    List<StoredSignal> storeAll(List<Signal> signals) {
        // Encoded before taking the connection, so that only SQLite runs while it is held.
        Encoded rows = encode(signals);
        return db.write(c -> insertAll(c, rows));
    }

    /** Signals and the detector state changes that go with them, in one transaction; returns the new rows. */
    List<StoredSignal> storeWithState(List<Signal> signals, DetectionState.Changes changes) {
        Encoded rows = encode(signals);
        return db.write(c -> {
            List<StoredSignal> added = insertAll(c, rows);
            applyState(c, changes);
            return added;
        });
    }

    /** Everything the detectors remembered, read when a pipeline starts. */
    List<DetectionState.Entry> loadDetectionState() {
        return db.read(c -> {
            List<DetectionState.Entry> entries = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT kind, key, value, expires_ms FROM detection_state")) {
                while (rs.next()) {
                    entries.add(new DetectionState.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4)));
                }
            }
            return entries;
        });
    }

    /** Signals as rows, and the entries of the gradable ones by signal id (written with them). */
    private record Encoded(List<StoredSignal> rows, Map<String, GradeEntries.Encoded> entries) {
    }

    private static Encoded encode(List<Signal> signals) {
        List<StoredSignal> rows = new ArrayList<>(signals.size());
        Map<String, GradeEntries.Encoded> entries = new HashMap<>();
        for (Signal s : signals) {
            rows.add(StoredSignal.of(0, s));
            GradeEntries.encode(s).ifPresent(e -> entries.putIfAbsent(s.id(), e));
        }
        return new Encoded(rows, entries);
    }

    private void applyState(Connection c, DetectionState.Changes changes) throws SQLException {
        if (!changes.deletes().isEmpty()) {
            PreparedStatement delete = statements.get(c, "DELETE FROM detection_state WHERE kind = ? AND key = ?");
            for (DetectionState.Key k : changes.deletes()) {
                delete.setString(1, k.kind());
                delete.setString(2, k.key());
                delete.addBatch();
            }
            delete.executeBatch();
        }
        if (!changes.upserts().isEmpty()) {
            PreparedStatement upsert = statements.get(c, "INSERT INTO detection_state (kind, key, value, expires_ms)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value,"
                    + " expires_ms = excluded.expires_ms");
            for (DetectionState.Entry e : changes.upserts()) {
                upsert.setString(1, e.kind());
                upsert.setString(2, e.key());
                upsert.setString(3, e.value());
                upsert.setLong(4, e.expiresAtMillis());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        long now = changes.forgetBeforeMillis();
        // Expired items are swept at most once a minute of data time (or when time went backwards: a replay).
        if (lastStateSweep == Long.MIN_VALUE || now - lastStateSweep >= STATE_SWEEP_MILLIS || now < lastStateSweep) {
            PreparedStatement forget = statements.get(c, "DELETE FROM detection_state WHERE expires_ms < ?");
            forget.setLong(1, now);
            forget.executeUpdate();
            lastStateSweep = now;
        }
    }

    private List<StoredSignal> insertAll(Connection c, Encoded encoded) throws SQLException {
        List<StoredSignal> rows = encoded.rows();
        List<StoredSignal> added = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += INSERT_CHUNK) {
            added.addAll(insert(c, rows.subList(from, Math.min(rows.size(), from + INSERT_CHUNK))));
        }
        if (!encoded.entries().isEmpty() && !added.isEmpty()) {
            List<Long> seqs = new ArrayList<>(added.size());
            List<GradeEntries.Encoded> entries = new ArrayList<>(added.size());
            for (StoredSignal row : added) {
                GradeEntries.Encoded e = encoded.entries().get(row.id());
                if (e != null) {
                    seqs.add(row.seq());
                    entries.add(e);
                }
            }
            if (!seqs.isEmpty()) {
                GradeEntries.insert(c, statements, seqs, entries);
                grades.entriesAdded(c, seqs.size());
            }
        }
        return added;
    }

    /**
     * Inserts up to {@link #INSERT_CHUNK} rows with one multi-row statement inside the open transaction and
     * returns the new ones, in order, with their seq. One statement per chunk instead of per row saves
     * most of the per-statement cost that made batches slower than the sqlite3 shell. Ids already stored (and
     * repeats within the chunk) are dropped by {@code ON CONFLICT DO NOTHING} in the same statement: SQLite
     * gives a row the greatest seq in the table plus one, so a dropped row consumes no seq.
     */
    private List<StoredSignal> insert(Connection c, List<StoredSignal> chunk) throws SQLException {
        List<StoredSignal> added = new ArrayList<>(chunk.size());
        int from = 0;
        // Another connection deleted the newest rows: SQLite would hand out their seqs again, so each row gets
        // the next seq from the high-water mark until one is stored and the table's greatest seq is the last.
        while (from < chunk.size() && counters.tableBehindLastSeq()) {
            insertRows(c, chunk.subList(from, from + 1), counters.pendingLastSeq() + 1, added);
            from++;
        }
        if (from < chunk.size()) {
            insertRows(c, from == 0 ? chunk : chunk.subList(from, chunk.size()), 0, added);
        }
        return added;
    }

    /** Inserts rows, with the given seq for a single row or SQLite's when 0, and adds the new ones to added. */
    private void insertRows(Connection c, List<StoredSignal> rows, long seq, List<StoredSignal> added)
            throws SQLException {
        PreparedStatement ps = statements.get(c, seq == 0 ? insertSql(rows.size()) : INSERT_WITH_SEQ);
        long now = clock.millis();
        int p = 1;
        if (seq != 0) {
            ps.setLong(p++, seq);
        }
        for (StoredSignal row : rows) {
            ps.setString(p++, row.id());
            ps.setString(p++, row.type());
            ps.setString(p++, row.signalTypeJson());
            ps.setString(p++, row.marketSlug());
            ps.setDouble(p++, row.confidence());
            ps.setString(p++, row.riskLevel().wireName());
            ps.setString(p++, row.detailsJson());
            ps.setLong(p++, row.detectedAt().toEpochMilli());
            ps.setString(p++, row.source().wireName());
            ps.setLong(p++, now);
        }
        if (rows.size() == 1) {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    StoredSignal row = rows.get(0);
                    added.add(row.withSeq(rs.getLong(1)));
                    counters.inserted(row.type(), rs.getLong(1));
                }
            }
            return;
        }
        Map<String, Long> seqById = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                seqById.put(rs.getString(2), rs.getLong(1));
            }
        }
        for (StoredSignal row : rows) {
            Long s = seqById.remove(row.id()); // a repeat within the chunk was dropped: only its first is new
            if (s != null) {
                added.add(row.withSeq(s));
                counters.inserted(row.type(), s);
            }
        }
    }

    private static String insertSql(int rows) {
        return INSERT_HEAD + String.join(", ", Collections.nCopies(rows, INSERT_VALUES)) + INSERT_TAIL;
    }
}
