package betterbot.storage.internal;

import betterbot.signals.sources.SourceLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The sources' ledger in the signal database, through the store's DatabaseThread like every other access. */
final class SqliteSourceLedger implements SourceLedger {
    private final DatabaseThread db;
    private final StatementCache statements;

    SqliteSourceLedger(DatabaseThread db, StatementCache statements) {
        this.db = db;
        this.statements = statements;
    }

    @Override
    public Instant watermark(String feed) {
        return db.read(c -> {
            PreparedStatement ps = statement(c, "SELECT watermark_ms FROM feed_watermarks WHERE feed = ?");
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
            }
        });
    }

    @Override
    public Set<Long> seenFills(String feed, Instant since) {
        return db.read(c -> {
            PreparedStatement ps = statement(c, "SELECT fill_hash FROM seen_fills WHERE feed = ? AND trade_ms >= ?");
            ps.setString(1, feed);
            ps.setLong(2, since.toEpochMilli());
            Set<Long> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    @Override
    public void recordFills(String feed, Collection<SeenFill> fills, Instant watermark, Instant forgetBefore) {
        db.write(c -> {
            PreparedStatement insert = statement(c,
                    "INSERT OR IGNORE INTO seen_fills (feed, fill_hash, trade_ms) VALUES (?, ?, ?)");
            for (SeenFill f : fills) {
                insert.setString(1, feed);
                insert.setLong(2, f.fillHash());
                insert.setLong(3, f.tradeTime().toEpochMilli());
                insert.executeUpdate();
            }
            PreparedStatement forget = statement(c, "DELETE FROM seen_fills WHERE feed = ? AND trade_ms < ?");
            forget.setString(1, feed);
            forget.setLong(2, forgetBefore.toEpochMilli());
            forget.executeUpdate();
            if (watermark != null) {
                PreparedStatement mark = statement(c, "INSERT INTO feed_watermarks (feed, watermark_ms) VALUES (?, ?)"
                        + " ON CONFLICT (feed) DO UPDATE SET watermark_ms = max(watermark_ms, excluded.watermark_ms)");
                mark.setString(1, feed);
                mark.setLong(2, watermark.toEpochMilli());
                mark.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void openGap(String source, Instant start, String reason) {
        db.write(c -> {
            PreparedStatement ps = statement(c, "INSERT INTO coverage_gaps (source, started_ms, ended_ms, reason)"
                    + " VALUES (?, ?, NULL, ?) ON CONFLICT (source, started_ms) DO UPDATE SET ended_ms = NULL,"
                    + " reason = excluded.reason");
            ps.setString(1, source);
            ps.setLong(2, start.toEpochMilli());
            ps.setString(3, reason);
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void closeGap(String source, Instant start, Instant end) {
        db.write(c -> {
            PreparedStatement ps = statement(c,
                    "UPDATE coverage_gaps SET ended_ms = ? WHERE source = ? AND started_ms = ?");
            ps.setLong(1, end.toEpochMilli());
            ps.setString(2, source);
            ps.setLong(3, start.toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    /**
     * Ends the gaps a previous run left open: that process stopped while a source was down, so the window
     * lasted at least until this start. Part of opening the store, before its database thread runs.
     */
    static void closeGapsLeftOpen(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE coverage_gaps SET ended_ms = ?,"
                + " reason = coalesce(reason, '') || ' (open when the service stopped)' WHERE ended_ms IS NULL")) {
            ps.setLong(1, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Override
    public List<CoverageGap> gaps(Instant since, int limit) {
        return db.read(c -> {
            PreparedStatement ps = statement(c, "SELECT source, started_ms, ended_ms, reason FROM coverage_gaps"
                    + " WHERE ended_ms IS NULL OR ended_ms >= ? ORDER BY started_ms DESC LIMIT ?");
            ps.setLong(1, since.toEpochMilli());
            ps.setInt(2, limit);
            List<CoverageGap> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(3);
                    Instant ended = rs.wasNull() ? null : Instant.ofEpochMilli(end);
                    out.add(new CoverageGap(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), ended,
                            rs.getString(4)));
                }
            }
            return out;
        });
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        return statements.get(c, sql);
    }
}
