package betterbot.storage;

import betterbot.signals.StoredSignal;
import betterbot.signals.grading.GradeRecord;
import betterbot.storage.internal.SqliteSignalReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the signals of a database; what the {@code db} commands use next to a running service. A reader has no
 * write of its own: it never creates, migrates or changes the file. Safe for any number of threads: every call is
 * serialized on one thread that owns the database connection. {@link SignalStore} reads the same way.
 */
public interface SignalReader extends AutoCloseable {

    /**
     * Opens an existing database for reading only, next to the process that may be writing it.
     *
     * @throws StoreOpenException when the file does not exist, is not a SQLite database or has a schema version
     *                            other than this program's; the file is left untouched
     */
    static SignalReader open(StoreConfig config) {
        return SqliteSignalReader.open(config);
    }

    Optional<StoredSignal> get(String id);

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

    /** The grades of the signals and the graded outcomes of each horizon (see docs/grading.md). */
    GradeRecord gradeRecord();

    /**
     * Writes a consistent copy of the database (SQLite's {@code VACUUM INTO}) to {@code target}, which must not
     * exist, and flushes it to disk. Works while this or another process keeps writing: the copy is the
     * database as of one moment.
     *
     * @throws StoreException when {@code target} exists or cannot be written
     */
    void backupTo(Path target);

    /** Finishes queued work and closes the database. */
    @Override
    void close();
}
