package betterbot.storage.internal;

import betterbot.signals.Signal;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import betterbot.signals.delivery.Outbox;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.GradeRecord;
import betterbot.signals.sources.SourceLedger;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreHealth;
import betterbot.storage.StoreMetrics;
import betterbot.storage.StoreStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite implementation of {@link SignalStore}, the serving process's: it opens the file for writing and
 * hands each call to the part that answers it, all serialized on its one connection (DatabaseThread).
 */
public final class SqliteSignalStore implements SignalStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSignalStore.class);

    private final Path path;
    private final DatabaseThread db;
    private final StatementCache statements = new StatementCache();
    private final StoreCounters counters;
    private final SignalWriter writer;
    private final SignalQueries queries;
    private final SqliteSourceLedger ledger;
    private final SqliteGradeBook grades;
    private final SqliteOutbox outbox;

    private final Checkpointer checkpointer;

    private SqliteSignalStore(StoreConfig config, Connection connection) throws SQLException {
        this.path = config.path().toAbsolutePath();
        SqliteSourceLedger.closeGapsLeftOpen(connection, config.clock().instant());
        this.counters = new StoreCounters();
        counters.read(connection);
        this.db = new DatabaseThread(connection, new Retention(config.maxSignals(), counters, statements),
                c -> counters.noticeOtherWriters(statements.get(c, StoreCounters.DATA_VERSION)), this::shutdown,
                config.clock());
        this.grades = new SqliteGradeBook(db, statements, config.gradeHorizons(), config.maxGradedSignals(),
                config.maxPriceObservations());
        this.writer = new SignalWriter(db, statements, counters, config.clock(), grades);
        this.queries = new SignalQueries(db, statements, config.path(), config.maxSignals());
        this.ledger = new SqliteSourceLedger(db, statements);
        this.checkpointer = new Checkpointer(config.path());
        this.outbox = new SqliteOutbox(db, statements, q -> queries.query(q).signals(), counters::lastSeq,
                config.clock());
    }

    public static SqliteSignalStore open(StoreConfig config) {
        Path path = config.path().toAbsolutePath();
        SqliteSignalStore store = StoreFile.open(path, config.busyTimeout(),
                new StoreFile.ReadWrite(config.maxSignals()), c -> new SqliteSignalStore(config, c));
        LOG.info("signal store {} open: schema v{}, {} signals, retention {}", path, Schema.CURRENT_VERSION,
                store.count(), config.maxSignals());
        return store;
    }

    @Override
    public Optional<StoredSignal> store(Signal signal) {
        List<StoredSignal> added = writer.storeAll(List.of(signal));
        return added.isEmpty() ? Optional.empty() : Optional.of(added.get(0));
    }

    @Override
    public List<StoredSignal> storeAll(List<Signal> signals) {
        return writer.storeAll(signals);
    }

    @Override
    public DetectionState detectionState(Consumer<List<StoredSignal>> stored) {
        return new SqliteDetectionState(writer, stored);
    }

    @Override
    public Optional<StoredSignal> get(String id) {
        return queries.get(id);
    }

    @Override
    public SignalPage query(SignalQuery q) {
        return queries.query(q);
    }

    /** The plan SQLite chooses for a query, so tests can check that no query sorts the table. */
    List<String> explain(SignalQuery q) {
        return queries.explain(q);
    }

    @Override
    public long count() {
        return counters.rowCount();
    }

    @Override
    public long lastSeq() {
        return counters.lastSeq();
    }

    @Override
    public StoreStats stats() {
        return db.read(c -> queries.stats(c, counters.rowCount(), counters.totalEverStored()));
    }

    @Override
    public long countSince(Instant since) {
        return queries.countSince(since);
    }

    @Override
    public StoreMetrics metrics() {
        return new StoreMetrics(counters.storedByType(), Map.of("read", db.readLatency().snapshot(),
                "write", db.writeLatency().snapshot()), db.writeFailures(), db.busyWriteFailures());
    }

    @Override
    public void backupTo(Path target) {
        StoreBackup.backUp(db, target);
    }

    @Override
    public GradeBook gradeBook() {
        return grades;
    }

    @Override
    public GradeRecord gradeRecord() {
        return grades;
    }

    @Override
    public Outbox outbox() {
        return outbox;
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

    /** Calls that ran on their platform caller's thread instead of the database thread (benchmarks, tests). */
    long callsOnCallersThread() {
        return db.inlineCalls();
    }

    @Override
    public void close() {
        checkpointer.close(); // first: the last checkpoint, TRUNCATE, is the writer's
        db.stop();
    }

    /** Leaves the file compact and without a {@code -wal} for the next open. */
    private Void shutdown(Connection c) throws SQLException {
        try {
            statements.closeAll(); // the ledger's too: they share the cache
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA optimize");
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } finally {
            c.close();
        }
        LOG.info("signal store {} closed", path);
        return null;
    }
}
