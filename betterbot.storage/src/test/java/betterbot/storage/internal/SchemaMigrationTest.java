package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Side;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases of older schemas open, keep their signals and get what the newer versions added. */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersion3DatabaseIsMigratedWithItsSignalsKept() throws Exception {
        Path db = dir.resolve("v3.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Schema.migrate(c, 0, 3);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO signals (id, type, signal_type, market_slug, confidence, risk_level, details,"
                        + " detected_at, source, created_at) VALUES ('whale_trade:old', 'whale_trade',"
                        + " '{\"type\":\"whale_trade\",\"wallet\":\"0xw\",\"usd_size\":20000.0,\"shares\":50000.0,"
                        + "\"price\":0.4}', 'm', 0.75, 'medium', '{\"asset_id\":\"tok\",\"side\":\"BUY\","
                        + "\"current_price\":0.4}', 1795521600000, 'polymarket', 1795521600000)");
            }
            assertEquals(3, Schema.version(c));
        }
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            assertTrue(store.get("whale_trade:old").isPresent(), "the old signal is kept");
            assertEquals(0, store.gradeBook().grades("whale_trade:old").size(),
                    "signals stored before grading existed have no entry");
            store.store(SqliteGradeBookTest.follow(1, "tok-1", Side.BUY, 0.4, 100.0));
            assertEquals(3, store.gradeBook().grades("whale_trade:g1").size(), "new signals are graded");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(Schema.CURRENT_VERSION, Schema.version(c));
        }
    }

    @Test
    void aVersion5DatabaseLosesAutoincrementButNoSeqIsEverReissued() throws Exception {
        Path db = dir.resolve("v5.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Schema.migrate(c, 0, 5);
            try (Statement s = c.createStatement()) {
                for (int i = 1; i <= 3; i++) {
                    s.execute("INSERT INTO signals (id, type, signal_type, market_slug, confidence, risk_level,"
                            + " details, detected_at, source, created_at) VALUES ('whale_trade:" + i + "',"
                            + " 'whale_trade', '{\"type\":\"whale_trade\",\"wallet\":\"0xw\",\"usd_size\":20000.0,"
                            + "\"shares\":50000.0,\"price\":0.4}', 'm', 0.75, 'medium', '{}', 1795521600000,"
                            + " 'polymarket', 1795521600000)");
                }
                s.execute("DELETE FROM signals WHERE seq = 3"); // AUTOINCREMENT remembers 3, the table holds 1 and 2
            }
            assertEquals(5, Schema.version(c));
        }
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            assertEquals(2, store.count());
            assertEquals(2, store.get("whale_trade:2").orElseThrow().seq(), "rows keep their seq");
            assertEquals(3, store.lastSeq(), "the high-water mark comes from sqlite_sequence");
            assertEquals(4, store.store(TestSignals.whale(4)).orElseThrow().seq(), "3 is not handed out again");
            assertTrue(store.explain(betterbot.storage.SignalQuery.newest(10).withType("whale_trade")).stream()
                    .anyMatch(step -> step.contains("signals_type_seq")), "the indexes are there again");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertEquals(Schema.CURRENT_VERSION, Schema.version(c));
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'signals'")) {
                assertTrue(rs.next());
                assertFalse(rs.getString(1).contains("AUTOINCREMENT"), rs.getString(1));
            }
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                    + " AND tbl_name = 'signals' ORDER BY name")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            assertEquals(List.of("signals_market_seq", "signals_source_seq", "signals_type_seq",
                    "sqlite_autoindex_signals_1"), indexes);
            try (ResultSet rs = s.executeQuery("SELECT value FROM store_meta WHERE key = 'last_seq'")) {
                assertTrue(rs.next());
                assertEquals(4, rs.getLong(1), "the high-water mark commits with the signals");
            }
        }
    }
}
