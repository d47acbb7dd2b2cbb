package betterbot.storage;

import betterbot.signals.Signal;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import betterbot.signals.sources.SourceLedger;
import betterbot.storage.internal.SqliteSignalStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable store of signals. Safe for any number of threads, virtual or not: every call is serialized on
 * one thread that owns the database connection. A write returns once it is committed.
 */
public interface SignalStore extends AutoCloseable {

    /**
     * Opens (creating or migrating) the database, or with {@link StoreConfig#readOnly()} opens an existing one
     * for reading only.
     *
     * @throws StoreOpenException when the file cannot be opened, is not a SQLite database or has a schema
     *                            newer than this program (read-only: also when it does not exist or has an
     *                            older schema); the file is then left untouched
     */
    static SignalStore open(StoreConfig config) {
        return SqliteSignalStore.open(config);
    }

    /** Stores a signal; the same id twice never duplicates. Returns the stored row when it was new. */
    Optional<StoredSignal> store(Signal signal);

    /** Stores signals in one transaction; returns the rows that were new, in order. */
    List<StoredSignal> storeAll(List<Signal> signals);

    /**
     * The detectors' state kept in this database, for a pipeline: each commit stores a call's signals and its
     * state changes in one transaction, then hands the rows that were new (with their seq) to {@code stored}.
     * A commit that fails (a busy or broken database) stores neither and throws.
     */
    DetectionState detectionState(Consumer<List<StoredSignal>> stored);

    Optional<StoredSignal> get(String id);

    /** The newest signals, newest first. */
    List<StoredSignal> recent(int limit);

    List<StoredSignal> bySource(Source source, int limit);

    List<StoredSignal> byMarket(String marketSlug, int limit);

    SignalPage query(SignalQuery query);

    /** Signals held now. */
    long count();

    /** The greatest seq ever assigned, 0 for a new database. */
    long lastSeq();

    StoreStats stats();

    /**
     * Signals held now that were detected at or after {@code since}: one pass over the table, like
     * {@link #stats()} (there is no detected_at index; inserts are cheaper without it).
     */
    long countSince(Instant since);

    /** Counters and operation timings since open; never touches the database. */
    StoreMetrics metrics();

    /** The upstream sources' watermarks, seen fills and coverage gaps, kept in the same database. */
    SourceLedger sourceLedger();

    /** Removes every signal. For tests and explicit resets only. */
    void clear();

    /**
     * Writes a consistent copy of the database (SQLite's {@code VACUUM INTO}) to {@code target}, which must not
     * exist, and flushes it to disk. Works while this or another process keeps writing: the copy is the
     * database as of one moment.
     *
     * @throws StoreException when {@code target} exists or cannot be written
     */
    void backupTo(Path target);

    /** True while the store answers; false once closed or after its database failed. */
    boolean isUsable();

    /** Whether reads and writes currently succeed, and since when; never touches the database. */
    StoreHealth health();

    /** Finishes queued work, optimizes and closes the database. */
    @Override
    void close();
}
