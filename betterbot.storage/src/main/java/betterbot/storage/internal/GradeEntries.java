package betterbot.storage.internal;

import betterbot.signals.Signal;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.Holding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entries of gradable signals, written in the signals' own transaction (see docs/internals.md, Grades). An
 * entry row is keyed by its signal's seq, so inserting appends to the table.
 */
final class GradeEntries {
    private static final String INSERT = "INSERT INTO signal_entries (seq, signal_id, type, source, confidence,"
            + " detected_at, entry_price, size_usd, condition_id, holdings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";

    private GradeEntries() {
    }

    /** A gradable signal's entry, encoded on the caller's thread. */
    record Encoded(Entry entry, String source, String conditionId, String holdings) {
    }

    /** The entry of a signal that recommends a side; empty for one that does not. */
    static Optional<Encoded> encode(Signal signal) {
        return Entry.of(signal).map(e -> new Encoded(e, signal.source().wireName(), signal.details().conditionId(),
                holdings(e.holdings())));
    }

    /** Inserts the entries of the signals just stored, with their seqs, in the open transaction. */
    static void insert(Connection c, StatementCache statements, List<Long> seqs, List<Encoded> entries)
            throws SQLException {
        PreparedStatement ps = statements.get(c, INSERT);
        for (int i = 0; i < seqs.size(); i++) {
            Encoded e = entries.get(i);
            ps.setLong(1, seqs.get(i));
            ps.setString(2, e.entry().signalId());
            ps.setString(3, e.entry().signalType());
            ps.setString(4, e.source());
            ps.setDouble(5, e.entry().confidence());
            ps.setLong(6, e.entry().detectedAt().toEpochMilli());
            ps.setDouble(7, e.entry().price());
            if (e.entry().sizeUsd() == null) {
                ps.setNull(8, Types.REAL);
            } else {
                ps.setDouble(8, e.entry().sizeUsd());
            }
            ps.setString(9, e.conditionId());
            ps.setString(10, e.holdings());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** {@code token|complement|price} per holding, {@code ;} between: token ids are decimal or hex strings. */
    static String holdings(List<Holding> holdings) {
        StringBuilder b = new StringBuilder(holdings.size() * 96);
        for (Holding h : holdings) {
            if (!b.isEmpty()) {
                b.append(';');
            }
            b.append(h.assetId()).append('|').append(h.complement() ? '1' : '0').append('|').append(h.entryPrice());
        }
        return b.toString();
    }

    static List<Holding> holdings(String encoded) {
        List<Holding> holdings = new ArrayList<>();
        for (String item : encoded.split(";")) {
            String[] parts = item.split("\\|");
            holdings.add(new Holding(parts[0], parts[1].equals("1"), Double.parseDouble(parts[2])));
        }
        return holdings;
    }
}
