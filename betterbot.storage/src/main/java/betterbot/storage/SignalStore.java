package betterbot.storage;

import betterbot.signals.Signal;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import betterbot.signals.delivery.Outbox;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.sources.SourceLedger;
import betterbot.storage.internal.SqliteSignalStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable store of signals, for the process that serves them (the only one that writes). Safe for any number of
 * threads, virtual or not: every call is serialized on one thread that owns the database connection. A write
 * returns once it is committed. {@link SignalReader} opens the same file for reading only.
 */
public interface SignalStore extends SignalReader {

    /**
     * Opens (creating or migrating) the database and holds its retention.
     *
     * @throws StoreOpenException when the file cannot be opened, is not a SQLite database or has a schema
     *                            newer than this program; the file is then left untouched
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

    /** Counters and operation timings since open; never touches the database. */
    StoreMetrics metrics();

    /**
     * What the grading loop reads and writes: the entries of the stored gradable signals (created with them), the
     * price observations kept for grading and the grades made (see docs/grading.md).
     */
    GradeBook gradeBook();

    /** The upstream sources' watermarks, seen fills and coverage gaps, kept in the same database. */
    SourceLedger sourceLedger();

    /** The delivery outbox: the stored signals by seq and each destination's cursor (see docs/delivery.md). */
    Outbox outbox();

    /** True while the store answers; false once closed or after its database failed. */
    boolean isUsable();

    /** Whether reads and writes currently succeed, and since when; never touches the database. */
    StoreHealth health();

    /** Finishes queued work, optimizes and closes the database. */
    @Override
    void close();
}
