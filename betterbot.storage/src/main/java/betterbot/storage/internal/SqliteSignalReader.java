package betterbot.storage.internal;

import betterbot.signals.StoredSignal;
import betterbot.signals.grading.GradeRecord;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalReader;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite implementation of {@link SignalReader}: a read-only connection next to the process that writes the
 * file. That process changes the figures at any time, so every one is read from the database when asked.
 */
public final class SqliteSignalReader implements SignalReader {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSignalReader.class);
    /** A reader keeps nothing in memory that another process's commit could make stale. */
    private static final DatabaseThread.Work<Void> NOTHING_WHEN_IDLE = c -> null;

    private final Path path;
    private final DatabaseThread db;
    private final StatementCache statements = new StatementCache();
    private final SignalQueries queries;
    private final SqliteGradeBook grades;

    private SqliteSignalReader(StoreConfig config, Connection connection) {
        this.path = config.path().toAbsolutePath();
        this.db = new DatabaseThread(connection, DatabaseThread.TransactionHook.NO_WRITES, NOTHING_WHEN_IDLE,
                this::shutdown, config.clock());
        this.queries = new SignalQueries(db, statements, config.path(), config.maxSignals());
        this.grades = new SqliteGradeBook(db, statements, config.gradeHorizons(), config.maxGradedSignals(),
                config.maxPriceObservations());
    }

    public static SqliteSignalReader open(StoreConfig config) {
        Path dir = config.path().toAbsolutePath().getParent();
        return open(config, dir != null && Files.isWritable(dir));
    }

    /**
     * @param mediaWritable whether files can be created next to the database. When they cannot (a read-only
     *                      file system, a directory of another user) and there is no {@code -wal} file, no
     *                      process has the database open for writing (a WAL writer keeps that file while it
     *                      is connected), so it is opened immutable: without the {@code -shm} file that WAL
     *                      mode otherwise creates, and that such media could not hold anyway.
     */
    static SqliteSignalReader open(StoreConfig config, boolean mediaWritable) {
        Path path = config.path().toAbsolutePath();
        boolean immutable = !mediaWritable && !Files.exists(Path.of(path + "-wal"));
        SqliteSignalReader reader = StoreFile.open(path, config.busyTimeout(), new StoreFile.ReadOnly(immutable),
                c -> new SqliteSignalReader(config, c));
        LOG.info("signal store {} open read-only{}: schema v{}, {} signals", path,
                immutable ? " (immutable: read-only media, no writer)" : "", Schema.CURRENT_VERSION, reader.count());
        return reader;
    }

    @Override
    public GradeRecord gradeRecord() {
        return grades;
    }

    @Override
    public Optional<StoredSignal> get(String id) {
        return queries.get(id);
    }

    @Override
    public SignalPage query(SignalQuery q) {
        return queries.query(q);
    }

    @Override
    public long count() {
        return db.read(c -> StoreCounters.queryLong(c, "SELECT count(*) FROM signals"));
    }

    @Override
    public long lastSeq() {
        return db.read(StoreCounters::readLastSeq);
    }

    /** Every figure is read in one transaction, so that they describe one moment of the writer's work. */
    @Override
    public StoreStats stats() {
        return db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN");
                try {
                    long rows = StoreCounters.queryLong(c, "SELECT count(*) FROM signals");
                    return queries.stats(c, rows, StoreCounters.readTotalEverStored(c));
                } finally {
                    s.execute("COMMIT");
                }
            }
        });
    }

    @Override
    public long countSince(Instant since) {
        return queries.countSince(since);
    }

    @Override
    public void backupTo(Path target) {
        StoreBackup.backUp(db, target);
    }

    @Override
    public void close() {
        db.stop();
    }

    /** Closes only: optimizing and checkpointing are for the process that owns the file. */
    private Void shutdown(Connection c) throws SQLException {
        try {
            statements.closeAll();
        } finally {
            c.close();
        }
        LOG.info("signal store {} closed", path);
        return null;
    }
}
