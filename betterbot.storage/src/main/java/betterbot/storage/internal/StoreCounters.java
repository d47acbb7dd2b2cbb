package betterbot.storage.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The writer's figures kept in memory (signals held, greatest seq, ever stored, new rows by type), so that the
 * hot paths never count the table. Changes made inside the open write transaction are pending until it
 * commits, so a rolled-back insert never shows. Written only by whoever holds the connection (see DatabaseThread).
 */
final class StoreCounters {
    private volatile long rowCount;
    private volatile long lastSeq;
    private volatile long totalEverStored;
    /**
     * The greatest seq in the table, which is what SQLite gives the next row plus one; below {@link #lastSeq}
     * only after the newest rows were deleted by another connection (retention always keeps the newest).
     */
    private long tableMaxSeq;
    private long pendingTableMaxSeq;
    /** New rows by type since open. */
    private final Map<String, LongAdder> storedByType = new ConcurrentHashMap<>();
    /** SQLite's data_version as last seen: it changes only when another connection commits. */
    private long dataVersion;
    private long pendingDelta;
    private long pendingInserted;
    private long pendingLastSeq;
    private final Map<String, Long> pendingByType = new HashMap<>();

    long rowCount() {
        return rowCount;
    }

    long lastSeq() {
        return lastSeq;
    }

    long totalEverStored() {
        return totalEverStored;
    }

    Map<String, Long> storedByType() {
        Map<String, Long> byType = new HashMap<>();
        storedByType.forEach((type, n) -> byType.put(type, n.sum()));
        return byType;
    }

    /** Reads the figures from the database (outside any write transaction). */
    void read(Connection c) throws SQLException {
        dataVersion = queryLong(c, DATA_VERSION);
        rowCount = queryLong(c, "SELECT count(*) FROM signals");
        tableMaxSeq = queryLong(c, "SELECT coalesce(max(seq), 0) FROM signals");
        pendingTableMaxSeq = tableMaxSeq;
        lastSeq = Math.max(lastSeq, Math.max(tableMaxSeq, readSeqHighWaterMark(c)));
        totalEverStored = readTotalEverStored(c);
        pendingLastSeq = Math.max(pendingLastSeq, lastSeq);
    }

    /** SQLite's counter of commits by other connections; prepared once in the store's statement cache. */
    static final String DATA_VERSION = "PRAGMA data_version";

    /**
     * Another process (a {@code replay}, the {@code sqlite3} shell) may write to the same database: the figures
     * are then re-read, so counts, retention and cursors stay true. Run by the DatabaseThread when idle and in every
     * write transaction, with {@link #DATA_VERSION} prepared.
     */
    Void noticeOtherWriters(PreparedStatement dataVersionQuery) throws SQLException {
        long version;
        try (ResultSet rs = dataVersionQuery.executeQuery()) {
            version = rs.next() ? rs.getLong(1) : 0;
        }
        if (version != dataVersion) {
            read(dataVersionQuery.getConnection());
        }
        return null;
    }

    void inserted(String type, long seq) {
        pendingLastSeq = Math.max(pendingLastSeq, seq);
        pendingTableMaxSeq = Math.max(pendingTableMaxSeq, seq);
        pendingByType.merge(type, 1L, Long::sum);
        pendingDelta++;
        pendingInserted++;
    }

    void deleted(long rows) {
        pendingDelta -= rows;
    }

    /** Signals held once the open transaction commits. */
    long pendingRowCount() {
        return rowCount + pendingDelta;
    }

    long pendingInserted() {
        return pendingInserted;
    }

    /** The greatest seq handed out so far, this transaction's included: the next row's seq must be above it. */
    long pendingLastSeq() {
        return pendingLastSeq;
    }

    /**
     * Whether SQLite would give the next row a seq that was handed out before (its choice is the greatest seq in
     * the table plus one), so the writer must choose the seq itself.
     */
    boolean tableBehindLastSeq() {
        return pendingTableMaxSeq < pendingLastSeq;
    }

    void commit() {
        rowCount += pendingDelta;
        totalEverStored += pendingInserted;
        lastSeq = pendingLastSeq;
        tableMaxSeq = pendingTableMaxSeq;
        pendingByType.forEach((type, n) -> storedByType.computeIfAbsent(type, t -> new LongAdder()).add(n));
        rollback();
    }

    void rollback() {
        pendingTableMaxSeq = tableMaxSeq;
        pendingDelta = 0;
        pendingInserted = 0;
        pendingLastSeq = lastSeq;
        pendingByType.clear();
    }

    /** The greatest seq ever handed out: the high-water mark, or a greater seq another connection inserted. */
    static long readLastSeq(Connection c) throws SQLException {
        return Math.max(readSeqHighWaterMark(c), queryLong(c, "SELECT coalesce(max(seq), 0) FROM signals"));
    }

    private static long readSeqHighWaterMark(Connection c) throws SQLException {
        return queryLong(c, "SELECT value FROM store_meta WHERE key = 'last_seq'");
    }

    static long readTotalEverStored(Connection c) throws SQLException {
        return queryLong(c, "SELECT value FROM store_meta WHERE key = 'total_ever_stored'");
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
