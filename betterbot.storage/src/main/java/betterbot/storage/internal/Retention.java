package betterbot.storage.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest {@code maxSignals} at every commit, deleting from the old end of the seq index, and keeps
 * the counters in step with what each transaction committed.
 */
final class Retention implements DatabaseThread.TransactionHook {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private final int maxSignals;
    private final StoreCounters counters;
    private final StatementCache statements;

    Retention(int maxSignals, StoreCounters counters, StatementCache statements) {
        this.maxSignals = maxSignals;
        this.counters = counters;
        this.statements = statements;
    }

    /**
     * Holds a lowered {@code MAX_SIGNALS} at once rather than at the next write: the oldest signals beyond it
     * are deleted before the store serves anything.
     */
    static void applyAtOpen(Connection connection, int maxSignals, Path path) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            int deleted;
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM signals WHERE seq <= "
                    + "(SELECT seq FROM signals ORDER BY seq DESC LIMIT 1 OFFSET ?)")) {
                ps.setLong(1, maxSignals);
                deleted = ps.executeUpdate();
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
            if (deleted > 0) {
                LOG.info("signal store {}: deleted the {} oldest signals beyond MAX_SIGNALS={}", path, deleted,
                        maxSignals);
            }
        }
    }

    /** Inside the transaction, so that the counts and the last seq cannot change before its commit. */
    @Override
    public void afterBegin(Connection c) throws SQLException {
        counters.noticeOtherWriters(statements.get(c, StoreCounters.DATA_VERSION));
    }

    @Override
    public void beforeCommit(Connection c) throws SQLException {
        long excess = counters.pendingRowCount() - maxSignals;
        if (excess > 0) {
            PreparedStatement ps = statements.get(c,
                    "DELETE FROM signals WHERE seq < (SELECT seq FROM signals ORDER BY seq LIMIT 1 OFFSET ?)");
            ps.setLong(1, excess);
            counters.deleted(ps.executeUpdate());
        }
        if (counters.pendingInserted() > 0) {
            // Both on the one page of store_meta: the seq high-water mark costs the commit no page of its own.
            PreparedStatement ps = statements.get(c, "UPDATE store_meta SET value = CASE key"
                    + " WHEN 'total_ever_stored' THEN value + ? ELSE max(value, ?) END"
                    + " WHERE key IN ('total_ever_stored', 'last_seq')");
            ps.setLong(1, counters.pendingInserted());
            ps.setLong(2, counters.pendingLastSeq());
            ps.executeUpdate();
        }
    }

    @Override
    public void afterCommit() {
        counters.commit();
    }

    @Override
    public void afterRollback() {
        counters.rollback();
    }
}
