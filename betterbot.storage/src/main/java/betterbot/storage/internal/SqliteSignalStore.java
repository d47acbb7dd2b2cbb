package betterbot.storage.internal;

import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import betterbot.signals.sources.SourceLedger;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreException;
import betterbot.storage.StoreHealth;
import betterbot.storage.StoreMetrics;
import betterbot.storage.StoreOpenException;
import betterbot.storage.StoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/** The SQLite implementation of {@link SignalStore}. All state below is touched only on the database thread. */
public final class SqliteSignalStore implements SignalStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSignalStore.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String COLUMNS =
            "seq, id, type, signal_type, market_slug, confidence, risk_level, details, detected_at, source";
    private static final String INSERT_HEAD = "INSERT INTO signals (id, type, signal_type, market_slug, confidence,"
            + " risk_level, details, detected_at, source, created_at) VALUES ";
    private static final String INSERT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (id) DO NOTHING RETURNING seq, id";
    /** Rows per multi-row INSERT: 32 × 10 parameters stays far below SQLite's 32,766 limit. */
    private static final int INSERT_CHUNK = 32;
    /** Pragmas set on every open, each explicitly (sqlite-jdbc's defaults differ from what a server wants). */
    static final List<String> PRAGMAS = List.of(
            "PRAGMA synchronous = NORMAL", // durable across process crashes in WAL mode
            "PRAGMA temp_store = MEMORY",
            "PRAGMA journal_size_limit = 67108864",
            "PRAGMA wal_autocheckpoint = 4000",
            "PRAGMA cache_size = -4096",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON");
    /** What a read-only connection sets: nothing that writes to the file. */
    private static final List<String> READ_ONLY_PRAGMAS = List.of(
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -8192",
            "PRAGMA busy_timeout = 5000");

    private final StoreConfig config;
    private final DatabaseThread db;
    private final StatementCache statements = new StatementCache();
    private final AtomicLong unreadableRows = new AtomicLong();
    /** New rows by type since open; counted after their commit, so a rolled-back insert never shows. */
    private final Map<String, LongAdder> storedByType = new ConcurrentHashMap<>();
    private final SqliteSourceLedger ledger;

    private volatile long rowCount;
    private volatile long lastSeq;
    private volatile long totalEverStored;
    /** SQLite's data_version as last seen: it changes only when another connection commits. */
    private long dataVersion;
    // Changes made inside the open write transaction, applied after its commit.
    private long pendingDelta;
    private long pendingInserted;
    private long pendingLastSeq;
    private final Map<String, Long> pendingByType = new HashMap<>();
    private static final long STATE_SWEEP_MILLIS = 60_000;
    /** Data time of the last sweep of expired detection state; touched only on the database thread. */
    private long lastStateSweep = Long.MIN_VALUE;

    private SqliteSignalStore(StoreConfig config, Connection connection) throws SQLException {
        this.config = config;
        if (!config.readOnly()) { // a reader never writes; the serving process ends its own gaps
            SqliteSourceLedger.closeGapsLeftOpen(connection, config.clock().instant());
        }
        readCounters(connection);
        this.db = new DatabaseThread(connection, new Retention(), this::noticeOtherWriters, this::shutdown,
                config.clock());
        this.ledger = new SqliteSourceLedger(db, statements);
    }

    public static SqliteSignalStore open(StoreConfig config) {
        if (config.readOnly()) {
            return openReadOnly(config);
        }
        Path path = config.path().toAbsolutePath();
        checkPath(path);
        Connection connection = null;
        try {
            connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + path, new Properties());
            if (connection == null) {
                throw new StoreOpenException("DB_PATH " + path + ": sqlite-jdbc refused the path");
            }
            int version = readVersion(connection, path);
            if (version > Schema.CURRENT_VERSION) {
                throw new StoreOpenException("DB_PATH " + path + ": schema version " + version
                        + " is newer than this program supports (" + Schema.CURRENT_VERSION
                        + "); upgrade BetterBot or point DB_PATH at another file. The file was not changed.");
            }
            configure(connection, path);
            setBusyTimeout(connection, config);
            Schema.migrate(connection, version);
            applyRetention(connection, config.maxSignals(), path);
            SqliteSignalStore store = new SqliteSignalStore(config, connection);
            LOG.info("signal store {} open: schema v{}, {} signals, retention {}", path, Schema.CURRENT_VERSION,
                    store.rowCount, config.maxSignals());
            return store;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreOpenException("DB_PATH " + path + ": cannot open the database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Opens an existing database next to the process that writes it (WAL lets readers run alongside the
     * writer). Nothing here writes: no journal mode switch, no migration, no optimize or checkpoint at close.
     */
    private static SqliteSignalStore openReadOnly(StoreConfig config) {
        Path dir = config.path().toAbsolutePath().getParent();
        return openReadOnly(config, dir != null && Files.isWritable(dir));
    }

    /**
     * @param mediaWritable whether files can be created next to the database. When they cannot (a read-only
     *                      file system, a directory of another user) and there is no {@code -wal} file, no
     *                      process has the database open for writing (a WAL writer keeps that file while it
     *                      is connected), so it is opened immutable: without the {@code -shm} file that WAL
     *                      mode otherwise creates, and that such media could not hold anyway.
     */
    static SqliteSignalStore openReadOnly(StoreConfig config, boolean mediaWritable) {
        Path path = config.path().toAbsolutePath();
        if (!Files.exists(path)) {
            throw new StoreOpenException("DB_PATH " + path + " does not exist; point DB_PATH at the service's database");
        }
        if (Files.isDirectory(path)) {
            throw new StoreOpenException("DB_PATH " + path + " is a directory; it must name a database file");
        }
        if (!Files.isReadable(path)) {
            throw new StoreOpenException("DB_PATH " + path + " is not readable by this user");
        }
        checkHeader(path, true);
        Connection connection = null;
        try {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setReadOnly(true);
            boolean immutable = !mediaWritable && !Files.exists(Path.of(path + "-wal"));
            String url = immutable ? "jdbc:sqlite:" + path.toUri() + "?immutable=1" : "jdbc:sqlite:" + path;
            connection = new org.sqlite.JDBC().connect(url, sqlite.toProperties());
            if (connection == null) {
                throw new StoreOpenException("DB_PATH " + path + ": sqlite-jdbc refused the path");
            }
            int version = readVersion(connection, path);
            if (version == 0) {
                throw new StoreOpenException("DB_PATH " + path + " holds no BetterBot signals (no schema)");
            }
            if (version != Schema.CURRENT_VERSION) {
                throw new StoreOpenException("DB_PATH " + path + ": schema version " + version + " differs from this"
                        + " program's (" + Schema.CURRENT_VERSION + "); use the BetterBot version that runs on it,"
                        + " or start the service once to migrate an older file");
            }
            try (Statement s = connection.createStatement()) {
                for (String pragma : READ_ONLY_PRAGMAS) {
                    s.execute(pragma);
                }
                s.execute("PRAGMA busy_timeout = " + config.busyTimeout().toMillis());
            }
            SqliteSignalStore store = new SqliteSignalStore(config, connection);
            LOG.info("signal store {} open read-only{}: schema v{}, {} signals", path,
                    immutable ? " (immutable: read-only media, no writer)" : "", version, store.rowCount);
            return store;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreOpenException("DB_PATH " + path + ": cannot open the database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Refuses what SQLite would fail on later, or silently turn into a new database, before touching it. */
    private static void checkPath(Path path) {
        if (Files.isDirectory(path)) {
            throw new StoreOpenException("DB_PATH " + path + " is a directory; it must name a database file");
        }
        if (!Files.exists(path)) {
            Path parent = path.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new StoreOpenException("DB_PATH " + path + ": directory " + parent + " does not exist");
            }
            if (!Files.isWritable(parent)) {
                throw new StoreOpenException("DB_PATH " + path + ": directory " + parent + " is not writable");
            }
            return;
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new StoreOpenException("DB_PATH " + path + " is not readable and writable by this user");
        }
        checkHeader(path, false);
    }

    /** An empty file becomes a new database when writing; reading needs the SQLite header. */
    private static void checkHeader(Path path, boolean readOnly) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if ((header.length > 0 || readOnly) && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new StoreOpenException("DB_PATH " + path
                        + " is not a SQLite database; refusing to use it (the file was not changed)");
            }
        } catch (IOException e) {
            throw new StoreOpenException("DB_PATH " + path + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Holds a lowered {@code MAX_SIGNALS} at once rather than at the next write: the oldest signals beyond it
     * are deleted before the store serves anything.
     */
    private static void applyRetention(Connection connection, int maxSignals, Path path) throws SQLException {
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

    private static int readVersion(Connection connection, Path path) throws SQLException {
        try {
            return Schema.version(connection);
        } catch (SQLException e) {
            throw new StoreOpenException("DB_PATH " + path + " is not a usable SQLite database: " + e.getMessage(), e);
        }
    }

    private static void configure(Connection connection, Path path) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "?";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreOpenException("DB_PATH " + path + ": cannot switch to WAL journaling (got "
                            + mode + "); is the file on a network file system?");
                }
            }
            for (String pragma : PRAGMAS) {
                s.execute(pragma);
            }
        }
    }

    /** The configured lock wait replaces the default of {@link #PRAGMAS}. */
    private static void setBusyTimeout(Connection connection, StoreConfig config) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + config.busyTimeout().toMillis());
        }
    }

    // ---- writes

    @Override
    public Optional<StoredSignal> store(Signal signal) {
        requireWritable();
        List<StoredSignal> row = List.of(StoredSignal.of(0, signal));
        List<StoredSignal> added = db.write(c -> insert(c, row));
        return added.isEmpty() ? Optional.empty() : Optional.of(added.get(0));
    }

    @Override
    public List<StoredSignal> storeAll(List<Signal> signals) {
        requireWritable();
        // Encoded on the caller's thread, so the database thread only runs SQLite.
        List<StoredSignal> rows = signals.stream().map(s -> StoredSignal.of(0, s)).toList();
        return db.write(c -> insertAll(c, rows));
    }

    private List<StoredSignal> insertAll(Connection c, List<StoredSignal> rows) throws SQLException {
        List<StoredSignal> added = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += INSERT_CHUNK) {
            added.addAll(insert(c, rows.subList(from, Math.min(rows.size(), from + INSERT_CHUNK))));
        }
        return added;
    }

    @Override
    public DetectionState detectionState(Consumer<List<StoredSignal>> stored) {
        requireWritable();
        return new SqliteDetectionState(this, stored);
    }

    /** Signals and the detector state changes that go with them, in one transaction; returns the new rows. */
    List<StoredSignal> storeWithState(List<Signal> signals, DetectionState.Changes changes) {
        requireWritable();
        List<StoredSignal> rows = signals.stream().map(s -> StoredSignal.of(0, s)).toList();
        return db.write(c -> {
            List<StoredSignal> added = insertAll(c, rows);
            if (!changes.deletes().isEmpty()) {
                PreparedStatement delete = statement(c, "DELETE FROM detection_state WHERE kind = ? AND key = ?");
                for (DetectionState.Key k : changes.deletes()) {
                    delete.setString(1, k.kind());
                    delete.setString(2, k.key());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            if (!changes.upserts().isEmpty()) {
                PreparedStatement upsert = statement(c, "INSERT INTO detection_state (kind, key, value, expires_ms)"
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
                PreparedStatement forget = statement(c, "DELETE FROM detection_state WHERE expires_ms < ?");
                forget.setLong(1, now);
                forget.executeUpdate();
                lastStateSweep = now;
            }
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

    /**
     * Inserts up to {@link #INSERT_CHUNK} rows with one multi-row statement inside the open transaction and
     * returns the new ones, in order, with their seq. One statement per chunk instead of per row saves
     * most of the per-statement cost that made batches slower than the sqlite3 shell. Ids already stored (and
     * repeats within the chunk) are left out before the insert: with AUTOINCREMENT, SQLite advances the
     * sequence even for a row that {@code ON CONFLICT DO NOTHING} then drops, and seqs must not move for
     * signals that were not stored.
     */
    private List<StoredSignal> insert(Connection c, List<StoredSignal> chunk) throws SQLException {
        List<StoredSignal> rows = notYetStored(c, chunk);
        if (rows.isEmpty()) {
            return List.of();
        }
        PreparedStatement ps = statement(c, insertSql(rows.size()));
        long now = config.clock().millis();
        int p = 1;
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
        Map<String, Long> seqById = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                seqById.put(rs.getString(2), rs.getLong(1));
            }
        }
        List<StoredSignal> added = new ArrayList<>(seqById.size());
        for (StoredSignal row : rows) {
            Long seq = seqById.remove(row.id());
            if (seq != null) {
                added.add(row.withSeq(seq));
                pendingLastSeq = Math.max(pendingLastSeq, seq);
                pendingByType.merge(row.type(), 1L, Long::sum);
            }
        }
        pendingDelta += added.size();
        pendingInserted += added.size();
        return added;
    }

    /** The rows of a chunk whose id is not stored yet, each id once, in order. */
    private List<StoredSignal> notYetStored(Connection c, List<StoredSignal> chunk) throws SQLException {
        Map<String, StoredSignal> byId = new LinkedHashMap<>();
        for (StoredSignal row : chunk) {
            byId.putIfAbsent(row.id(), row);
        }
        PreparedStatement ps = statement(c, "SELECT id FROM signals WHERE id IN ("
                + String.join(", ", java.util.Collections.nCopies(byId.size(), "?")) + ")");
        int p = 1;
        for (String id : byId.keySet()) {
            ps.setString(p++, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byId.remove(rs.getString(1));
            }
        }
        return List.copyOf(byId.values());
    }

    private static String insertSql(int rows) {
        return INSERT_HEAD + String.join(", ", java.util.Collections.nCopies(rows, INSERT_VALUES)) + INSERT_TAIL;
    }

    @Override
    public void clear() {
        requireWritable();
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                pendingDelta -= s.executeUpdate("DELETE FROM signals");
            }
            return null;
        });
    }

    private void requireWritable() {
        if (config.readOnly()) {
            throw new StoreException("the signal store is open read-only");
        }
    }

    /**
     * Another process (a {@code replay}, the {@code sqlite3} shell) may write to the same database. The counters
     * this store keeps in memory are then re-read, so counts, retention and cursors stay true. Runs on the
     * database thread when it is idle and before every write transaction begins.
     */
    private Void noticeOtherWriters(Connection c) throws SQLException {
        if (queryLong(c, "PRAGMA data_version") != dataVersion) {
            readCounters(c);
        }
        return null;
    }

    /** Reads the counters kept in memory from the database (outside any write transaction). */
    private void readCounters(Connection c) throws SQLException {
        dataVersion = queryLong(c, "PRAGMA data_version");
        rowCount = queryLong(c, "SELECT count(*) FROM signals");
        lastSeq = Math.max(lastSeq,
                queryLong(c, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'signals'"));
        totalEverStored = queryLong(c, "SELECT value FROM store_meta WHERE key = 'total_ever_stored'");
        pendingLastSeq = Math.max(pendingLastSeq, lastSeq);
    }

    /** Keeps the newest {@code maxSignals} at every commit, deleting from the old end of the seq index. */
    private final class Retention implements DatabaseThread.TransactionHook {
        @Override
        public void beforeBegin(Connection c) throws SQLException {
            noticeOtherWriters(c);
        }

        @Override
        public void beforeCommit(Connection c) throws SQLException {
            long excess = rowCount + pendingDelta - config.maxSignals();
            if (excess > 0) {
                PreparedStatement ps = statement(c,
                        "DELETE FROM signals WHERE seq < (SELECT seq FROM signals ORDER BY seq LIMIT 1 OFFSET ?)");
                ps.setLong(1, excess);
                pendingDelta -= ps.executeUpdate();
            }
            if (pendingInserted > 0) {
                PreparedStatement ps = statement(c,
                        "UPDATE store_meta SET value = value + ? WHERE key = 'total_ever_stored'");
                ps.setLong(1, pendingInserted);
                ps.executeUpdate();
            }
        }

        @Override
        public void afterCommit() {
            rowCount += pendingDelta;
            totalEverStored += pendingInserted;
            lastSeq = pendingLastSeq;
            pendingByType.forEach((type, n) -> storedByType.computeIfAbsent(type, t -> new LongAdder()).add(n));
            afterRollback();
        }

        @Override
        public void afterRollback() {
            pendingDelta = 0;
            pendingInserted = 0;
            pendingLastSeq = lastSeq;
            pendingByType.clear();
        }
    }

    // ---- reads

    @Override
    public Optional<StoredSignal> get(String id) {
        return db.read(c -> {
            PreparedStatement ps = statement(c, "SELECT " + COLUMNS + " FROM signals WHERE id = ?");
            ps.setString(1, id);
            List<StoredSignal> rows = readRows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
    }

    @Override
    public List<StoredSignal> recent(int limit) {
        return query(SignalQuery.newest(limit)).signals();
    }

    @Override
    public List<StoredSignal> bySource(Source source, int limit) {
        return query(SignalQuery.newest(limit).withSource(source)).signals();
    }

    @Override
    public List<StoredSignal> byMarket(String marketSlug, int limit) {
        return query(SignalQuery.newest(limit).withMarket(marketSlug)).signals();
    }

    @Override
    public SignalPage query(SignalQuery q) {
        QuerySql sql = QuerySql.of(q);
        return db.read(c -> {
            PreparedStatement ps = sql.bind(statement(c, sql.text()));
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

    private List<StoredSignal> readRows(PreparedStatement ps) throws SQLException {
        return readRows(ps, new long[1], new int[1]);
    }

    private List<StoredSignal> readRows(PreparedStatement ps, long[] lastSeen, int[] fetched) throws SQLException {
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
        String id = rs.getString(2);
        String type = rs.getString(3);
        try {
            if (!SignalType.isKnown(type)) {
                throw new IllegalArgumentException("unknown signal type '" + type + "'");
            }
            return new StoredSignal(seq, id, type, rs.getString(4), rs.getString(5), rs.getDouble(6),
                    RiskLevel.fromWire(rs.getString(7)), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                    Source.fromWire(rs.getString(10)));
        } catch (IllegalArgumentException e) {
            long n = unreadableRows.incrementAndGet();
            if (n <= 10 || Long.bitCount(n) == 1) { // report the first few, then ever more rarely
                LOG.warn("skipping stored signal {} (seq {}): {} ({} unreadable rows so far)", id, seq,
                        e.getMessage(), n);
            }
            return null;
        }
    }

    @Override
    public long count() {
        if (config.readOnly()) { // another process writes: the figure read at open would go stale
            return db.read(c -> queryLong(c, "SELECT count(*) FROM signals"));
        }
        return rowCount;
    }

    @Override
    public long lastSeq() {
        if (config.readOnly()) {
            return db.read(SqliteSignalStore::readLastSeq);
        }
        return lastSeq;
    }

    @Override
    public StoreStats stats() {
        if (config.readOnly()) {
            // Another process writes: read every figure in one transaction so that they describe one moment.
            return db.read(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN");
                    try {
                        readCounters(c);
                        return readStats(c);
                    } finally {
                        s.execute("COMMIT");
                    }
                }
            });
        }
        return db.read(this::readStats);
    }

    private StoreStats readStats(Connection c) throws SQLException {
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
            Path path = config.path();
            return new StoreStats(rowCount, totalEverStored, bySource, byType, average, high, oldest, newest,
                    sizeOf(path), sizeOf(Path.of(path + "-wal")), config.maxSignals(), unreadableRows.get());
        }
    }

    @Override
    public long countSince(Instant since) {
        return db.read(c -> {
            PreparedStatement ps = statement(c, "SELECT count(*) FROM signals WHERE detected_at >= ?");
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public StoreMetrics metrics() {
        Map<String, Long> byType = new HashMap<>();
        storedByType.forEach((type, n) -> byType.put(type, n.sum()));
        return new StoreMetrics(byType, Map.of("read", db.readLatency().snapshot(),
                "write", db.writeLatency().snapshot()), db.writeFailures(), db.busyWriteFailures());
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

    @Override
    public void backupTo(Path target) {
        Path file = target.toAbsolutePath();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(file + " already exists; a backup never overwrites a file");
        }
        // VACUUM INTO reads one snapshot (WAL included) and writes a compact copy; it cannot run inside a
        // transaction, which a read task never opens.
        db.readNotCountingHealth(c -> {
            try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, file.toString());
                ps.execute();
            }
            return null;
        });
        // SQLite does not sync the copy it writes; a backup that a power cut can lose is no backup.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot flush the backup " + file + " to disk: " + e.getMessage(), e);
        }
    }

    @Override
    public SourceLedger sourceLedger() {
        return ledger;
    }

    @Override
    public boolean isUsable() {
        return db.isUsable();
    }

    @Override
    public StoreHealth health() {
        return db.health();
    }

    @Override
    public void close() {
        db.stop();
    }

    private Void shutdown(Connection c) throws SQLException {
        try {
            statements.closeAll(); // the ledger's too: they share the cache
            if (!config.readOnly()) { // both write; a reader leaves that to the process that owns the file
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA optimize");
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        } finally {
            c.close();
        }
        LOG.info("signal store {} closed", config.path());
        return null;
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        return statements.get(c, sql);
    }

    private static long readLastSeq(Connection c) throws SQLException {
        return queryLong(c, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'signals'");
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the original error is what the user needs
            }
        }
    }
}
