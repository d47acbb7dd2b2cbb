package betterbot.storage.internal;

import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.Outbox;
import betterbot.storage.SignalQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The delivery outbox (see docs/delivery.md, Guarantees): the signals table itself, read by seq, plus one cursor
 * row per destination and the bounded list of signals a destination refused for good.
 */
final class SqliteOutbox implements Outbox {
    /** Refused signals kept for reading back; the count on the cursor row is never trimmed. */
    static final int MAX_UNDELIVERABLE_ROWS = 10_000;

    private final DatabaseThread db;
    private final StatementCache statements;
    private final Function<SignalQuery, List<StoredSignal>> query;
    private final LongSupplier lastSeq;
    private final Clock clock;

    SqliteOutbox(DatabaseThread db, StatementCache statements, Function<SignalQuery, List<StoredSignal>> query,
                 LongSupplier lastSeq, Clock clock) {
        this.db = db;
        this.statements = statements;
        this.query = query;
        this.lastSeq = lastSeq;
        this.clock = clock;
    }

    @Override
    public List<StoredSignal> after(long seq, int limit) {
        return query.apply(SignalQuery.newest(Math.min(limit, SignalQuery.MAX_LIMIT)).withAfterSeq(seq));
    }

    @Override
    public long lastSeq() {
        return lastSeq.getAsLong();
    }

    @Override
    public OptionalLong cursor(String destination) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT seq FROM delivery_cursors WHERE destination = ?");
            ps.setString(1, destination);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    @Override
    public void advance(String destination, long seq) {
        db.write(c -> {
            move(c, destination, seq, 0);
            return null;
        });
    }

    private void move(Connection c, String destination, long seq, int refused) throws SQLException {
        PreparedStatement ps = statements.get(c, "INSERT INTO delivery_cursors (destination, seq, undeliverable,"
                + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (destination)"
                + " DO UPDATE SET seq = max(seq, excluded.seq),"
                + " undeliverable = undeliverable + excluded.undeliverable, updated_at = excluded.updated_at");
        ps.setString(1, destination);
        ps.setLong(2, seq);
        ps.setInt(3, refused);
        ps.setLong(4, clock.millis());
        ps.executeUpdate();
    }

    @Override
    public void undeliverable(String destination, StoredSignal signal, String reason) {
        db.write(c -> {
            PreparedStatement ps = statements.get(c, "INSERT INTO undeliverable (destination, seq, signal_id, reason,"
                    + " at) VALUES (?, ?, ?, ?, ?)");
            ps.setString(1, destination);
            ps.setLong(2, signal.seq());
            ps.setString(3, signal.id());
            ps.setString(4, reason);
            ps.setLong(5, clock.millis());
            ps.executeUpdate();
            move(c, destination, signal.seq(), 1);
            PreparedStatement trim = statements.get(c, "DELETE FROM undeliverable WHERE id <= (SELECT max(id) FROM"
                    + " undeliverable) - " + MAX_UNDELIVERABLE_ROWS);
            trim.executeUpdate();
            return null;
        });
    }

    @Override
    public long undeliverableCount(String destination) {
        return db.read(c -> {
            PreparedStatement ps = statements.get(c, "SELECT undeliverable FROM delivery_cursors"
                    + " WHERE destination = ?");
            ps.setString(1, destination);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
