package betterbot.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the database answers, as its thread last saw it: every read and every write transaction moves its
 * side to {@code ok} or {@code failing}. The idle check for other processes' writes is a read too, so a store
 * whose database breaks (a corrupt page, a vanished disk) shows it within a second even when nobody asks.
 *
 * @param writes the last write transaction's outcome
 * @param reads the last read's outcome
 */
public record StoreHealth(Side writes, Side reads) {
    public StoreHealth {
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(reads, "reads");
    }

    /**
     * One side of the store.
     *
     * @param ok whether the last operation succeeded (true before the first)
     * @param since when it last changed between ok and failing (the open, before any change)
     * @param error the failure's short reason, such as {@code SQLITE_FULL}, or null while ok; never a path or data
     */
    public record Side(boolean ok, Instant since, String error) {
        public Side {
            Objects.requireNonNull(since, "since");
        }
    }

    /** Both sides work. */
    public boolean ok() {
        return writes.ok() && reads.ok();
    }
}
