package betterbot.storage.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The schema and its forward migrations; the version lives in {@code PRAGMA user_version}. */
final class Schema {
    /** Migration i brings a database from version i to version i + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE signals (
                        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                        id          TEXT    NOT NULL UNIQUE,
                        type        TEXT    NOT NULL,
                        signal_type TEXT    NOT NULL,
                        market_slug TEXT    NOT NULL,
                        confidence  REAL    NOT NULL,
                        risk_level  TEXT    NOT NULL,
                        details     TEXT    NOT NULL,
                        detected_at INTEGER NOT NULL,
                        source      TEXT    NOT NULL,
                        created_at  INTEGER NOT NULL
                    )""",
                    "CREATE INDEX signals_type_seq ON signals (type, seq)",
                    "CREATE INDEX signals_source_seq ON signals (source, seq)",
                    "CREATE INDEX signals_market_seq ON signals (market_slug, seq)",
                    "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
                    "INSERT INTO store_meta (key, value) VALUES ('total_ever_stored', 0)"),
            // v2: what the upstream sources must remember across restarts (see SourceLedger)
            List.of(
                    "CREATE TABLE feed_watermarks (feed TEXT PRIMARY KEY, watermark_ms INTEGER NOT NULL) WITHOUT ROWID",
                    """
                    CREATE TABLE seen_fills (
                        feed      TEXT    NOT NULL,
                        fill_hash INTEGER NOT NULL,
                        trade_ms  INTEGER NOT NULL,
                        PRIMARY KEY (feed, fill_hash)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX seen_fills_time ON seen_fills (feed, trade_ms)",
                    """
                    CREATE TABLE coverage_gaps (
                        source     TEXT    NOT NULL,
                        started_ms INTEGER NOT NULL,
                        ended_ms   INTEGER,
                        reason     TEXT,
                        PRIMARY KEY (source, started_ms)
                    ) WITHOUT ROWID"""),
            // v3: what the detectors must remember across restarts (cooldowns, ongoing situations, forming clusters)
            List.of(
                    """
                    CREATE TABLE detection_state (
                        kind       TEXT    NOT NULL,
                        key        TEXT    NOT NULL,
                        value      TEXT    NOT NULL,
                        expires_ms INTEGER NOT NULL,
                        PRIMARY KEY (kind, key)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX detection_state_expiry ON detection_state (expires_ms)"),
            // v4: grading (see docs/internals.md, Grades). Entries are keyed by their signal's seq, so inserts append
            // and trimming deletes a range; no foreign keys: signal retention must not cascade into the track record
            List.of(
                    """
                    CREATE TABLE signal_entries (
                        seq          INTEGER PRIMARY KEY,
                        signal_id    TEXT    NOT NULL UNIQUE,
                        type         TEXT    NOT NULL,
                        source       TEXT    NOT NULL,
                        confidence   REAL    NOT NULL,
                        detected_at  INTEGER NOT NULL,
                        entry_price  REAL    NOT NULL,
                        size_usd     REAL,
                        condition_id TEXT,
                        holdings     TEXT    NOT NULL,
                        open         INTEGER NOT NULL DEFAULT 1
                    )""",
                    "CREATE INDEX signal_entries_open ON signal_entries (seq) WHERE open = 1",
                    """
                    CREATE TABLE grades (
                        entry_seq   INTEGER NOT NULL,
                        horizon     TEXT    NOT NULL,
                        due_at      INTEGER,
                        graded_at   INTEGER NOT NULL,
                        observed_at INTEGER,
                        price       REAL    NOT NULL,
                        return_per_dollar REAL NOT NULL,
                        hit         INTEGER NOT NULL,
                        pnl_usd     REAL,
                        PRIMARY KEY (entry_seq, horizon)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX grades_horizon ON grades (horizon, entry_seq)",
                    """
                    CREATE TABLE price_observations (
                        token       TEXT    NOT NULL,
                        observed_at INTEGER NOT NULL,
                        price       REAL    NOT NULL,
                        PRIMARY KEY (token, observed_at)
                    ) WITHOUT ROWID""",
                    "CREATE INDEX price_observations_time ON price_observations (observed_at)"),
            // v5: push delivery (see docs/delivery.md, Guarantees): each destination's cursor, and the signals a
            // destination refused for good (bounded, the oldest deleted first; the count is kept on the cursor row)
            List.of(
                    """
                    CREATE TABLE delivery_cursors (
                        destination   TEXT    PRIMARY KEY,
                        seq           INTEGER NOT NULL,
                        undeliverable INTEGER NOT NULL DEFAULT 0,
                        updated_at    INTEGER NOT NULL
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE undeliverable (
                        id          INTEGER PRIMARY KEY,
                        destination TEXT    NOT NULL,
                        seq         INTEGER NOT NULL,
                        signal_id   TEXT    NOT NULL,
                        reason      TEXT    NOT NULL,
                        at          INTEGER NOT NULL
                    )""",
                    "CREATE INDEX undeliverable_destination ON undeliverable (destination, seq)"),
            // v6: seq without AUTOINCREMENT (see docs/internals.md, The signal store): its sqlite_sequence row cost
            // every insert a page. The high-water mark moves to store_meta, whose page each commit writes anyway,
            // so a seq is still never reissued, even after every row was deleted. SQLite cannot drop AUTOINCREMENT
            // from a table, so the table is rebuilt with the same rows and indexes.
            List.of(
                    """
                    INSERT INTO store_meta (key, value) VALUES ('last_seq', max(
                        coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'signals'), 0),
                        coalesce((SELECT max(seq) FROM signals), 0)))""",
                    "ALTER TABLE signals RENAME TO signals_v5",
                    """
                    CREATE TABLE signals (
                        seq         INTEGER PRIMARY KEY,
                        id          TEXT    NOT NULL UNIQUE,
                        type        TEXT    NOT NULL,
                        signal_type TEXT    NOT NULL,
                        market_slug TEXT    NOT NULL,
                        confidence  REAL    NOT NULL,
                        risk_level  TEXT    NOT NULL,
                        details     TEXT    NOT NULL,
                        detected_at INTEGER NOT NULL,
                        source      TEXT    NOT NULL,
                        created_at  INTEGER NOT NULL
                    )""",
                    """
                    INSERT INTO signals (seq, id, type, signal_type, market_slug, confidence, risk_level, details,
                                         detected_at, source, created_at)
                    SELECT seq, id, type, signal_type, market_slug, confidence, risk_level, details, detected_at,
                           source, created_at FROM signals_v5 ORDER BY seq""",
                    "DROP TABLE signals_v5",
                    "CREATE INDEX signals_type_seq ON signals (type, seq)",
                    "CREATE INDEX signals_source_seq ON signals (source, seq)",
                    "CREATE INDEX signals_market_seq ON signals (market_slug, seq)"));

    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Applies every migration after {@code from}, each in its own transaction with its version bump. */
    static void migrate(Connection c, int from) throws SQLException {
        migrate(c, from, CURRENT_VERSION);
    }

    /** Applies the migrations from version {@code from} up to {@code to} (tests build older databases this way). */
    static void migrate(Connection c, int from, int to) throws SQLException {
        for (int v = from; v < to; v++) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version = " + (v + 1));
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            }
        }
    }
}
