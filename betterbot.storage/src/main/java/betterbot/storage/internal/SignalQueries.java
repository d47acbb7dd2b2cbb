package betterbot.storage.internal;

import betterbot.signals.RiskLevel;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is read about the signals: by id, pages, statistics. Each call is one read through the DatabaseThread; the
 * writing and the read-only store share it. Rows this version cannot read are skipped and counted.
 */
final class SignalQueries {
    private static final Logger LOG = LoggerFactory.getLogger(SignalQueries.class);
    /**
     * The five short text columns come packed in one value, split by {@link #SEPARATOR}: every column read is a
     * JNI call into sqlite-jdbc (about 0.1 µs a row each), and a page of 100 rows read 10 columns in 118 µs
     * against 94 µs with these packed (docs/internals.md, bench-store). The long JSON columns stay apart:
     * concatenating them costs SQLite more than it saves.
     */
    private static final String COLUMNS = "seq, id || char(31) || type || char(31) || market_slug || char(31)"
            + " || risk_level || char(31) || source, signal_type, confidence, details, detected_at";
    /** The same row column by column, for a row whose short texts themselves hold the separator. */
    private static final String PLAIN_COLUMNS =
            "id, type, signal_type, market_slug, confidence, risk_level, details, detected_at, source";
    private static final char SEPARATOR = '\u001f';

    private final DatabaseThread db;
    private final StatementCache statements;
    private final Path path;
    private final int maxSignals;
    private final AtomicLong unreadableRows = new AtomicLong();
    /** Whether the file stores text as UTF-8 (SQLite's default); read with the first row. */
    private Boolean utf8;

    SignalQueries(DatabaseThread db, StatementCache statements, Path path, int maxSignals) {
        this.db = db;
        this.statements = statements;
        this.path = path;
        this.maxSignals = maxSignals;
    }

    Optional<StoredSignal> get(String id) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT " + COLUMNS + " FROM signals WHERE id = ?");
            ps.setString(1, id);
            List<StoredSignal> rows = readRows(ps, new long[1], new int[1]);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
    }

    SignalPage query(SignalQuery q) {
        QuerySql sql = QuerySql.of(q);
        return db.read(c -> {
            PreparedStatement ps = sql.bind(statements.get(c, sql.text()));
            long[] lastSeen = {-1};
            int[] fetched = {0};
            List<StoredSignal> rows = readRows(ps, lastSeen, fetched);
            Long next = fetched[0] == q.limit() ? lastSeen[0] : null;
            return new SignalPage(rows, next);
        });
    }

    /** The plan SQLite chooses for a query, so tests can check that no query sorts the table. */
    List<String> explain(SignalQuery q) {
        QuerySql sql = QuerySql.of(q);
        return db.read(c -> {
            List<String> plan = new ArrayList<>();
            try (PreparedStatement ps = sql.bind(c.prepareStatement("EXPLAIN QUERY PLAN " + sql.text()));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(4));
                }
            }
            return plan;
        });
    }

    long countSince(Instant since) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT count(*) FROM signals WHERE detected_at >= ?");
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The statistics, inside a read; the caller supplies the counts it keeps or has just read. */
    StoreStats stats(Connection c, long rowCount, long totalEverStored) throws SQLException {
        Map<String, Long> bySource = groupCount(c, "source");
        Map<String, Long> byType = groupCount(c, "type");
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT avg(confidence), coalesce(sum(confidence >= "
                     + StoreStats.HIGH_CONFIDENCE + "), 0), min(detected_at), max(detected_at) FROM signals")) {
            rs.next();
            double avg = rs.getDouble(1);
            Double average = rs.wasNull() ? null : avg;
            long high = rs.getLong(2);
            Instant oldest = instantOrNull(rs, 3);
            Instant newest = instantOrNull(rs, 4);
            return new StoreStats(rowCount, totalEverStored, bySource, byType, average, high, oldest, newest,
                    sizeOf(path), sizeOf(Path.of(path + "-wal")), maxSignals, unreadableRows.get());
        }
    }

    /** The SQL of a filtered page: only the filters that are set, so every variant is a reusable statement. */
    private record QuerySql(String text, List<Object> args) {
        static QuerySql of(SignalQuery q) {
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM signals");
            List<Object> args = new ArrayList<>(8);
            where(sql, args, "type = ?", q.type());
            where(sql, args, "source = ?", q.source() == null ? null : q.source().wireName());
            where(sql, args, "market_slug = ?", q.market());
            where(sql, args, "confidence >= ?", q.minConfidence());
            where(sql, args, "detected_at >= ?", q.since() == null ? null : q.since().toEpochMilli());
            where(sql, args, "seq < ?", q.beforeSeq());
            where(sql, args, "seq > ?", q.afterSeq());
            sql.append(q.ascending() ? " ORDER BY seq ASC" : " ORDER BY seq DESC").append(" LIMIT ?");
            args.add(q.limit());
            return new QuerySql(sql.toString(), args);
        }

        private static void where(StringBuilder sql, List<Object> args, String condition, Object value) {
            if (value != null) {
                sql.append(args.isEmpty() ? " WHERE " : " AND ").append(condition);
                args.add(value);
            }
        }

        PreparedStatement bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        }
    }

    private List<StoredSignal> readRows(PreparedStatement ps, long[] lastSeen, int[] fetched) throws SQLException {
        if (utf8 == null) {
            try (Statement s = ps.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA encoding")) {
                utf8 = rs.next() && "UTF-8".equalsIgnoreCase(rs.getString(1));
            }
        }
        List<StoredSignal> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fetched[0]++;
                long seq = rs.getLong(1);
                lastSeen[0] = seq;
                StoredSignal row = toRow(rs, seq);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Maps a row; a row this version cannot read (a newer type or enum value) is reported and skipped. */
    private StoredSignal toRow(ResultSet rs, long seq) throws SQLException {
        String packed = text(rs, 2);
        String[] texts = split(packed);
        if (texts == null) {
            return plainRow(rs.getStatement().getConnection(), seq);
        }
        try {
            return row(seq, texts[0], texts[1], text(rs, 3), texts[2], rs.getDouble(4), texts[3], text(rs, 5),
                    rs.getLong(6), texts[4]);
        } catch (IllegalArgumentException e) {
            return unreadable(texts[0], seq, e);
        }
    }

    /** id, type, market_slug, risk_level and source; null unless there are exactly five. */
    private static String[] split(String packed) {
        String[] texts = new String[5];
        int from = 0;
        for (int i = 0; i < 4; i++) {
            int at = packed.indexOf(SEPARATOR, from);
            if (at < 0) {
                return null;
            }
            texts[i] = packed.substring(from, at);
            from = at + 1;
        }
        if (packed.indexOf(SEPARATOR, from) >= 0) {
            return null;
        }
        texts[4] = packed.substring(from);
        return texts;
    }

    private StoredSignal plainRow(Connection c, long seq) throws SQLException {
        PreparedStatement ps = statements.get(c, "SELECT " + PLAIN_COLUMNS + " FROM signals WHERE seq = ?");
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null; // cannot happen inside the read that found it
            }
            String id = text(rs, 1);
            try {
                return row(seq, id, text(rs, 2), text(rs, 3), text(rs, 4), rs.getDouble(5), text(rs, 6),
                        text(rs, 7), rs.getLong(8), text(rs, 9));
            } catch (IllegalArgumentException e) {
                return unreadable(id, seq, e);
            }
        }
    }

    private static StoredSignal row(long seq, String id, String type, String signalType, String market,
                                    double confidence, String risk, String details, long detectedAt, String source) {
        if (!SignalType.isKnown(type)) {
            throw new IllegalArgumentException("unknown signal type '" + type + "'");
        }
        return new StoredSignal(seq, id, type, signalType, market, confidence, RiskLevel.fromWire(risk), details,
                Instant.ofEpochMilli(detectedAt), Source.fromWire(source));
    }

    private StoredSignal unreadable(String id, long seq, IllegalArgumentException e) {
        long n = unreadableRows.incrementAndGet();
        if (n <= 10 || Long.bitCount(n) == 1) { // report the first few, then ever more rarely
            LOG.warn("skipping stored signal {} (seq {}): {} ({} unreadable rows so far)", id, seq,
                    e.getMessage(), n);
        }
        return null;
    }

    /**
     * A text column. sqlite-jdbc's getString builds the String with a call from native code back into Java, which
     * cost about a third of a page of 100 rows; the bytes are copied out and decoded here instead (an empty text
     * has no bytes to copy: getString answers it).
     */
    private String text(ResultSet rs, int column) throws SQLException {
        byte[] bytes = utf8 ? rs.getBytes(column) : null;
        return bytes != null ? new String(bytes, StandardCharsets.UTF_8) : rs.getString(column);
    }

    private static Map<String, Long> groupCount(Connection c, String column) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + ", count(*) FROM signals GROUP BY " + column)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
