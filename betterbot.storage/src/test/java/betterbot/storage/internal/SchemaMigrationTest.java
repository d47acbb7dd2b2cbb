package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Side;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database of the previous schema (v3, before grading) opens, keeps its signals and starts grading new ones. */
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
}
