package betterbot.signals.detection;

import betterbot.signals.Signal;
import java.util.List;
import java.util.Objects;

/**
 * What the detectors must remember across restarts (cooldowns, ongoing situations with the hour they started,
 * the trades of clusters still forming), and the one place a pipeline stores what it found. The signals of a
 * pipeline call and the state changes they go with are committed together, so state never says "already
 * signalled" about a signal that was not stored. The service keeps it in its SQLite database; {@link
 * InMemoryDetectionState} forgets on exit.
 */
public interface DetectionState {
    /**
     * One remembered item of one detector's state.
     *
     * @param kind whose state it is, e.g. {@code whale_trade/0}
     * @param value the item, encoded by its owner
     * @param expiresAtMillis when it no longer matters (data time): it may be forgotten after that
     */
    record Entry(String kind, String key, String value, long expiresAtMillis) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** An item a detector forgot. */
    record Key(String kind, String key) {
    }

    /**
     * What one pipeline call changed.
     *
     * @param forgetBeforeMillis entries expiring before this (data time) may be dropped
     */
    record Changes(List<Entry> upserts, List<Key> deletes, long forgetBeforeMillis) {
        public Changes {
            upserts = List.copyOf(upserts);
            deletes = List.copyOf(deletes);
        }

        public boolean isEmpty() {
            return upserts.isEmpty() && deletes.isEmpty();
        }
    }

    /** Everything remembered, read once when a pipeline is created. */
    List<Entry> load();

    /**
     * Stores the signals of one pipeline call and the state changes that go with them: both, or (by throwing)
     * neither. Only after it returns does the pipeline treat the signals as delivered.
     */
    void commit(List<Signal> signals, Changes changes);
}
